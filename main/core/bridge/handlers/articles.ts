// Articles: the list, one article, its related items, read and starred marks.
import type { ArticleSummary, articleChannels, Handlers } from '../../../../common/contract'
import type { ArticleMeta } from '../../../../common/model'
import type { Library } from '../../library/library'
import { relatedItems } from '../../search/related'
import type { HandlerDeps } from './deps'

export function articleHandlers({ library: lib }: HandlerDeps): Pick<Handlers, keyof typeof articleChannels> {
  return {
    async 'articles:list'(q) {
      const { total, items } = await lib.list(q)
      return { total, offset: q.offset, items: items.map((a) => summarize(lib, a)) }
    },
    async 'articles:get'({ id }) {
      return lib.get(id)
    },
    async 'articles:related'({ id }) {
      return relatedItems(lib, id)
    },
    async 'articles:setRead'({ ids, read }) {
      return { changed: await lib.setRead(ids, read) }
    },
    async 'articles:setStarred'({ id, starred }) {
      return { changed: await lib.setStarred(id, starred) }
    },
    async 'articles:markAllRead'({ feedId, folderId, starred }) {
      const { items } = await lib.list({ filter: starred ? 'starred' : 'unread', feedId, folderId, sort: 'newest', offset: 0, limit: Number.MAX_SAFE_INTEGER })
      const ids = items.filter((a) => !lib.isRead(a.id)).map((a) => a.id)
      return { changed: ids.length ? await lib.setRead(ids, true) : 0 }
    },
  }
}

export function summarize(lib: Library, a: ArticleMeta): ArticleSummary {
  const notes = lib.notes.countOf(a.id)
  return {
    id: a.id,
    feedId: a.feedId,
    title: a.title,
    url: a.url,
    siteName: a.siteName,
    author: a.author,
    published: a.published,
    excerpt: a.excerpt,
    image: a.image,
    read: lib.isRead(a.id),
    starred: lib.isStarred(a.id),
    notes: Math.max(notes, 0),
  }
}
