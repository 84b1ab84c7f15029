// The number of notes on an article, for its row in the article list.
import { Icon } from './NotesIcon'
import './sidebar.css'

export function NoteCount({ count }: { count: number }) {
  if (count <= 0) return null
  return (
    <span className="row-notes" title={`${count} ${count === 1 ? 'note' : 'notes'}`}>
      <Icon name="notes" size={12} />
      {count}
      <span className="visually-hidden">{count === 1 ? ' note' : ' notes'}</span>
    </span>
  )
}
