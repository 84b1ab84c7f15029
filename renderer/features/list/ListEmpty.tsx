import { EmptyState } from '../../components/EmptyState'
import { Icon } from '../../components/Icon'
import { Kbd } from '../../components/Kbd'
import type { Source } from '../../lib/source'
import { openLibraryDialog } from '../library'

/** What an empty list means, and what to do about it. */
export function ListEmpty({ source, unreadOnly, libraryEmpty }: { source: Source; unreadOnly: boolean; libraryEmpty: boolean }) {
  if (libraryEmpty) {
    return (
      <EmptyState icon="feed" title="Your library is empty">
        <p>Subscribe to a feed or import your subscriptions, and Offprint keeps every article on this computer to read offline.</p>
        <div className="empty-actions">
          <button type="button" className="button button-primary" onClick={() => openLibraryDialog({ kind: 'addFeed' })}>
            <Icon name="plus" size={15} />
            Add a feed
          </button>
          <button type="button" className="button" onClick={() => openLibraryDialog({ kind: 'import', focus: 'file' })}>
            <Icon name="upload" size={15} />
            Import subscriptions (OPML)
          </button>
          <button type="button" className="button" onClick={() => openLibraryDialog({ kind: 'import', focus: 'file' })}>
            <Icon name="page" size={15} />
            Open a saved web page
          </button>
        </div>
      </EmptyState>
    )
  }
  if (source.kind === 'starred') {
    return (
      <EmptyState icon="star" title="No starred articles">
        <p>
          Star an article with <Kbd>s</Kbd> or the star button to keep it here. Starred articles are never cleaned up.
        </p>
      </EmptyState>
    )
  }
  if (source.kind === 'unread' || unreadOnly) {
    return (
      <EmptyState icon="read" title="All caught up">
        <p>
          Nothing unread here. New articles appear after the next refresh (<Kbd>r</Kbd>).
        </p>
      </EmptyState>
    )
  }
  if (source.kind === 'folder') {
    return (
      <EmptyState icon="folder" title="No articles in this folder">
        <p>Move feeds here from their menu (right-click a feed), or add a new one to this folder.</p>
        <div className="empty-actions">
          <button type="button" className="button" onClick={() => openLibraryDialog({ kind: 'addFeed', folderId: source.id })}>
            <Icon name="plus" size={15} />
            Add a feed here
          </button>
        </div>
      </EmptyState>
    )
  }
  return (
    <EmptyState icon="feed" title="No articles yet">
      <p>
        This {source.kind === 'all' ? 'library' : 'feed'} has no articles. They appear after the next refresh (<Kbd>r</Kbd>).
      </p>
    </EmptyState>
  )
}
