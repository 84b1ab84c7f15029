// "All notes" in the sources sidebar, beside the smart views (their look, its own icon).
import { Icon } from './NotesIcon'
import { setAllNotesOpen, useNotesUi } from './notes-ui'

/** True while All notes fills the list pane (no source is current then). */
export const useAllNotesOpen = () => useNotesUi((s) => s.allNotesOpen)

export function AllNotesEntry() {
  const current = useAllNotesOpen()
  return (
    <li>
      <button
        type="button"
        className={`source-row source-button smart${current ? ' is-current' : ''}`}
        aria-current={current ? 'page' : undefined}
        onClick={() => setAllNotesOpen(true)}
      >
        <span className="smart-icon smart-icon-notes">
          <Icon name="notes" size={16} />
        </span>
        <span className="source-label">All notes</span>
      </button>
    </li>
  )
}
