// Highlights in the article body: paints stored ones as <mark>s, offers a small
// toolbar over a fresh selection (colours, "Add note"), and opens an editor when a
// highlight is clicked or chosen in the sidebar.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react'
import type { Highlight } from '../../../common/model'
import { bindCommand } from '../../lib/command-registry'
import { alignText, plainToRendered, renderedToPlain, type TextAlignment } from './text-map'
import { bringIntoView, marksOf, paint, selectedRange, unpaint, type PaintSpan } from './dom-highlights'
import { HIGHLIGHT_COLORS, useArticleNotes, useNotesActions, type HighlightColor } from './use-notes'
import { closeHighlightEditor, editHighlight, setSidebarOpen, setUnplaced, showToast, takeJump, useNotesUi } from './notes-ui'
import { HighlightEditor } from './HighlightEditor'
import { errorMessage } from './errors'
import './highlights.css'
import './replies.css'

interface Props {
  articleId: string
  /** The article's plain text, which highlight offsets refer to. */
  text: string
  /** The HTML rendered in the body: a change means the DOM text changed. */
  html: string
  bodyRef: RefObject<HTMLDivElement | null>
  scrollRef: RefObject<HTMLDivElement | null>
}

const COLOR_KEY = 'offprint.highlightColor'

function lastColor(): HighlightColor {
  try {
    const c = localStorage.getItem(COLOR_KEY)
    return HIGHLIGHT_COLORS.includes(c as HighlightColor) ? (c as HighlightColor) : 'yellow'
  } catch {
    return 'yellow'
  }
}

