// The refresh loop: every subscription its source brings, a bounded number at a time;
// each feed's items stored, then its new state saved, then its icon looked for; one
// feed's failure recorded on that feed and never stopping the others; progress reported
// per feed (the 'refresh:progress' event, and the caller's onProgress).
import type { Feed } from '../../../common/model'
import { NotFoundError } from '../base/errors'
import type { Library } from '../library/library'
import { boundFeedState, boundUrl } from './bounds'
import { oneLine } from './errors'
import { findFeedIcon, iconDue } from './feed-icon'
import type { Fetcher } from './fetcher'
import type { MediaStore } from './media-store'
import { mapPool } from './pool'
import type { ArticleSource, SourceItems } from './source'
import type { ItemStore, StoredItems } from './store-items'

/** What the UI shows while a refresh runs (the 'refresh:progress' event). */
export interface RefreshProgress {
  done: number
  total: number
  feedId: string | null
  error: string | null
  finished: boolean
}

/** A progress step as onProgress receives it: the event, plus what the feed brought. */
export interface RefreshStep extends RefreshProgress {
  /** The feed's title ('' for the first and the last step). */
  title: string
  added: number
  updated: number
}

export interface RefreshResult {
  feeds: number
  added: number
  updated: number
  /** Feeds not parsed: the server said 304, or sent the very same body again. */
  unchanged: number
  failed: { feedId: string; title: string; error: string }[]
}

export interface FeedOutcome extends StoredItems {
  unchanged: boolean
}

export interface Refresher {
  /** The given feeds (all by default); a feed id that is not in the library is refused before any fetch. */
  refresh(feedIds?: string[], onProgress?: (p: RefreshStep) => void): Promise<RefreshResult>
  /** One feed, from its source; a feed already being refreshed is not fetched twice. */
  refreshFeed(feed: Feed): Promise<FeedOutcome>
  /** Stores what a source brought for a feed, saves the feed's new state, then looks for its icon. */
  ingest(feed: Feed, got: SourceItems): Promise<FeedOutcome>
}

export interface RefresherDeps {
  source: ArticleSource
  items: ItemStore
  /** For icons, looked for on the feed's own site. */
  fetcher: Fetcher
  media: MediaStore
  now: () => Date
  /** Feeds refreshed at once. */
  concurrency: number
}

export function createRefresher(lib: Library, deps: RefresherDeps): Refresher {
  const { source, items, fetcher, media, now, concurrency } = deps
  const inFlight = new Map<string, Promise<FeedOutcome>>()

  async function ingest(feed: Feed, got: SourceItems): Promise<FeedOutcome> {
    const at = now().toISOString()
    let outcome: FeedOutcome = { added: [], updated: 0, duplicates: 0, unchanged: true }
    if (!got.unchanged) outcome = { ...(await items.store(feed, got.items, got.baseUrl)), unchanged: false }
    // Whatever the source, what it keeps on the feed is bounded as its items are.
    await lib.updateFeed(feed.id, { lastFetched: at, error: null, ...boundFeedState(got.state) })
    await updateIcon(feed.id, got.icon && boundUrl(got.icon))
    return outcome
  }

  /**
   * Looks for the icon of a feed that has none (and was not looked at in 30 days), and
   * saves what was found, or that nothing was. Part of a subscribe or refresh the user
   * started, from the feed's own site; a failure here is never the feed's error.
   */
  async function updateIcon(feedId: string, declared: string | undefined): Promise<void> {
    try {
      const feed = lib.feed(feedId)
      if (!feed || !iconDue(feed, now())) return
      const icon = await findFeedIcon(feed, declared || undefined, { fetcher, media })
      const checked = now().toISOString()
      if (!lib.feed(feedId)) return
      await lib.updateFeed(feedId, icon ? { icon, iconChecked: checked } : { iconChecked: checked })
    } catch {
      // Removed meanwhile, or the disk refuses: the feed is fine without an icon.
    }
  }

  function refreshFeed(feed: Feed): Promise<FeedOutcome> {
    const running = inFlight.get(feed.id)
    if (running) return running
    const job = (async () => ingest(feed, await source.fetch(feed)))().finally(() => inFlight.delete(feed.id))
    inFlight.set(feed.id, job)
    return job
  }

  async function recordError(feed: Feed, message: string): Promise<void> {
    try {
      await lib.updateFeed(feed.id, { error: { message, at: now().toISOString() } })
    } catch {
      // Removed meanwhile, or the disk refuses: the failure is in the refresh result
      // either way, and the other feeds go on.
    }
  }

  async function refresh(feedIds?: string[], onProgress?: (p: RefreshStep) => void): Promise<RefreshResult> {
    const selected = feedIds
      ? feedIds.map((id) => {
          const feed = lib.feed(id)
          if (!feed) throw new NotFoundError(`No feed with id ${id}.`)
          return feed
        })
      : [...lib.feeds()]
    const feeds = source.feeds(selected)
    const total = feeds.length
    const result: RefreshResult = { feeds: total, added: 0, updated: 0, unchanged: 0, failed: [] }
    let done = 0
    const report = (step: RefreshStep) => {
      const { title: _t, added: _a, updated: _u, ...event } = step
      lib.emit('refresh:progress', event satisfies RefreshProgress)
      onProgress?.(step)
    }
    report({ done, total, feedId: null, error: null, finished: false, title: '', added: 0, updated: 0 })
    await mapPool(feeds, concurrency, async (feed) => {
      let step: RefreshStep
      try {
        const outcome = await refreshFeed(feed)
        result.added += outcome.added.length
        result.updated += outcome.updated
        if (outcome.unchanged) result.unchanged++
        step = { done: 0, total, feedId: feed.id, error: null, finished: false, title: lib.feed(feed.id)?.title ?? feed.title, added: outcome.added.length, updated: outcome.updated }
      } catch (err) {
        const message = oneLine(err instanceof Error ? err.message : String(err))
        result.failed.push({ feedId: feed.id, title: feed.title, error: message })
        await recordError(feed, message)
        step = { done: 0, total, feedId: feed.id, error: message, finished: false, title: feed.title, added: 0, updated: 0 }
      }
      step.done = ++done
      report(step)
    })
    report({ done, total, feedId: null, error: null, finished: true, title: '', added: result.added, updated: result.updated })
    return result
  }

  return { refresh, refreshFeed, ingest }
}
