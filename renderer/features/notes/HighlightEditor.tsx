// The editor for one highlight: its colour, its note, and removing it (with undo).
// A non-modal popover by the highlight; Esc or a click elsewhere closes it, keeping
// whatever note was typed.
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react'
import type { Highlight } from '../../../common/model'
import { marksOf } from './dom-highlights'
import { HIGHLIGHT_COLORS, type NotesActions } from './use-notes'
import { jumpTo, showToast } from './notes-ui'
import { errorMessage } from './errors'

interface Props {
  articleId: string
  highlight: Highlight
  focusNote: boolean
  actions: NotesActions
  bodyRef: RefObject<HTMLDivElement | null>
  scrollRef: RefObject<HTMLDivElement | null>
  /** Changes each time the highlights are painted again: the marks may have moved. */
  painted: number
  onClose: () => void
}

const WIDTH = 320

export function HighlightEditor({ articleId, highlight, focusNote, actions, bodyRef, scrollRef, painted, onClose }: Props) {
  const id = useId()
  const ref = useRef<HTMLDivElement>(null)
  const noteRef = useRef<HTMLTextAreaElement>(null)
  const [note, setNote] = useState(highlight.note)
  const [error, setError] = useState('')
  const [position, setPosition] = useState<CSSProperties>({})
  const returnFocus = useRef<Element | null>(null)
  const latest = useRef({ note, saved: highlight.note, discard: false })
  latest.current.note = note

  useLayoutEffect(() => {
    const place = () => {
      const mark = bodyRef.current ? marksOf(bodyRef.current, highlight.id)[0] : undefined
      const bounds = (scrollRef.current ?? document.body).getBoundingClientRect()
      if (!mark) {
        setPosition({ top: bounds.top + 16, left: Math.max(8, bounds.right - WIDTH - 16) })
        return
      }
      const r = mark.getBoundingClientRect()
      const height = ref.current?.offsetHeight ?? 240
      const below = r.bottom + 8 + height <= window.innerHeight - 8
      const top = below ? r.bottom + 8 : Math.max(bounds.top + 8, r.top - 8 - height)
      const left = Math.min(Math.max(bounds.left + 8, r.left), bounds.right - WIDTH - 8)
      setPosition({ top, left })
    }
    place()
    const scroller = scrollRef.current
    scroller?.addEventListener('scroll', place, { passive: true })
    window.addEventListener('resize', place)
    return () => {
      scroller?.removeEventListener('scroll', place)
      window.removeEventListener('resize', place)
    }
  }, [bodyRef, scrollRef, highlight.id, painted])

  const saveNote = async (): Promise<boolean> => {
    const text = latest.current.note
    if (text.trim() === latest.current.saved.trim()) return true
    try {
      await actions.updateHighlight(highlight.id, { note: text })
      latest.current.saved = text
      return true
    } catch (e) {
      setError(errorMessage(e))
      return false
    }
  }

  const close = async () => {
    if (!(await saveNote())) return
    onClose()
  }
  const closeRef = useRef(close)
  closeRef.current = close

  useEffect(() => {
    returnFocus.current = document.activeElement
    if (focusNote) noteRef.current?.focus()
    else ref.current?.querySelector<HTMLButtonElement>('[aria-pressed="true"]')?.focus()
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Element
      if (ref.current?.contains(target) || target.closest?.('mark[data-highlight-id], .notes-sidebar')) return
      void closeRef.current()
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown)
      // Closed by opening another highlight: what was typed here is kept, not lost.
      const { note: typed, saved, discard } = latest.current
      if (!discard && typed.trim() !== saved.trim()) {
        actions.updateHighlight(highlight.id, { note: typed }).catch((e: unknown) => showToast(errorMessage(e)))
      }
      // Back where the reader was, or to the highlight itself.
      const back = returnFocus.current
      if (back instanceof HTMLElement && back !== document.body && back.isConnected) back.focus({ preventScroll: true })
      else {
        const mark = bodyRef.current ? marksOf(bodyRef.current, highlight.id)[0] : undefined
        if (mark) {
          mark.tabIndex = -1
          mark.focus({ preventScroll: true })
        }
      }
    }
    // Opened once per highlight (the component is keyed by it).
  }, [])

  const setColor = async (color: string) => {
    try {
      await actions.updateHighlight(highlight.id, { color })
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const remove = async () => {
    try {
      await actions.deleteHighlight(highlight.id)
      latest.current.discard = true
      onClose()
      showToast('Highlight removed.', async () => {
        await actions.restoreHighlight(highlight.id)
        jumpTo(articleId, { kind: 'highlight', id: highlight.id })
      })
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const quote = highlight.quote.exact.length > 140 ? `${highlight.quote.exact.slice(0, 140)}…` : highlight.quote.exact

  return (
    <div
      ref={ref}
      className="hl-editor"
      role="dialog"
      aria-labelledby={`${id}-title`}
      style={position}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          void close()
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault()
          void close()
        }
      }}
    >
      <h2 id={`${id}-title`} className="hl-editor-title">
        Highlight{highlight.orphaned ? ' (not found in the current text)' : ''}
      </h2>
      <blockquote className={`hl-editor-quote hl-border-${highlight.color}`}>{quote}</blockquote>
      <div className="hl-colors" role="group" aria-label="Colour">
        {HIGHLIGHT_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            className={`hl-swatch hl-swatch-${c}`}
            aria-pressed={highlight.color === c}
            title={c}
            onClick={() => void setColor(c)}
          >
            <span className="visually-hidden">{c}</span>
          </button>
        ))}
      </div>
      <label className="field-label" htmlFor={`${id}-note`}>
        Note
      </label>
      <textarea
        id={`${id}-note`}
        ref={noteRef}
        className="field-input hl-editor-note"
        rows={3}
        value={note}
        placeholder="Your thoughts on this passage"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setNote(e.target.value)
          setError('')
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="hl-editor-actions">
        <button type="button" className="button-danger-quiet" onClick={() => void remove()}>
          Remove highlight
        </button>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button-quiet"
          onClick={() => {
            latest.current.discard = true
            onClose()
          }}
        >
          Cancel
        </button>
        <button type="button" className="button-primary" onClick={() => void close()}>
          Save
        </button>
      </div>
    </div>
  )
}
