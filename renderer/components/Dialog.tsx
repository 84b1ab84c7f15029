// A modal dialog on the native <dialog> (showModal makes the rest of the window inert
// and gives Esc for free). On top of that: Tab cycles inside it instead of escaping to
// the browser's own UI, the first field (or the first button) gets focus, and focus
// goes back where it was when the dialog closes. Mounted only while open, so every
// opening starts from a clean state.
import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { Icon } from './Icon'
import './dialog.css'

interface Props {
  title: string
  onClose: () => void
  children?: ReactNode
  /** A sentence under the title, read out as the dialog's description. */
  description?: ReactNode
  /** Buttons at the bottom; a form dialog puts its submit button here. */
  footer?: ReactNode
  /** Makes the dialog a form: Enter in a field submits. */
  onSubmit?: () => void
  /** A click outside closes it (for dialogs with nothing to lose, like help). */
  lightDismiss?: boolean
  /** Where focus goes on close when the element that had it is gone. */
  fallbackFocus?: () => HTMLElement | null
  className?: string
  role?: 'dialog' | 'alertdialog'
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && (el.offsetParent !== null || el === document.activeElement))
}

export function Dialog({ title, onClose, children, description, footer, onSubmit, lightDismiss, fallbackFocus, className, role = 'dialog' }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const latestFallback = useRef(fallbackFocus)
  latestFallback.current = fallbackFocus
  // Kept in a ref: React's development double-run of effects must not take an element
  // inside the dialog for the one to return to.
  const opener = useRef<HTMLElement | null | undefined>(undefined)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (opener.current === undefined) {
      const active = document.activeElement
      opener.current = active instanceof HTMLElement && !dialog.contains(active) ? active : null
    }
    if (!dialog.open) dialog.showModal()
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('.dialog-body input:not([type=hidden]):not([disabled]), .dialog-body select, .dialog-body textarea') ??
      dialog.querySelector<HTMLElement>('.dialog-footer button:not([disabled])') ??
      dialog.querySelector<HTMLElement>('button')
    first?.focus()
    return () => {
      // Focus returns to what had it, or to a sensible neighbour when that is gone
      // (the feed row of a feed that was just unsubscribed, say).
      const previous = opener.current
      const target = previous?.isConnected ? previous : (latestFallback.current?.() ?? null)
      // After React has removed the dialog: focusing while it is still modal would be refused.
      queueMicrotask(() => target?.focus())
    }
  }, [])

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return
    const items = focusables(ref.current)
    if (items.length === 0) return
    const first = items[0]!
    const last = items[items.length - 1]!
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit?.()
  }

  const content = (
    <>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="tool-button dialog-close" onClick={onClose}>
          <Icon name="close" />
          <span className="visually-hidden">Close</span>
        </button>
      </header>
      {description ? (
        <div id={descriptionId} className="dialog-description">
          {description}
        </div>
      ) : null}
      {children ? <div className="dialog-body">{children}</div> : null}
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </>
  )

  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      aria-modal="true"
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Esc: the owner decides (it unmounts us), so the element never closes behind React's back.
        e.preventDefault()
        onClose()
      }}
      onClick={(e) => {
        if (lightDismiss && e.target === e.currentTarget) onClose()
      }}
    >
      {onSubmit ? (
        <form className="dialog-form" onSubmit={submit} noValidate>
          {content}
        </form>
      ) : (
        <div className="dialog-form">{content}</div>
      )}
    </dialog>
  )
}

/** A question with two answers. The safe answer has focus; the other says what it does. */
export function ConfirmDialog(props: {
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  error?: string | null
  onConfirm: () => void
  onClose: () => void
  fallbackFocus?: () => HTMLElement | null
}) {
  return (
    <Dialog
      title={props.title}
      role="alertdialog"
      description={props.children}
      onClose={props.onClose}
      fallbackFocus={props.fallbackFocus}
      className="dialog-narrow"
      footer={
        <>
          {props.error ? (
            <p className="dialog-error" role="alert">
              {props.error}
            </p>
          ) : null}
          <button type="button" className="button" onClick={props.onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
            onClick={props.onConfirm}
            disabled={props.busy}
          >
            {props.confirmLabel}
          </button>
        </>
      }
    />
  )
}

/** One text field: a name for a new folder, a new title for a feed. */
export function PromptDialog(props: {
  title: string
  label: string
  initial?: string
  submitLabel: string
  busy?: boolean
  error?: string | null
  description?: ReactNode
  onSubmit: (value: string) => void
  onClose: () => void
  fallbackFocus?: () => HTMLElement | null
}) {
  const input = useRef<HTMLInputElement>(null)
  const fieldId = useId()
  const errorId = useId()
  useEffect(() => {
    input.current?.select()
  }, [])
  const submit = () => {
    const value = input.current?.value.trim() ?? ''
    if (value) props.onSubmit(value)
    else input.current?.focus()
  }
  return (
    <Dialog
      title={props.title}
      description={props.description}
      onClose={props.onClose}
      onSubmit={submit}
      fallbackFocus={props.fallbackFocus}
      className="dialog-narrow"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={props.busy}>
            {props.submitLabel}
          </button>
        </>
      }
    >
      <label className="field-label" htmlFor={fieldId}>
        {props.label}
      </label>
      <input
        ref={input}
        id={fieldId}
        className="text-field"
        type="text"
        defaultValue={props.initial ?? ''}
        maxLength={200}
        required
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error ? (
        <p id={errorId} className="dialog-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </Dialog>
  )
}
