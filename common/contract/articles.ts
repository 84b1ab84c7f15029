// Articles: the list, one article, its related items, read and starred marks.
import { z } from 'zod'
import type { Article, ArticleMeta } from '../model'
import { byId, channel, id } from './channel'

export const ArticleFilter = z.enum(['all', 'unread', 'starred'])

export const ListArticlesIn = z
  .object({
    filter: ArticleFilter.default('all'),
    feedId: id.optional(),
    folderId: id.optional(),
    sort: z.enum(['newest', 'oldest']).default('newest'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()

/** A row of the article list: the index's metadata, the statuses, and the note count. */
export type ArticleSummary = Pick<ArticleMeta, 'id' | 'feedId' | 'title' | 'url' | 'siteName' | 'author' | 'published' | 'excerpt' | 'image'> & {
  read: boolean
  starred: boolean
  notes: number
}

export interface ArticleList {
  total: number
  offset: number
  items: ArticleSummary[]
}

export interface RelatedItems {
  readAlso: { id: string; title: string; url: string }[]
  related: { id: string; title: string; score: number; siteName: string; published: string }[]
  /** The same story from other feeds: shown as "also reported by", not as related. */
  alsoReportedBy: { id: string; title: string; siteName: string }[]
  recent: { id: string; title: string; published: string; siteName: string }[]
}

export const articleChannels = {
  'articles:list': channel<ArticleList>()(ListArticlesIn),
  'articles:get': channel<Article>()(byId),
  'articles:related': channel<RelatedItems>()(byId),
  'articles:setRead': channel<{ changed: number }>()(z.object({ ids: z.array(id).min(1).max(100_000), read: z.boolean() }).strict()),
  'articles:setStarred': channel<{ changed: number }>()(z.object({ id, starred: z.boolean() }).strict()),
  /** Marks read every unread article of a feed, a folder or the library; `starred: true` only the starred ones among them. */
  'articles:markAllRead': channel<{ changed: number }>()(
    z.object({ feedId: id.optional(), folderId: id.optional(), starred: z.boolean().optional() }).strict(),
  ),
} as const
