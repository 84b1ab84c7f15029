// The "Leave a reply" form, for a comment or a reply: comment and name, checked as
// the user posts (the same two messages a news site's form gives), and the core's own
// message when it refuses. The name comes prefilled with the one used last.
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState, type FormEvent } from 'react'
import type { Comment } from '../../../common/model'
import { useSettings } from '../../api/queries'
import type { NotesActions } from './use-notes'
import { errorMessage } from './errors'
import { BridgeError } from '../../../common/bridge'

export const EMPTY_COMMENT = 'Please enter your comment!'
export const EMPTY_NAME = 'Please enter your name here'

interface Props {
  actions: NotesActions
  parentId?: string | null
  /** Whom a reply answers, for its labels. */
  replyTo?: string
  autoFocus?: boolean
  onPosted: (comment: Comment) => void
  onCancel?: () => void
}

export interface CommentFormHandle {
  focus(): void
}

type Errors = { text?: string; name?: string; form?: string }

/** Which field a refusal from the core is about: the bridge names it. */
function fieldOf(error: unknown): keyof Errors {
  const field = error instanceof BridgeError ? error.field : undefined
  return field === 'name' || field === 'text' ? field : 'form'
}

export const CommentForm = forwardRef<CommentFormHandle, Props>(function CommentForm({ actions, parentId = null, replyTo, autoFocus, onPosted, onCancel }, handle) {
  const id = useId()
  const settings = useSettings()
  const [text, setText] = useState('')
  const [name, setName] = useState<string | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const nameRef = useRef<HTMLInputElement>(null)
  const shownName = name ?? settings.data?.commenterName ?? ''

  useImperativeHandle(handle, () => ({ focus: () => textRef.current?.focus() }), [])
  useEffect(() => {
    if (autoFocus) textRef.current?.focus()
  }, [autoFocus])

  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    if (busy) return
    const found: Errors = {}
    if (!text.trim()) found.text = EMPTY_COMMENT
    if (!shownName.trim()) found.name = EMPTY_NAME
    setErrors(found)
    if (found.text) return textRef.current?.focus()
    if (found.name) return nameRef.current?.focus()
    setBusy(true)
    try {
      const comment = await actions.addComment({ text, name: shownName, parentId })
      setText('')
      setName(null)
      onPosted(comment)
    } catch (error) {
      const field = fieldOf(error)
      setErrors({ [field]: errorMessage(error) })
      if (field === 'text') textRef.current?.focus()
      if (field === 'name') nameRef.current?.focus()
    } finally {
      setBusy(false)
    }
  }

  const reply = parentId !== null
  const describe = (field: keyof Errors, extra?: string) => [errors[field] ? `${id}-${field}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined

  return (
    <form
      className={`comment-form${reply ? ' is-reply' : ''}`}
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label={reply ? `Reply to ${replyTo || 'comment'}` : 'Leave a reply'}
      onKeyDown={(e) => {
        // Ctrl+Enter posts from either field, as in most comment boxes.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault()
          void submit()
        } else if (e.key === 'Escape' && onCancel) {
          e.preventDefault()
          onCancel()
        }
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor={`${id}-text`}>
          {reply ? 'Your reply' : 'Comment'}
        </label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          className="field-input comment-text"
          rows={reply ? 3 : 5}
          value={text}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={describe('text')}
          onChange={(e) => {
            setText(e.target.value)
            if (errors.text || errors.form) setErrors((old) => ({ ...old, text: undefined, form: undefined }))
          }}
        />
        {errors.text ? (
          <p id={`${id}-text-error`} className="field-error" role="alert">
            {errors.text}
          </p>
        ) : null}
      </div>
      <div className="comment-form-row">
        <div className="field field-name">
          <label className="field-label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            ref={nameRef}
            className="field-input"
            type="text"
            autoComplete="name"
            maxLength={200}
            value={shownName}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describe('name')}
            onChange={(e) => {
              setName(e.target.value)
              if (errors.name) setErrors((old) => ({ ...old, name: undefined }))
            }}
          />
          {errors.name ? (
            <p id={`${id}-name-error`} className="field-error" role="alert">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div className="comment-form-actions">
          {onCancel ? (
            <button type="button" className="button-quiet" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
          <button type="submit" className="button-primary" aria-disabled={busy || undefined}>
            {reply ? 'Post reply' : 'Post comment'}
          </button>
        </div>
      </div>
      {errors.form ? (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  )
})
