import type { LibraryOverview } from '../../common/contract'
import type { ListParams } from '../api/queries'

/** What the article list shows: a smart view, one feed, or a folder of feeds. */
export type Source =
  | { kind: 'all' }
  | { kind: 'unread' }
  | { kind: 'starred' }
  | { kind: 'feed'; id: string }
  | { kind: 'folder'; id: string }

export const sameSource = (a: Source, b: Source): boolean =>
  a.kind === b.kind && (a.kind === 'feed' || a.kind === 'folder' ? a.id === (b as { id: string }).id : true)

export const isSmart = (s: Source): boolean => s.kind === 'all' || s.kind === 'unread' || s.kind === 'starred'

/** Feeds and folders list everything unless the reader asks for unread only. */
export function listParams(source: Source, unreadOnly: boolean, sort: ListParams['sort'] = 'newest'): ListParams {
  const filter = unreadOnly ? 'unread' : 'all'
  switch (source.kind) {
    case 'all':
      return { filter: 'all', sort }
    case 'unread':
      return { filter: 'unread', sort }
    case 'starred':
      return { filter: 'starred', sort }
    case 'feed':
      return { filter, feedId: source.id, sort }
    case 'folder':
      return { filter, folderId: source.id, sort }
  }
}

export function sourceTitle(source: Source, overview: LibraryOverview | undefined): string {
  switch (source.kind) {
    case 'all':
      return 'All articles'
    case 'unread':
      return 'Unread'
    case 'starred':
      return 'Starred'
    case 'feed':
      return overview?.feeds.find((f) => f.id === source.id)?.title || 'Feed'
    case 'folder':
      return overview?.folders.find((f) => f.id === source.id)?.name || 'Folder'
  }
}
