// Feeds and folders: subscribing, refreshing, renaming, moving, removing.
import type { FeedInfo, feedChannels, Handlers } from '../../../../common/contract'
import type { Feed } from '../../../../common/model'
import { NotFoundError } from '../../base/errors'
import type { HandlerDeps } from './deps'

export function feedHandlers({ library: lib, ingest }: HandlerDeps): Pick<Handlers, keyof typeof feedChannels> {
  const ok = { ok: true as const }
  return {
    async 'feeds:subscribe'({ url, folderId, fullText }) {
      const r = await ingest.subscribe(url, { folderId: folderId ?? null, fullText: fullText ?? false })
      return { feed: { id: r.feed.id, title: r.feed.title }, added: r.added }
    },
    async 'feeds:refresh'({ feedIds }) {
      const r = await ingest.refresh(feedIds)
      await lib.applyRetention()
      return r
    },
    async 'feeds:update'({ id, ...patch }) {
      if (patch.folderId && !lib.folders().some((f) => f.id === patch.folderId)) throw new NotFoundError(`No folder with id ${patch.folderId}.`)
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      const feed = await lib.updateFeed(id, clean)
      return feedInfo(feed, (await lib.counts()).byFeed.get(id))
    },
    'feeds:remove': ({ id }) => lib.removeFeed(id),
    'folders:add': ({ name }) => lib.addFolder(name),
    'folders:rename': ({ id, name }) => lib.renameFolder(id, name),
    'folders:remove': async ({ id }) => (await lib.removeFolder(id), ok),
  }
}

/** A feed as the window shows it: its error in words, and its article counts. */
export function feedInfo(f: Feed, counts?: { total: number; unread: number }): FeedInfo {
  return {
    id: f.id,
    title: f.title,
    url: f.url,
    siteUrl: f.siteUrl,
    folderId: f.folderId,
    fullText: f.fullText,
    lastFetched: f.lastFetched,
    ...(f.icon ? { icon: f.icon } : {}),
    error: f.error?.message ?? null,
    unread: counts?.unread ?? 0,
    total: counts?.total ?? 0,
  }
}
