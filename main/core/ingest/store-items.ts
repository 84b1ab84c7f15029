// Storing items, whichever source brought them: each item sanitized already (by its
// source), its full text fetched when it carries only a summary and its feed asks for
// it, its images stored locally so that the article never points at the network.
import type { ArticleMeta, Feed, NewArticle } from '../../../common/model'
import type { Library } from '../library/library'
import { contentHash, htmlToLines as libraryText } from '../library/text'
import { boundItem } from './bounds'
import { extractPage } from './extract'
import type { Fetcher } from './fetcher'
import { localizeImage, localizeImages } from './localize-images'
import type { MediaStore } from './media-store'
import { mapPool } from './pool'
import { decodePageBytes } from './sniff'

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, application/xml;q=0.5, */*;q=0.3'
/** A page fetched for its full text: far above any article, far below a video. */
const MAX_PAGE_BYTES = 10 * 1024 * 1024
/** Items of one feed prepared at once (page and image downloads overlap across hosts). */
const ITEM_CONCURRENCY = 8
/** Items of one feed stored at once: a 2,000-item feed is written while it downloads. */
const STORE_BATCH = 250
/** Below this many characters an item's text is a summary, whatever it ends with. */
const SUMMARY_CHARS = 700
/** Up to this many, a text that trails off ("…", "[…]", "Read more") is a summary too. */
const TEASER_CHARS = 2000
const TRAILS_OFF = /(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\[&hellip;\]|read more|continue reading[^.]{0,80}|more\s*»|\(more\))\s*$/i

/** What storing a feed's items did. */
export interface StoredItems {
  added: ArticleMeta[]
  updated: number
  /** Items already stored (unchanged, or recognized as another's duplicate). */
  duplicates: number
}

export interface ItemStore {
  /**
   * Stores a feed's items. Items already stored and unchanged are left alone before any
   * page or image is fetched for them; for a full-text feed a stored item is never
   * replaced by its feed summary again.
   */
  store(feed: Feed, items: NewArticle[], baseUrl: string): Promise<StoredItems>
  /** An article's HTML with its images stored locally (or dropped); never throws. */
  localize(html: string, baseUrl: string): Promise<{ html: string; firstImage: string }>
  /** lib.addArticles, one call at a time across the whole service. */
  add(feedId: string | null, articles: NewArticle[]): ReturnType<Library['addArticles']>
}

export function createItemStore(lib: Library, deps: { fetcher: Fetcher; media: MediaStore }): ItemStore {
  const { fetcher, media } = deps
  // addArticles checks for duplicates against what is stored: two feeds adding the same
  // story at the same moment must see each other's, so additions go one at a time.
  let storing: Promise<unknown> = Promise.resolve()
  const add: ItemStore['add'] = (feedId, articles) => {
    // Every item of every source reaches the library here: each field within its bound.
    const bounded = articles.map(boundItem)
    const fn = () => lib.addArticles(feedId, bounded)
    const next = storing.then(fn, fn)
    storing = next.catch(() => {})
    return next
  }

  async function localize(html: string, baseUrl: string): Promise<{ html: string; firstImage: string }> {
    // Most feed items carry no image: skip the DOM for them.
    if (!/<img\b/i.test(html)) return { html, firstImage: '' }
    try {
      const out = await localizeImages(html, baseUrl, { fetcher, media })
      return { html: out.html, firstImage: out.firstImage }
    } catch {
      // Whatever went wrong, no image may be left pointing at the network.
      return { html: html.replace(/<img\b[^>]*>/gi, ''), firstImage: '' }
    }
  }

  async function fetchPage(url: string): Promise<{ html: string; url: string }> {
    const res = await fetcher.fetch(url, { accept: PAGE_ACCEPT, maxBytes: MAX_PAGE_BYTES })
    return { html: decodePageBytes(res.bytes, res.contentType), url: res.url }
  }

  /** Full text (when wanted and missing), then local images; never throws. */
  async function prepareItem(item: NewArticle, feed: Feed, baseUrl: string): Promise<NewArticle> {
    let html = item.html
    const out: NewArticle = { ...item }
    if (feed.fullText && item.url && isSummary(libraryText(html))) {
      try {
        const page = await fetchPage(item.url)
        const extracted = extractPage(page.html, page.url)
        if (extracted.text.length > libraryText(html).length) {
          html = extracted.html
          if (!out.author && extracted.byline) out.author = extracted.byline
          if (!out.published && extracted.published) out.published = extracted.published
        }
      } catch {
        // Best effort: the summary is still the article.
      }
    }
    const base = item.url || baseUrl
    const local = await localize(html, base)
    out.html = local.html
    let image = local.firstImage
    if (!image && item.image) image = await localizeImage(item.image, base, { fetcher, media }).catch(() => '')
    if (image) out.image = image
    else delete out.image
    return out
  }

  async function store(feed: Feed, items: NewArticle[], baseUrl: string): Promise<StoredItems> {
    await lib.ready()
    const wanted: NewArticle[] = []
    let known = 0
    // Bounded before anything is looked up or fetched for them: an item is known by its
    // bounded guid, and an image address too long to keep is not fetched.
    for (const item of items.map(boundItem)) {
      const stored = lib.storedItem(feed.id, item)
      if (stored) {
        // Only an item with a guid is ever updated in place (the library's rule): any
        // other stored one would be fetched for and then dropped as a duplicate.
        const hash = contentHash(libraryText(item.html))
        if (feed.fullText || !item.guid || !hash || hash === stored.contentHash) {
          known++
          continue
        }
      }
      wanted.push(item)
    }
    // In batches, each stored as soon as it is ready: one batch's bodies and index are
    // written while the next one's pages and images download. Batches are stored in feed
    // order, one after another, so each sees the ones before it (duplicates within a feed).
    const out: StoredItems = { added: [], updated: 0, duplicates: known }
    let failure: { error: unknown } | null = null
    let stored: Promise<void> = Promise.resolve()
    for (let from = 0; from < wanted.length && !failure; from += STORE_BATCH) {
      const prepared = await mapPool(wanted.slice(from, from + STORE_BATCH), ITEM_CONCURRENCY, (item) => prepareItem(item, feed, baseUrl))
      // Never rejects (a failure is kept for below), so no rejection is left unhandled while
      // the next batch downloads.
      stored = stored.then(async () => {
        if (failure) return
        try {
          const result = await add(feed.id, prepared)
          out.added.push(...result.added)
          out.updated += result.updated.length
          out.duplicates += result.duplicates
        } catch (error) {
          failure = { error }
        }
      })
    }
    await stored
    if (failure) throw (failure as { error: unknown }).error
    return out
  }

  return { store, localize, add }
}

/** True when an item's text is a teaser for the page rather than the article. */
export function isSummary(text: string): boolean {
  const length = text.trim().length
  return length < SUMMARY_CHARS || (length < TEASER_CHARS && TRAILS_OFF.test(text.trim()))
}
