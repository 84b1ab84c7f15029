// Action menus: from a "…" button, from a right click, or from the keyboard's context
// menu key (Shift+F10), which the browser delivers as the same contextmenu event. The
// menu follows the WAI-ARIA menu pattern: arrows, Home/End, a letter jumps to an item,
// Enter/Space choose, Esc and Tab close and give focus back to what opened it.
import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent as ReactMouseEvent, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { Icon, type IconName } from './Icon'
import './menu.css'

export type MenuEntry =
  | { kind: 'item'; label: string; onSelect: () => void; icon?: IconName; danger?: boolean; disabled?: boolean; hint?: string }
  | { kind: 'check'; label: string; checked: boolean; onSelect: () => void; hint?: string }
  | { kind: 'separator' }

export interface MenuPlacement {
  /** The element focus returns to. */
  opener: HTMLElement
  /** Where a right click happened; otherwise the menu hangs under the opener. */
  point?: { x: number; y: number }
}

interface Props extends MenuPlacement {
  label: string
  entries: MenuEntry[]
  onClose: () => void
}

export function Menu({ label, entries, opener, point, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null)

  useLayoutEffect(() => {
    const menu = ref.current
    if (!menu) return
    const box = menu.getBoundingClientRect()
    const anchor = opener.getBoundingClientRect()
    let left = point ? point.x : anchor.right - box.width
    let top = point ? point.y : anchor.bottom + 4
    if (!point && left < 8) left = anchor.left
    if (top + box.height > window.innerHeight - 8) top = Math.max(8, (point ? point.y : anchor.top - 4) - box.height)
    left = Math.min(Math.max(8, left), window.innerWidth - box.width - 8)
    setPosition({ left, top })
    menu.querySelector<HTMLElement>('[role^=menuitem]:not([aria-disabled=true])')?.focus()
  }, [opener, point])

  const close = (returnFocus: boolean) => {
    onClose()
    if (returnFocus && opener.isConnected) opener.focus()
  }

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node
      // A press on the opener is its own toggle.
      if (!ref.current?.contains(target) && !opener.contains(target)) close(false)
    }
    const onBlur = () => close(false)
    document.addEventListener('pointerdown', onDown, true)
    window.addEventListener('blur', onBlur)
    window.addEventListener('resize', onBlur)
    return () => {
      document.removeEventListener('pointerdown', onDown, true)
      window.removeEventListener('blur', onBlur)
      window.removeEventListener('resize', onBlur)
    }
  })

  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[role^=menuitem]:not([aria-disabled=true])') ?? [])]

  const choose = (entry: MenuEntry) => {
    if (entry.kind === 'separator' || (entry.kind === 'item' && entry.disabled)) return
    // Focus goes back first, so a dialog the item opens returns focus to the opener too.
    close(true)
    entry.onSelect()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items()
    const at = list.indexOf(document.activeElement as HTMLElement)
    const focus = (i: number) => list[(i + list.length) % list.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        focus(at + 1)
        break
      case 'ArrowUp':
        focus(at < 0 ? -1 : at - 1)
        break
      case 'Home':
        focus(0)
        break
      case 'End':
        focus(-1)
        break
      case 'Escape':
      case 'Tab':
        close(true)
        break
      default: {
        if (e.key.length !== 1 || e.key === ' ') return // Enter and Space click the item
        const letter = e.key.toLowerCase()
        const start = at + 1
        for (let k = 0; k < list.length; k++) {
          const el = list[(start + k) % list.length]!
          if (el.textContent?.trim().toLowerCase().startsWith(letter)) {
            el.focus()
            break
          }
        }
      }
    }
    // The menu has the keyboard: no shortcut of the app may fire behind it.
    e.preventDefault()
    e.stopPropagation()
  }

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={position ? { left: position.left, top: position.top } : { left: -9999, top: 0 }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {entries.map((entry, i) =>
        entry.kind === 'separator' ? (
          <div key={`sep-${i}`} role="separator" className="menu-separator" />
        ) : (
          <div
            key={entry.label}
            role={entry.kind === 'check' ? 'menuitemcheckbox' : 'menuitem'}
            aria-checked={entry.kind === 'check' ? entry.checked : undefined}
            aria-disabled={entry.kind === 'item' && entry.disabled ? true : undefined}
            tabIndex={-1}
            className={`menu-item${entry.kind === 'item' && entry.danger ? ' is-danger' : ''}`}
            onClick={() => choose(entry)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                e.stopPropagation()
                choose(entry)
              }
            }}
            onPointerMove={(e) => (e.currentTarget as HTMLElement).focus()}
          >
            <span className="menu-icon" aria-hidden="true">
              {entry.kind === 'check' ? entry.checked ? <Icon name="markAll" size={14} /> : null : entry.icon ? <Icon name={entry.icon} size={15} /> : null}
            </span>
            <span className="menu-label">{entry.label}</span>
            {entry.hint ? <span className="menu-hint">{entry.hint}</span> : null}
          </div>
        ),
      )}
    </div>,
    document.body,
  )
}

/** Open state for one menu at a time, with the two ways to open it. */
export function useMenu() {
  const [placement, setPlacement] = useState<(MenuPlacement & { key: string }) | null>(null)
  return {
    placement,
    close: () => setPlacement(null),
    /** From a "…" button: toggles. */
    toggleFrom: (key: string, opener: HTMLElement) => setPlacement((p) => (p?.key === key ? null : { key, opener })),
    /** From a right click or the context menu key, on the row that was clicked. */
    openAt: (key: string, e: ReactMouseEvent<HTMLElement>, opener: HTMLElement = e.currentTarget) => {
      e.preventDefault()
      const box = e.currentTarget.getBoundingClientRect()
      // The keyboard's menu key reports a point outside the row (or none): hang the menu under it.
      const inside = e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom
      setPlacement({ key, opener, point: inside && (e.clientX || e.clientY) ? { x: e.clientX, y: e.clientY } : { x: box.left + 24, y: box.bottom } })
    },
  }
}

/** The "…" button that opens a row's menu. */
export function MenuButton(props: { label: string; expanded: boolean; onOpen: (el: HTMLElement) => void; className?: string; children?: ReactNode }) {
  return (
    <button
      type="button"
      className={props.className ?? 'tool-button'}
      aria-haspopup="menu"
      aria-expanded={props.expanded}
      title={props.label}
      onClick={(e) => props.onOpen(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') {
          e.preventDefault()
          props.onOpen(e.currentTarget)
        }
      }}
    >
      {props.children ?? <Icon name="more" />}
      <span className="visually-hidden">{props.label}</span>
    </button>
  )
}
