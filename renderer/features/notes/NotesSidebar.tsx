// The notes of the open article beside it: highlights in text order with their notes,
// those that could not be placed in the current text (kept, never dropped), then the
// comments. Each entry brings its note into view; the footer exports them.
import { useState, type ReactNode } from 'react'
import { errorMessage } from './errors'
import { Icon } from './NotesIcon'
import { editHighlight, jumpTo, setSidebarOpen, useUnplaced } from './notes-ui'
import { fullTime, relativeTime } from './relative-time'
import { flattenThread } from './thread'
import { useArticleNotes, useNotesTransfer } from './use-notes'
import './highlights.css'
import './replies.css'
import './sidebar.css'

export const SIDEBAR_ID = 'notes-sidebar'
export const SIDEBAR_TITLE_ID = 'notes-sidebar-title'

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n).trimEnd()}…` : s)

export function NotesSidebar({ articleId }: { articleId: string }) {
  const notes = useArticleNotes(articleId)
  const transfer = useNotesTransfer()
  const [exportError, setExportError] = useState('')
  const data = notes.data?.articleId === articleId ? notes.data : undefined
  const unplaced = useUnplaced(articleId)
  const lost = (h: { id: string; orphaned?: boolean }) => h.orphaned || unplaced.includes(h.id)
  const placed = (data?.highlights ?? []).filter((h) => !lost(h)).sort((a, b) => a.position.start - b.position.start)
  const orphans = (data?.highlights ?? []).filter(lost)
  const comments = data ? flattenThread(data.comments).filter((c) => !c.node.deleted) : []
  const empty = data && placed.length + orphans.length + comments.length === 0

  const close = () => {
    setSidebarOpen(false)
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.notes-toggle')?.focus())
  }

  const exportAs = async (format: 'md' | 'json') => {
    setExportError('')
    try {
      await transfer.exportNotes(format, articleId)
    } catch (e) {
      setExportError(errorMessage(e))
    }
  }

  return (
    <aside
      id={SIDEBAR_ID}
      className="notes-sidebar"
      aria-labelledby={SIDEBAR_TITLE_ID}
      onKeyDown={(e) => {
        // Esc inside the panel closes it, as it would a popover.
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault()
          close()
        }
      }}
    >
      <header className="notes-sidebar-header">
        <h2 id={SIDEBAR_TITLE_ID} className="notes-sidebar-title" tabIndex={-1}>
          Notes
        </h2>
        <button type="button" className="tool-button" onClick={close} title="Close notes">
          <Icon name="close" />
          <span className="visually-hidden">Close notes</span>
        </button>
      </header>
      <div className="notes-sidebar-scroll">
        {notes.isError ? (
          <p className="field-error" role="alert">
            Couldn’t load the notes. {errorMessage(notes.error)}
          </p>
        ) : null}
        {empty ? (
          <div className="notes-empty">
            <p>No notes on this article yet.</p>
            <p>
              Select text to highlight it (or press <kbd className="kbd">h</kbd>), and leave a reply under the article (<kbd className="kbd">c</kbd>).
            </p>
          </div>
        ) : null}
        {placed.length > 0 ? (
          <SideSection id="side-highlights" title={`Highlights (${placed.length})`}>
            {placed.map((h) => (
              <li key={h.id} id={`side-${h.id}`} className="side-entry" tabIndex={-1}>
                <button type="button" className="side-jump" onClick={() => jumpTo(articleId, { kind: 'highlight', id: h.id })}>
                  <span className={`side-quote hl-border-${h.color}`}>{clip(h.quote.exact, 280)}</span>
                  {h.note ? <span className="side-note">{h.note}</span> : null}
                  <span className="visually-hidden">, show in the article</span>
                </button>
                <button type="button" className="link-button side-edit" onClick={() => editHighlight(articleId, h.id, true)}>
                  {h.note ? 'Edit' : 'Add note'}
                  <span className="visually-hidden"> for highlight “{clip(h.quote.exact, 40)}”</span>
                </button>
              </li>
            ))}
          </SideSection>
        ) : null}
        {orphans.length > 0 ? (
          <SideSection id="side-orphans" title="Could not be placed in the current text">
            <li className="side-hint">The article’s text has changed and these passages are no longer in it. They are kept here with their notes.</li>
            {orphans.map((h) => (
              <li key={h.id} id={`side-${h.id}`} className="side-entry is-orphaned" tabIndex={-1}>
                <div className="side-jump is-static">
                  <span className={`side-quote hl-border-${h.color}`}>{clip(h.quote.exact, 280)}</span>
                  {h.note ? <span className="side-note">{h.note}</span> : null}
                </div>
                <button type="button" className="link-button side-edit" onClick={() => editHighlight(articleId, h.id, true)}>
                  Edit<span className="visually-hidden"> highlight “{clip(h.quote.exact, 40)}”</span>
                </button>
              </li>
            ))}
          </SideSection>
        ) : null}
        {comments.length > 0 ? (
          <SideSection id="side-comments" title={`Comments (${comments.length})`}>
            {comments.map(({ node, depth }) => (
              <li key={node.id} id={`side-${node.id}`} className={`side-entry side-comment depth-${Math.min(depth, 3)}`}>
                <button type="button" className="side-jump" onClick={() => jumpTo(articleId, { kind: 'comment', id: node.id })}>
                  <span className="side-byline">
                    <span className="side-name">{node.name}</span>
                    <time dateTime={node.created} title={fullTime(node.created)}>
                      {relativeTime(node.created)}
                    </time>
                  </span>
                  <span className="side-text">{clip(node.text, 200)}</span>
                  <span className="visually-hidden">, show in the thread</span>
                </button>
              </li>
            ))}
          </SideSection>
        ) : null}
      </div>
      <footer className="notes-sidebar-footer">
        <span className="notes-export-label" id="side-export-label">
          Export these notes
        </span>
        <div className="notes-export-buttons" role="group" aria-labelledby="side-export-label">
          <button type="button" className="button-quiet" onClick={() => void exportAs('md')} disabled={!!empty}>
            Markdown
          </button>
          <button type="button" className="button-quiet" onClick={() => void exportAs('json')} disabled={!!empty}>
            JSON
          </button>
        </div>
        {exportError ? (
          <p className="field-error" role="alert">
            {exportError}
          </p>
        ) : null}
      </footer>
    </aside>
  )
}

function SideSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="side-section" aria-labelledby={id}>
      <h3 id={id} className="side-heading">
        {title}
      </h3>
      <ul className="side-list">{children}</ul>
    </section>
  )
}
