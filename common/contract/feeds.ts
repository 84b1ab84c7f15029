// Feeds and folders: subscribing, refreshing, renaming, moving, removing.
import { z } from 'zod'
import type { Feed, Folder } from '../model'
import { LIMITS } from '../limits'
import { byId, channel, id, webUrl, type Ok } from './channel'

export interface FeedInfo extends Pick<Feed, 'id' | 'title' | 'url' | 'siteUrl' | 'folderId' | 'fullText' | 'lastFetched' | 'icon'> {
  error: string | null
  unread: number
  total: number
}

export interface RefreshSummary {
  feeds: number
  added: number
  updated: number
  unchanged: number
  failed: { feedId: string; title: string; error: string }[]
}

const folderName = z.string().trim().min(1).max(LIMITS.folderName)

export const feedChannels = {
  /** `fullText`: fetch each article's page from the first refresh on, for feeds that carry only summaries. */
  'feeds:subscribe': channel<{ feed: { id: string; title: string }; added: number }>()(
    z.object({ url: webUrl, folderId: id.nullable().optional(), fullText: z.boolean().optional() }).strict(),
  ),
  'feeds:refresh': channel<RefreshSummary>()(z.object({ feedIds: z.array(id).max(100_000).optional() }).strict()),
  'feeds:update': channel<FeedInfo>()(
    z
      .object({ id, title: z.string().trim().min(1).max(LIMITS.feedTitle).optional(), folderId: id.nullable().optional(), fullText: z.boolean().optional() })
      .strict(),
  ),
  'feeds:remove': channel<{ removed: number; kept: number }>()(byId),
  'folders:add': channel<Folder>()(z.object({ name: folderName }).strict()),
  'folders:rename': channel<Folder>()(z.object({ id, name: folderName }).strict()),
  'folders:remove': channel<Ok>()(byId),
} as const
