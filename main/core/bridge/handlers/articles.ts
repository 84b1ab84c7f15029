// Articles: the list, one article, its related items, read and starred marks.
import type { ArticleSummary, articleChannels, Handlers } from '../../../../common/contract'
import type { ArticleMeta } from '../../../../common/model'
import type { Library } from '../../library/library'
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
      return related(lib, id)
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

/** "Read also", "Related news" and "Recent articles" for one article. */
export async function related(lib: Library, id: string, limit = 5) {
  const article = await lib.get(id)
  await lib.searchIndexReady()
  const readAlso = await lib.readAlso(id, article.html)
  const exclude = new Set([id, ...readAlso.map((a) => a.id)])
  const found = lib.search?.related(id, { limit: limit + readAlso.length + 1 }) ?? { related: [], sameStory: [] }
  const relatedItems = found.related
    .filter((r) => !exclude.has(r.id) && lib.meta(r.id))
    .slice(0, limit)
    .map((r) => {
      const m = lib.meta(r.id)!
      return { id: m.id, title: m.title, score: Math.round(r.score * 1000) / 1000, siteName: m.siteName, published: m.published }
    })
  for (const r of relatedItems) exclude.add(r.id)
  for (const s of found.sameStory) exclude.add(s)
  return {
    readAlso: readAlso.map((a) => ({ id: a.id, title: a.title, url: a.url })),
    related: relatedItems,
    alsoReportedBy: found.sameStory
      .map((s) => lib.meta(s))
      .filter((m): m is ArticleMeta => !!m)
      .map((m) => ({ id: m.id, title: m.title, siteName: m.siteName })),
    recent: lib.recent(limit, exclude).map((a) => ({ id: a.id, title: a.title, published: a.published, siteName: a.siteName })),
  }
}
