// Subscribing: a feed address, or a site's address whose page announces a feed
// (<link rel=alternate>) or keeps one at a usual path. A feed already subscribed to is
// refreshed instead; a new one is stored with its first items at once.
import type { Feed } from '../../../common/model'
import { NotFoundError } from '../base/errors'
import type { Library } from '../library/library'
import { normalizeUrl } from '../library/text'
import { commonFeedPaths, discoverFeeds } from './discover'
import { IngestError, isIngestError, oneLine } from './errors'
import { FEED_ACCEPT, hostOf, parseFetched, type FeedSource } from './feed-source'
import { HttpStatusError, type Fetcher, type FetchResult } from './fetcher'
import type { ParsedFeed } from './parser'
import type { FeedOutcome, Refresher } from './refresh'
import { decodeDocument, sniffKind } from './sniff'

export interface SubscribeOptions {
  folderId?: string | null
  /** Fetch each article's page when the feed carries only summaries (from the first fetch on). */
  fullText?: boolean
}

/** A feed document fetched and parsed, and the address to subscribe to it by. */
export interface FoundFeed {
  res: FetchResult
  parsed: ParsedFeed
  url: string
}

export interface Subscriber {
  subscribe(input: string, opts?: SubscribeOptions): Promise<{ feed: Feed; added: number }>
  /** Subscribes to a feed already fetched (or finds it subscribed) and stores its items. */
  subscribeFetched(found: FoundFeed, settings: { folderId: string | null; fullText: boolean }): Promise<{ feed: Feed; outcome: FeedOutcome }>
}

export function createSubscriber(lib: Library, deps: { fetcher: Fetcher; source: FeedSource; refresher: Refresher }): Subscriber {
  const { fetcher, source, refresher } = deps

  /** Fetches an address and, when it is HTML, the feed it announces or keeps at a usual path. */
  async function locateFeed(address: string, typed: boolean): Promise<FoundFeed> {
    let res: FetchResult
    let requested = address
    try {
      res = await fetcher.fetch(address, { accept: FEED_ACCEPT })
    } catch (err) {
      // "example.com" was taken as https; a site that only speaks http gets a second try.
      if (typed || err instanceof HttpStatusError || !address.startsWith('https:')) throw err
      requested = `http:${address.slice('https:'.length)}`
      res = await fetcher.fetch(requested, { accept: FEED_ACCEPT })
    }
    const { text, kind } = decodeDocument(res.bytes, res.contentType)
    if (kind !== 'html') {
      try {
        return { res, parsed: parseFetched(res), url: res.permanentRedirect ?? requested }
      } catch (err) {
        if (kind === 'feed') throw err
        throw new IngestError(`No feed found at ${address}: ${isIngestError(err) ? err.message : oneLine(String(err))}`, address, { cause: err })
      }
    }
    const announced = discoverFeeds(text, res.url).map((d) => d.url)
    let firstFailure = ''
    for (const url of announced) {
      const found = await tryFeed(url)
      if ('parsed' in found) return found
      firstFailure ||= `its feed ${url} failed: ${found.error}`
    }
    for (const url of commonFeedPaths(res.url)) {
      if (announced.includes(url)) continue
      const found = await tryFeed(url)
      if ('parsed' in found) return found
    }
    throw new IngestError(`No feed found at ${address}${firstFailure ? ` (${firstFailure})` : ''}`, address)
  }

  async function tryFeed(url: string): Promise<FoundFeed | { error: string }> {
    try {
      const res = await fetcher.fetch(url, { accept: FEED_ACCEPT })
      if (sniffKind(decodeDocument(res.bytes, res.contentType).text) === 'html') return { error: 'it is a web page, not a feed' }
      return { res, parsed: parseFetched(res), url: res.permanentRedirect ?? url }
    } catch (err) {
      return { error: oneLine(err instanceof Error ? err.message : String(err)) }
    }
  }

  const subscribeFetched: Subscriber['subscribeFetched'] = async (found, settings) => {
    const { res, parsed, url } = found
    const feed =
      findFeed(lib, url) ??
      (await lib.addFeed({ title: parsed.title || hostOf(url), url, siteUrl: parsed.siteUrl, folderId: settings.folderId, fullText: settings.fullText }))
    const outcome = await refresher.ingest(feed, source.read(feed, { ...res, permanentRedirect: null }, parsed))
    return { feed: lib.feed(feed.id) ?? feed, outcome }
  }

  async function subscribe(input: string, opts: SubscribeOptions = {}): Promise<{ feed: Feed; added: number }> {
    const folderId = opts.folderId ?? null
    if (folderId && !lib.folders().some((f) => f.id === folderId)) throw new NotFoundError(`No folder with id ${folderId}.`)
    const { address, typed } = webAddress(input)
    const known = findFeed(lib, address)
    if (known) {
      const outcome = await refresher.refreshFeed(known)
      return { feed: lib.feed(known.id) ?? known, added: outcome.added.length }
    }
    const found = await locateFeed(address, typed)
    const { feed, outcome } = await subscribeFetched(found, { folderId, fullText: opts.fullText ?? false })
    return { feed, added: outcome.added.length }
  }

  return { subscribe, subscribeFetched }
}

/** The subscribed feed at an address, whatever way of writing it. */
export function findFeed(lib: Library, url: string): Feed | undefined {
  const key = normalizeUrl(url)
  return lib.feeds().find((f) => f.url && normalizeUrl(f.url) === key)
}

/** What a person types as an address: "example.com", "feed://…", "https://…". */
export function webAddress(input: string): { address: string; typed: boolean } {
  let value = input.trim()
  value = value.replace(/^feed:(\/\/)?(?=https?:)/i, '').replace(/^feed:\/\//i, 'http://')
  const typed = /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(value)
  const candidate = typed ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    throw new IngestError(`Not a web address: ${input.trim()}`, input)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) throw new IngestError(`Not a web address: ${input.trim()}`, input)
  url.hash = ''
  return { address: url.href, typed }
}
