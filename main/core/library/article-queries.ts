// Questions asked of the articles in memory: a page of the list (filtered by
// unread/starred, feed or folder, newest or oldest first), the counts beside the
// sources, the stored articles a text links to, the newest few. Nothing here writes.
import type { ArticleMeta } from '../../../common/model'
import { NotFoundError } from '../base/errors'
import type { ArticleIndex } from './article-index'
import type { ManifestStore } from './manifest'
import type { Statuses } from './statuses'
import { linksIn } from './text'

export interface ListQuery {
  filter: 'all' | 'unread' | 'starred'
  feedId?: string
  folderId?: string
  sort: 'newest' | 'oldest'
  offset: number
  limit: number
}

export interface Counts {
  all: number
  unread: number
  starred: number
  byFeed: Map<string, { total: number; unread: number }>
}

export class ArticleQueries {
  constructor(
    private readonly articles: ArticleIndex,
    private readonly statuses: Statuses,
    private readonly manifest: ManifestStore,
  ) {}

  /** An article's metadata, waiting for the older shards only when it is not loaded yet. */
  async find(id: string): Promise<ArticleMeta> {
    let meta = this.articles.get(id)
    if (!meta && !this.articles.loadedAll) {
      await this.articles.ready
      meta = this.articles.get(id)
    }
    if (!meta) throw new NotFoundError(`No article with id ${id}.`)
    return meta
  }

  async list(q: ListQuery): Promise<{ total: number; items: ArticleMeta[] }> {
    const match = this.matcher(q)
    if (!this.articles.loadedAll) {
      // The first screen of "all, newest first" comes from the newest shards alone.
      const plain = q.filter === 'all' && !q.feedId && !q.folderId && q.sort === 'newest'
      if (plain && q.offset + q.limit <= this.articles.loadedCount) {
        return { total: this.articles.size, items: this.articles.ordered().slice(q.offset, q.offset + q.limit) }
      }
      await this.articles.ready
    }
    const all = this.articles.ordered()
    const items: ArticleMeta[] = []
    let total = 0
    const n = all.length
    for (let i = 0; i < n; i++) {
      const a = all[q.sort === 'oldest' ? n - 1 - i : i]!
      if (!match(a)) continue
      if (total >= q.offset && items.length < q.limit) items.push(a)
      total++
    }
    return { total, items }
  }

  async counts(): Promise<Counts> {
    await this.articles.ready
    const byFeed = new Map<string, { total: number; unread: number }>()
    let unread = 0
    let starred = 0
    for (const a of this.articles.values()) {
      const isUnread = !this.statuses.isRead(a.id)
      if (isUnread) unread++
      if (this.statuses.isStarred(a.id)) starred++
      if (a.feedId) {
        const c = byFeed.get(a.feedId) ?? { total: 0, unread: 0 }
        c.total++
        if (isUnread) c.unread++
        byFeed.set(a.feedId, c)
      }
    }
    return { all: this.articles.size, unread, starred, byFeed }
  }

  /** Stored articles linked from an article's text ("Read also"). */
  async readAlso(id: string, html: string): Promise<ArticleMeta[]> {
    await this.articles.ready
    const seen = new Set<string>([id])
    const out: ArticleMeta[] = []
    for (const href of linksIn(html)) {
      const target = this.articles.byUrl(href)
      if (target && !seen.has(target)) {
        seen.add(target)
        const meta = this.articles.get(target)
        if (meta) out.push(meta)
      }
    }
    return out
  }

  /** The newest articles, excluding some. */
  recent(limit: number, exclude: Set<string>): ArticleMeta[] {
    const out: ArticleMeta[] = []
    for (const a of this.articles.ordered()) {
      if (out.length >= limit) break
      if (!exclude.has(a.id)) out.push(a)
    }
    return out
  }

  private matcher(q: Pick<ListQuery, 'filter' | 'feedId' | 'folderId'>): (a: ArticleMeta) => boolean {
    const feedIds = q.folderId ? new Set(this.manifest.feeds().filter((f) => f.folderId === q.folderId).map((f) => f.id)) : null
    if (q.feedId && !this.manifest.feed(q.feedId)) throw new NotFoundError(`No feed with id ${q.feedId}.`)
    if (q.folderId && !this.manifest.hasFolder(q.folderId)) throw new NotFoundError(`No folder with id ${q.folderId}.`)
    return (a) =>
      (q.filter === 'all' || (q.filter === 'unread' ? !this.statuses.isRead(a.id) : this.statuses.isStarred(a.id))) &&
      (!q.feedId || a.feedId === q.feedId) &&
      (!feedIds || (a.feedId !== null && feedIds.has(a.feedId)))
  }
}
