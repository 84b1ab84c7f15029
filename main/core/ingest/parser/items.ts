// What every format reduces an item to (RawItem), and the finishing steps they share:
// titles, links, dates, HTML and images, each taken from the first candidate that gives one.
import type { NewArticle } from '../../../../common/model'
import { httpUrl } from '../../base/url'
import { parseDate } from './dates'
import { collapseWhitespace, htmlToOneLine, titleFromText } from './text'
import type { FeedFormat, ParsedFeed, ParseFeedOptions } from './types'

export interface Context {
  opts: ParseFeedOptions
  format: FeedFormat
  feedTitle: string
  /** Default item author (the feed's own author), '' if none. */
  feedAuthor: string
}

/** What every format reduces an item to before the common finishing steps. */
export interface RawItem {
  guid?: string
  links: (string | undefined)[]
  titles: (string | undefined)[]
  /** The first title is plain text (Atom type="text"): do not strip tags from it. */
  titleIsText?: boolean
  authors: (string | undefined)[]
  dates: (string | undefined)[]
  html?: string
  images: (string | undefined)[]
  base: string
}

export function mapItems<T>(list: readonly T[] | undefined, ctx: Context, toRaw: (item: T) => RawItem | undefined): NewArticle[] {
  const out: NewArticle[] = []
  for (const item of list ?? []) {
    try {
      const raw = toRaw(item)
      const article = raw && finishItem(raw, ctx)
      if (article) out.push(article)
    } catch {
      // One unreadable item must not cost the reader the others.
    }
  }
  return out
}

function finishItem(raw: RawItem, ctx: Context): NewArticle | undefined {
  const url = firstOf(raw.links, (l) => httpUrl(l, raw.base))
  // Relative addresses inside the HTML follow xml:base scoping (as feedparser and
  // node-feedparser do), not the item's own link; the link only when nothing else exists.
  const html = raw.html?.trim() ? ctx.opts.sanitize(raw.html, raw.base || url) : ''
  const guid = raw.guid?.trim() || undefined
  let title = ''
  for (let i = 0; i < raw.titles.length && !title; i++) {
    const t = raw.titles[i]
    if (t) title = i === 0 && raw.titleIsText ? collapseWhitespace(t) : htmlToOneLine(t)
  }
  if (!title) title = titleFromText(html) || titleFromText(raw.html ?? '')
  if (!title && !url && !guid && !html) return undefined
  if (!title) title = url ? titleFromUrl(url) : 'Untitled'

  const article: NewArticle = { title, html }
  if (guid) article.guid = guid
  if (url) article.url = url
  const author = firstText(raw.authors) || ctx.feedAuthor
  if (author) article.author = author
  if (ctx.feedTitle) article.siteName = ctx.feedTitle
  const published = firstOf(raw.dates, parseDate)
  if (published) article.published = published
  const image = firstOf(raw.images, (i) => httpUrl(i, raw.base))
  if (image) article.image = image
  return article
}

export function firstOf<T>(list: readonly (T | undefined)[], map: (value: T) => string | undefined): string {
  for (const value of list) {
    if (value === undefined || value === null) continue
    const mapped = map(value)
    if (mapped) return mapped
  }
  return ''
}

export function firstText(list: readonly (string | undefined)[]): string {
  return firstOf(list, (s) => htmlToOneLine(s) || undefined)
}

export function feedTitle(candidates: (string | undefined)[], siteUrl: string, feedUrl: string | undefined): string {
  const title = firstText(candidates)
  if (title) return title
  for (const address of [siteUrl, feedUrl]) {
    if (!address) continue
    try {
      return new URL(address).hostname.replace(/^www\./, '')
    } catch {
      // not an address
    }
  }
  return ''
}

/** The feed with its icon, when it has one (no key at all otherwise). */
export function withIcon(feed: ParsedFeed, icon: string): ParsedFeed {
  if (icon) feed.icon = icon
  return feed
}

/** The base for a scope: its xml:base resolved against the outer base. */
export function resolveBase(xmlBase: string | undefined, outer: string | undefined): string {
  if (!xmlBase) return outer ?? ''
  try {
    return new URL(xmlBase.trim(), outer || undefined).href
  } catch {
    return outer ?? ''
  }
}

function titleFromUrl(url: string): string {
  try {
    const u = new URL(url)
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '')
    const words = last.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[-_+]+/g, ' ').trim()
    return words || u.hostname
  } catch {
    return url
  }
}