export function HighlightLayer({ articleId, text, html, bodyRef, scrollRef }: Props) {
  const notes = useArticleNotes(articleId)
  const actions = useNotesActions(articleId)
  const highlights = notes.data?.articleId === articleId ? notes.data.highlights : undefined
  const [painted, setPainted] = useState(0)
  const [announcement, setAnnouncement] = useState('')

  const alignment = useRef<{ html: string; text: string; rendered: string; al: TextAlignment } | null>(null)
  const align = useCallback(() => {
    const body = bodyRef.current
    if (!body) return null
    const cached = alignment.current
    if (cached && cached.html === html && cached.text === text) return cached
    const rendered = body.textContent ?? ''
    alignment.current = { html, text, rendered, al: alignText(rendered, text) }
    return alignment.current
  }, [bodyRef, html, text])

  useLayoutEffect(() => {
    const body = bodyRef.current
    if (!body || !highlights) return
    unpaint(body)
    const a = align()
    if (!a) return
    const spans: PaintSpan[] = []
    const unplaced: string[] = []
    for (const h of highlights) {
      if (h.orphaned) continue
      const r = plainToRendered(a.al, a.rendered, text, h.position, h.quote.exact)
      if (r) spans.push({ ...r, id: h.id, color: h.color, note: h.note })
      else unplaced.push(h.id)
    }
    paint(body, spans)
    // Never silently missing: the sidebar lists what the page could not show.
    setUnplaced(articleId, unplaced)
    setPainted((n) => n + 1)
  }, [bodyRef, highlights, html, text, align, articleId])

  // A note chosen in the sidebar or in All notes: bring it into view once it is painted.
  const jump = useNotesUi((s) => s.jump)
  useEffect(() => {
    const body = bodyRef.current
    if (!body || !highlights || !jump || jump.articleId !== articleId || jump.kind !== 'highlight') return
    const h = highlights.find((x) => x.id === jump.id)
    const marks = marksOf(body, jump.id)
    takeJump(articleId, 'highlight')
    if (marks.length > 0) {
      marks[0]!.tabIndex = -1
      bringIntoView(marks, marks[0])
    } else if (h) {
      // Not in the text any more: its entry in the sidebar is where it lives.
      setSidebarOpen(true)
      requestAnimationFrame(() => {
        const entry = document.getElementById(`side-${h.id}`)
        if (entry) bringIntoView([entry], entry)
      })
    }
  }, [jump, painted, highlights, articleId, bodyRef])

  // The toolbar over a selection in the body.
  const [toolbar, setToolbar] = useState<{ top: number; left: number; below: boolean } | null>(null)
  const pointerDown = useRef(false)
  useEffect(() => {
    let frame = 0
    const update = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const body = bodyRef.current
        const sel = body && !pointerDown.current ? selectedRange(body) : null
        if (!body || !sel || !/\S/.test(sel.range.toString())) return setToolbar(null)
        const rects = sel.range.getClientRects()
        const first = rects[0] ?? sel.range.getBoundingClientRect()
        const bounds = (scrollRef.current ?? body).getBoundingClientRect()
        const last = rects[rects.length - 1] ?? first
        // Scrolled out of sight: no toolbar floating over the toolbar or the footer.
        if (last.bottom < bounds.top || first.top > bounds.bottom) return setToolbar(null)
        const below = first.top - 52 < bounds.top
        const anchor = below ? (rects[rects.length - 1] ?? first) : first
        const left = Math.min(Math.max(anchor.left + anchor.width / 2, bounds.left + 130), bounds.right - 130)
        setToolbar({ top: below ? anchor.bottom + 8 : anchor.top - 8, left, below })
      })
    }
    const down = (e: PointerEvent) => {
      if ((e.target as Element | null)?.closest?.('.hl-toolbar')) return
      pointerDown.current = true
    }
    const up = () => {
      pointerDown.current = false
      update()
    }
    const scroller = scrollRef.current
    document.addEventListener('selectionchange', update)
    document.addEventListener('pointerdown', down)
    document.addEventListener('pointerup', up)
    scroller?.addEventListener('scroll', update, { passive: true })
    return () => {
      cancelAnimationFrame(frame)
      document.removeEventListener('selectionchange', update)
      document.removeEventListener('pointerdown', down)
      document.removeEventListener('pointerup', up)
      scroller?.removeEventListener('scroll', update)
    }
  }, [bodyRef, scrollRef])

  const create = useCallback(
    async (color: HighlightColor, withNote: boolean) => {
      const body = bodyRef.current
      const sel = body ? selectedRange(body) : null
      const a = align()
      const range = sel && a ? renderedToPlain(a.al, a.rendered, text, sel) : null
      if (!range) {
        showToast('Select some text in the article to highlight.')
        return
      }
      try {
        localStorage.setItem(COLOR_KEY, color)
      } catch {
        // Remembered for this session only.
      }
      try {
        const h = await actions.addHighlight({ ...range, color })
        window.getSelection()?.removeAllRanges()
        setToolbar(null)
        setAnnouncement(`Highlighted in ${color}.`)
        if (withNote) editHighlight(articleId, h.id, true)
      } catch (error) {
        showToast(errorMessage(error))
      }
    },
    [actions, align, articleId, bodyRef, text],
  )

  useEffect(() => {
    const command = (withNote: boolean) => () => {
      const body = bodyRef.current
      if (!body || !selectedRange(body)) return false
      void create(lastColor(), withNote)
    }
    const offHighlight = bindCommand('highlightSelection', command(false))
    const offNote = bindCommand('highlightWithNote', command(true))
    return () => {
      offHighlight()
      offNote()
    }
  }, [bodyRef, create])

  // A click on a highlight opens its editor (a link inside one still opens the link).
  useEffect(() => {
    const body = bodyRef.current
    if (!body) return
    const onClick = (e: MouseEvent) => {
      const mark = (e.target as Element).closest?.('mark[data-highlight-id]') as HTMLElement | null
      if (!mark || mark.closest('a[href]') || !window.getSelection()?.isCollapsed) return
      editHighlight(articleId, mark.dataset.highlightId!)
    }
    body.addEventListener('click', onClick)
    return () => body.removeEventListener('click', onClick)
  }, [bodyRef, articleId])

  const editing = useNotesUi((s) => s.editing)
  const editingHighlight: Highlight | undefined =
    editing && editing.articleId === articleId ? highlights?.find((h) => h.id === editing.highlightId) : undefined
  useEffect(() => {
    if (editing && editing.articleId !== articleId) closeHighlightEditor()
  }, [editing, articleId])

  const style: CSSProperties | undefined = toolbar ? { top: toolbar.top, left: toolbar.left } : undefined

  return (
    <>
      {toolbar ? (
        <div
          className={`hl-toolbar${toolbar.below ? ' is-below' : ''}`}
          role="toolbar"
          aria-label="Highlight the selection"
          style={style}
          // Pressing a button must not take the selection away.
          onMouseDown={(e) => e.preventDefault()}
        >
          {HIGHLIGHT_COLORS.map((c) => (
            <button key={c} type="button" className={`hl-swatch hl-swatch-${c}`} title={`Highlight in ${c} (h)`} onClick={() => void create(c, false)}>
              <span className="visually-hidden">Highlight in {c}</span>
            </button>
          ))}
          <span className="hl-toolbar-divider" aria-hidden="true" />
          <button type="button" className="hl-toolbar-note" onClick={() => void create(lastColor(), true)}>
            Add note
          </button>
        </div>
      ) : null}
      {editingHighlight && editing ? (
        <HighlightEditor
          key={editingHighlight.id}
          articleId={articleId}
          highlight={editingHighlight}
          focusNote={editing.focusNote}
          actions={actions}
          bodyRef={bodyRef}
          scrollRef={scrollRef}
          painted={painted}
          onClose={closeHighlightEditor}
        />
      ) : null}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </>
  )
}
