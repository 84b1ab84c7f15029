// How long a field that comes from a feed or a page may be when it is stored. Without a
// bound a 5 MB title went into library.json, rewritten on every change, and a 5 MB guid
// into a day's index shard. Text is cut at a word, with '…'; an address over its bound is
// dropped, as a cut address is a wrong one; a guid over its bound is replaced by a hash
// of it, so the same item is still recognized the next time. The bodies have their own
// bound (the feed's size), and an article's excerpt is made by the library (≤ 200 chars).
//
// Longest seen in the corpus's 500 parsed feeds (~3,000 items): feed title 79, item title
// 277, author 242, guid 216, address 251, image address 231. Each bound is several times that.
import { createHash } from 'node:crypto'
import type { NewArticle } from '../../../common/model'
import { LIMITS } from '../../../common/limits'
import { excerptOf } from '../library/text'
import type { ParsedFeed } from './parser'
import type { FeedState } from './source'

/** A feed's title: the bound a user's own rename has. */
export const MAX_FEED_TITLE_CHARS = LIMITS.feedTitle
export const MAX_ITEM_TITLE_CHARS = 1000
/** An author's or a site's name. */
export const MAX_NAME_CHARS = 500
/** Any address (item, site, feed, image, icon): the bound the bridge puts on one. */
export const MAX_URL_CHARS = LIMITS.url
export const MAX_GUID_CHARS = 1024
/** ETag and Last-Modified, kept only to be sent back. */
export const MAX_VALIDATOR_CHARS = 1024
/** An OPML folder's name: the bound a user's own has. */
export const MAX_FOLDER_NAME_CHARS = LIMITS.folderName

/** Text of at most `max` characters: cut at a word, ending in '…', when it was longer. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text
  // excerptOf adds '…' after its `max`; a surrogate pair cut in two loses its half.
  return excerptOf(text, max - 1).replace(/[\uD800-\uDBFF](?=…$)/, '')
}

/** An address within its bound, else '' (never a cut one). */
export function boundUrl(url: string): string {
  return url.length <= MAX_URL_CHARS ? url : ''
}

/** A guid within its bound, else a hash of it: the same long guid gives the same one. */
export function boundGuid(guid: string): string {
  return guid.length <= MAX_GUID_CHARS ? guid : `sha256:${createHash('sha256').update(guid).digest('base64url')}`
}

/** An item as it may be stored. */
export function boundItem(item: NewArticle): NewArticle {
  const out: NewArticle = { ...item, title: boundText(item.title, MAX_ITEM_TITLE_CHARS) }
  if (item.guid !== undefined) out.guid = boundGuid(item.guid)
  if (item.author !== undefined) out.author = boundText(item.author, MAX_NAME_CHARS)
  if (item.siteName !== undefined) out.siteName = boundText(item.siteName, MAX_NAME_CHARS)
  for (const key of ['url', 'image'] as const) {
    if ((item[key]?.length ?? 0) > MAX_URL_CHARS) delete out[key]
  }
  return out
}

/** A feed's new state as it may be saved: an address over its bound is not taken (the feed keeps its own). */
export function boundFeedState(state: FeedState): FeedState {
  const out: FeedState = { ...state }
  if (state.title !== undefined) out.title = boundText(state.title, MAX_FEED_TITLE_CHARS)
  for (const key of ['url', 'siteUrl', 'redirectedFrom', 'icon'] as const) {
    if ((state[key]?.length ?? 0) > MAX_URL_CHARS) delete out[key]
  }
  // Not moved after all: it was not redirected from anywhere either.
  if (state.url !== undefined && out.url === undefined) delete out.redirectedFrom
  // Cleared rather than left as it was: the one kept would describe an older response.
  for (const key of ['etag', 'lastModified'] as const) {
    if ((state[key]?.length ?? 0) > MAX_VALIDATOR_CHARS) out[key] = undefined
  }
  return out
}

/**
 * A parsed feed's own fields (title, addresses, icon) within their bounds: a feed is
 * added with them before any of its state is saved. Its items are bounded where every
 * source's are, when they are stored (store-items.ts).
 */
export function boundFeedDocument(doc: ParsedFeed): ParsedFeed {
  const out: ParsedFeed = { ...doc, title: boundText(doc.title, MAX_FEED_TITLE_CHARS), siteUrl: boundUrl(doc.siteUrl), feedUrl: boundUrl(doc.feedUrl) }
  if (doc.icon !== undefined) out.icon = boundUrl(doc.icon)
  return out
}
