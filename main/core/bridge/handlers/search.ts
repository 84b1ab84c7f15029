// Full-text search over articles and notes, with the list's filters.
import type { Handlers, searchChannels } from '../../../../common/contract'
import type { HandlerDeps } from './deps'

export function searchHandlers({ library: lib }: HandlerDeps): Pick<Handlers, keyof typeof searchChannels> {
  return {
    async 'search:query'(q) {
      if (!lib.search) throw new Error('Search is not available in this session.')
      await lib.searchIndexReady()
      // Note counts are read in the background after opening; this filter needs them all.
      if (q.filter === 'notes') await lib.notes.loadAll()
      const feedIds = q.folderId ? lib.feeds().filter((f) => f.folderId === q.folderId).map((f) => f.id) : q.feedId ? [q.feedId] : undefined
      const wanted =
        q.filter === 'unread' ? (id: string) => !lib.isRead(id)
        : q.filter === 'starred' ? (id: string) => lib.isStarred(id)
        : q.filter === 'notes' ? (id: string) => lib.notes.countOf(id) > 0
        : () => true
      // An article removed while the index catches up is neither shown nor counted.
      const accept = (id: string) => lib.meta(id) !== undefined && wanted(id)
      const r = lib.search.search(q.query, { filters: { feedIds, from: q.from, to: q.to, accept }, limit: q.limit, offset: q.offset })
      const hits = r.hits
        .filter((h) => lib.meta(h.id))
        .map((h) => {
          const m = lib.meta(h.id)!
          return { id: h.id, title: m.title, siteName: m.siteName, published: m.published, snippet: h.snippet, matches: h.matches, score: h.score, read: lib.isRead(h.id), starred: lib.isStarred(h.id) }
        })
      return { total: r.total, hits }
    },
  }
}
