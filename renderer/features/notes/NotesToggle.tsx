// The article toolbar's button that shows or hides the notes sidebar, with the count.
import { Icon } from './NotesIcon'
import { SIDEBAR_ID, SIDEBAR_TITLE_ID } from './NotesSidebar'
import { setSidebarOpen, useNotesUi } from './notes-ui'
import { useArticleNotes } from './use-notes'
import './sidebar.css'

export function NotesToggle({ articleId }: { articleId: string | null }) {
  const open = useNotesUi((s) => s.sidebarOpen)
  const notes = useArticleNotes(articleId)
  const data = articleId && notes.data?.articleId === articleId ? notes.data : undefined
  const count = data ? data.commentCount + data.highlights.length : 0
  return (
    <button
      type="button"
      className={`tool-button notes-toggle${open ? ' is-active' : ''}`}
      disabled={!articleId}
      aria-expanded={articleId ? open : undefined}
      aria-controls={open && articleId ? SIDEBAR_ID : undefined}
      title={open ? 'Hide notes' : 'Show notes'}
      onClick={() => {
        setSidebarOpen(!open)
        if (!open) requestAnimationFrame(() => document.getElementById(SIDEBAR_TITLE_ID)?.focus())
      }}
    >
      <Icon name="notes" />
      <span className="visually-hidden">Notes{count > 0 ? `, ${count} on this article` : ''}</span>
      {count > 0 ? (
        <span className="notes-toggle-count" aria-hidden="true">
          {count}
        </span>
      ) : null}
    </button>
  )
}
