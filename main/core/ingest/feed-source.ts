// Feed documents (RSS, Atom, RDF, JSON Feed) fetched from their own addresses: the first
// source of articles. A feed's state is its validators and the hash of the last body read
// in full: a conditional GET (ETag, Last-Modified), a body whose hash is unchanged is not
// parsed again, and a permanent redirect moves the feed.
import { createHash } from 'node:crypto'
import type { Feed } from '../../../common/model'
import { boundFeedDocument } from './bounds'
import { iconDue } from './feed-icon'
import type { Fetcher, FetchResult } from './fetcher'
import { parseFeed, type ParsedFeed } from './parser'
import { sanitizeHtml } from './sanitize'
import type { ArticleSource, FeedState, SourceItems } from './source'

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, text/html;q=0.5, */*;q=0.3'

export interface FeedSource extends ArticleSource {
  /** What a body already fetched brings: a subscribe fetches and parses before the feed exists. */
  read(feed: Feed, res: FetchResult, parsed?: ParsedFeed): SourceItems
}

export function createFeedSource(deps: { fetcher: Fetcher; now: () => Date }): FeedSource {
  const { fetcher, now } = deps

  function read(feed: Feed, res: FetchResult, parsed?: ParsedFeed): SourceItems {
    const state: FeedState = {}
    const moved = res.permanentRedirect
    if (moved && moved !== feed.url) {
      state.url = moved
      state.redirectedFrom = feed.url
    }
    if (res.notModified) {
      if (res.etag) state.etag = res.etag
      if (res.lastModified) state.lastModified = res.lastModified
      return { unchanged: true, items: [], baseUrl: res.url, state }
    }
    // Validators describe this response: one the server no longer sends is dropped.
    state.etag = res.etag
    state.lastModified = res.lastModified
    const bodyHash = createHash('sha256').update(res.bytes).digest('base64url')
    if (!parsed && bodyHash === feed.bodyHash) {
      // Read again only for its icon, and only when one is being looked for (monthly at most).
      const icon = iconDue(feed, now()) ? declaredIcon(res) : undefined
      return { unchanged: true, items: [], baseUrl: res.url, state, icon }
    }
    const doc = parsed ?? parseFetched(res)
    // Saved only once the items are stored: a body that failed is read again next time.
    state.bodyHash = bodyHash
    if (!feed.siteUrl && doc.siteUrl) state.siteUrl = doc.siteUrl
    if (doc.title && isPlaceholderTitle(feed)) state.title = doc.title
    return { unchanged: false, items: doc.items, baseUrl: doc.siteUrl || res.url, state, icon: doc.icon ?? '' }
  }

  return {
    feeds: (selected) => interleaveHosts(selected.filter((f) => f.url)),
    async fetch(feed) {
      const res = await fetcher.fetch(feed.url, { etag: feed.etag, lastModified: feed.lastModified, accept: FEED_ACCEPT })
      return read(feed, res)
    },
    read,
  }
}

/** A fetched feed body, parsed and sanitized. */
export function parseFetched(res: FetchResult): ParsedFeed {
  return parseFeedDocument(res.bytes, { url: res.url, contentType: res.contentType })
}

/** A feed document parsed and sanitized, its own fields bounded: a subscribe or an import adds the feed with them. */
export function parseFeedDocument(content: Uint8Array | string, opts: { url?: string; contentType?: string }): ParsedFeed {
  return boundFeedDocument(parseFeed(content, { ...opts, sanitize: sanitizeHtml }))
}

function declaredIcon(res: FetchResult): string {
  try {
    return parseFetched(res).icon ?? ''
  } catch {
    return ''
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}

/** A title the user did not choose: empty, or the host name a feed was added under. */
function isPlaceholderTitle(feed: Feed): boolean {
  return !feed.title.trim() || feed.title === hostOf(feed.url) || feed.title === 'Imported feed'
}

/**
 * Orders feeds so that consecutive ones are on different hosts: the fetcher allows one
 * connection per host, and twenty feeds of one site in a row would idle the other workers.
 */
export function interleaveHosts(feeds: Feed[]): Feed[] {
  const groups = new Map<string, Feed[]>()
  for (const feed of feeds) {
    const host = hostOf(feed.url)
    const group = groups.get(host)
    if (group) group.push(feed)
    else groups.set(host, [feed])
  }
  const out: Feed[] = []
  const queues = [...groups.values()]
  for (let round = 0; out.length < feeds.length; round++) {
    for (const queue of queues) if (round < queue.length) out.push(queue[round]!)
  }
  return out
}
