// A feed document (bytes or text) → the feed's title, addresses and its items as
// NewArticles. Pure: no network, no storage. RSS 0.9x/2.0, RSS 1.0/RDF and Atom
// 0.3/1.0 go through feedsmith (EVALUATION.md §1: most real feeds parsed, fastest);
// JSON Feed 1.0/1.1 (and Dave Winer's RSS-in-JSON) are plain JSON, read here, because
// feedsmith rejects JSON Feeds whose version is written "1.1" instead of the URL.
//
// Choices a reader of the results should know:
// - Titles are plain text: tags stripped, entities decoded (also double-escaped ones
//   such as "&amp;amp;"), whitespace collapsed. An Atom title typed "text" is
//   taken literally, as its spec says ("History of the <blink> tag").
// - An item without a title is titled by the first words of its text, then by its
//   address, then "Untitled"; an item with no title, address, id or HTML is dropped.
// - Relative addresses resolve against, in order: the item's xml:base, the feed's
//   xml:base, then for RSS/RDF the channel <link> (what the publisher means by
//   "relative": node-feedparser and NetNewsWire agree), and opts.url. For Atom the
//   document address comes before the site link, as RFC 4287 says.
// - Only http(s) addresses are kept for links and images: a feed cannot smuggle a
//   javascript: URL into the reader.
// - feedUrl is opts.url when given (where we really fetched it); the feed's own
//   rel="self" is used only when there is no opts.url, since self links are often stale.
// - Dates become ISO 8601 in UTC; a date without a zone is read as UTC (the machine's
//   zone would make results depend on where they are parsed); invalid dates are omitted.
// - A malformed document is repaired when the damage is local (a truncated download,
//   an unclosed or misnested tag, items without a <channel>); what cannot be read
//   throws an IngestError with a one-line message.
import {
  DetectError,
  MalformedError,
  parseAtomFeed,
  parseRdfFeed,
  parseRssFeed,
  type AtomFeed,
  type MediaNs,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith'
import type { NewArticle } from '../../../../common/model'
import { decodeFeedBytes } from '../decode'
import { IngestError, oneLine } from '../errors'

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json'

export interface ParsedFeed {
  format: FeedFormat
  title: string
  /** The site's home page ('' when the feed names none). */
  siteUrl: string
  /** The feed document's address: opts.url, else the feed's rel="self", else ''. */
  feedUrl: string
  /**
   * The small image the feed declares for itself (absolute http(s)), when it declares
   * one: JSON Feed favicon then icon, Atom <icon> (never <logo>, a banner), the RSS
   * channel's <image>.
   */
  icon?: string
  items: NewArticle[]
}

export interface ParseFeedOptions {
  /** Where the document came from: the base for relative addresses, and feedUrl. */
  url?: string
  /** The HTTP Content-Type, for its charset (only used when input is bytes). */
  contentType?: string
  /** Cleans item HTML; baseUrl is the item's base for resolving relative addresses. */
  sanitize: (html: string, baseUrl: string) => string
}

/**
 * Parses a feed. Bytes are gunzipped and decoded first (see decode.ts); a string is
 * taken as already decoded. Throws IngestError (one-line message, `source` = opts.url)
 * when nothing can be read; items that cannot be read are skipped.
 */
export function parseFeed(input: Uint8Array | string, opts: ParseFeedOptions): ParsedFeed {
  try {
    const text = typeof input === 'string' ? input : decodeFeedBytes(input, opts.contentType)
    return parseFeedText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, opts)
  } catch (error) {
    // The message names the source too: it is shown on its own in refresh summaries.
    const from = opts.url ? ` (${opts.url})` : ''
    if (error instanceof IngestError) {
      if (error.source || !opts.url) throw error
      throw new IngestError(`${error.message}${from}`, opts.url, { cause: error.cause })
    }
    // Anything else is a bug in a parser: still one clear line for the user.
    throw new IngestError(`Could not read the feed: ${oneLine(String((error as Error)?.message ?? error), 200)}${from}`, opts.url, { cause: error })
  }
}

function parseFeedText(text: string, opts: ParseFeedOptions): ParsedFeed {
  const start = firstNonSpace(text)
  if (start < 0) throw new IngestError('The feed is empty')
  const first = text[start]
  if (first === '{' || first === '[') return parseJsonFeed(text.slice(start), opts)

  const root = rootElementName(text, start)
  if (root === '') throw new IngestError('The feed is empty: it holds no elements')
  const local = root?.slice(root.indexOf(':') + 1).toLowerCase()
  switch (local) {
    case 'rss':
      return fromRss(parseXml(unprefixRoot(text, root!), 'rss'), opts)
    case 'feed':
      return fromAtom(parseXml(text, 'atom'), opts)
    case 'rdf':
      return fromRdf(parseXml(text, 'rdf'), opts)
    case 'html':
    case 'head':
    case 'body':
      throw new IngestError('Not a feed: this is an HTML page (look for its feed links instead)')
    case 'opml':
      throw new IngestError('Not a feed: this is an OPML subscription list (import it instead)')
    case undefined:
      break
    default:
      throw new IngestError(`Not a feed: the document's root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`)
  }
  if (/<(html|body)[\s>]/i.test(text.slice(0, 2048))) {
    throw new IngestError('Not a feed: this is an HTML page (look for its feed links instead)')
  }
  throw new IngestError('Not a feed: no <rss>, <feed> or <rdf:RDF> element, and not JSON')
}

// ---------------------------------------------------------------------------------
// XML through feedsmith, with repair of local damage

type XmlResult =
  | { format: 'rss'; feed: RssFeed.Feed<string> }
  | { format: 'atom'; feed: AtomFeed.Feed<string> }
  | { format: 'rdf'; feed: RdfFeed.Feed<string> }

function parseXml(text: string, format: 'rss'): RssFeed.Feed<string>
function parseXml(text: string, format: 'atom'): AtomFeed.Feed<string>
function parseXml(text: string, format: 'rdf'): RdfFeed.Feed<string>
function parseXml(text: string, format: XmlResult['format']): XmlResult['feed'] {
  const run = (t: string) => (format === 'rss' ? parseRssFeed(t) : format === 'atom' ? parseAtomFeed(t) : parseRdfFeed(t))
  try {
    return run(text)
  } catch (error) {
    if (error instanceof MalformedError) {
      try {
        // feedsmith throws for a repaired document that holds nothing: then the
        // original error is the one to report.
        return run(repairXml(text))
      } catch {
        // reported below
      }
      const cause = (error as { cause?: Error }).cause
      throw new IngestError(`Malformed XML in ${FORMAT_NAMES[format]} feed: ${cause?.message ?? error.message}`, undefined, { cause: error })
    }
    if (error instanceof DetectError) {
      throw new IngestError(`Not a feed: the <${format === 'rdf' ? 'rdf:RDF' : format === 'rss' ? 'rss' : 'feed'}> document has none of a feed's elements`, undefined, { cause: error })
    }
    // feedsmith's ParseError: the root is there but holds nothing it recognizes.
    // RSS items placed directly under <rss> (no <channel>) are common enough to rescue.
    if (format === 'rss' && !/<channel[\s>/]/i.test(text)) {
      try {
        return run(text.replace(/<rss\b[^>]*>/i, '$&<channel>').replace(/<\/rss\s*>(?![\s\S]*<\/rss)/i, '</channel>$&'))
      } catch {
        // fall through to the empty feed
      }
    }
    // A feed with no channel data and no items is empty, not broken.
    return {} as XmlResult['feed']
  }
}

const FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', rdf: 'RDF', json: 'JSON' } as const

// Elements HTML leaves unclosed; inside an unescaped description they must not be
// taken for open XML elements.
const HTML_VOID = new Set(['br', 'img', 'hr', 'input', 'wbr', 'area', 'col', 'embed', 'param', 'track'])

/**
 * Makes XML well-formed where the damage is local: cuts an unfinished construct at
 * the end (a truncated download) together with the item or entry it was in, closes
 * elements left open, drops closing tags that close nothing and closes the inner
 * elements a misplaced closing tag implies.
 */
export function repairXml(input: string): string {
  const text = cutUnterminated(input)
  const markup =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/gi
  const out: string[] = []
  const stack: { name: string; at: number }[] = []
  let last = 0
  for (const m of text.matchAll(markup)) {
    const at = m.index
    out.push(text.slice(last, at))
    last = at + m[0].length
    const name = m[2]
    if (!name) {
      out.push(m[0])
      continue
    }
    const lower = name.toLowerCase()
    if (m[1]) {
      let open = stack.length - 1
      while (open >= 0 && stack[open]!.name !== lower) open--
      if (open < 0) continue // closes nothing: drop it
      while (stack.length > open + 1) out.push(`</${stack.pop()!.name}>`)
      stack.pop()
      out.push(`</${name}>`)
    } else {
      if (!m[4] && !HTML_VOID.has(lower)) stack.push({ name: lower, at: out.length })
      out.push(m[0])
    }
  }
  let tail = text.slice(last)
  // An unfinished tag at the end: a cut-off download.
  const cut = tail.search(/<[A-Za-z_/!?]/)
  if (cut >= 0) tail = tail.slice(0, cut)
  out.push(tail)
  // An item cut off in the middle would be stored incomplete and, its guid known,
  // never fixed by a later refresh: leave it out so the next refresh brings it whole.
  const cutItem = stack.findIndex((e) => /(^|:)(item|entry)$/.test(e.name))
  if (cutItem >= 0) {
    out.length = stack[cutItem]!.at
    stack.length = cutItem
  }
  while (stack.length) out.push(`</${stack.pop()!.name}>`)
  return out.join('')
}

/** Drops a CDATA section or comment that never ends, and what follows it. */
function cutUnterminated(text: string): string {
  let result = text
  for (const [open, close] of [['<![CDATA[', ']]>'], ['<!--', '-->']] as const) {
    const start = result.lastIndexOf(open)
    if (start >= 0 && result.indexOf(close, start + open.length) < 0) result = result.slice(0, start)
  }
  return result
}

/**
 * <r:rss xmlns:r="…"><r:channel>…: RSS 2.0 with every element in a prefixed namespace.
 * feedsmith reads RSS elements without a prefix only, so the prefix is dropped.
 */
function unprefixRoot(text: string, root: string): string {
  const colon = root.indexOf(':')
  if (colon < 0) return text
  const prefix = root.slice(0, colon).replace(/[^\w.-]/g, '')
  return text.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1')
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return i
  }
  return -1
}

/**
 * Name of the first element, after the XML declaration, comments and a DOCTYPE;
 * '' when there is nothing else, undefined when something that is not markup comes first.
 */
function rootElementName(text: string, from: number): string | undefined {
  let i = from
  while (i < text.length) {
    i = firstNonSpaceFrom(text, i)
    if (i < 0) return ''
    if (text.charCodeAt(i) !== 0x3c) return undefined
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2)
      if (end < 0) return undefined
      i = end + 2
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end < 0) return undefined
      i = end + 3
    } else if (text.startsWith('<!', i)) {
      const gt = text.indexOf('>', i)
      const bracket = text.indexOf('[', i)
      if (gt < 0) return undefined
      if (bracket >= 0 && bracket < gt) {
        const close = text.indexOf(']', bracket)
        const end = close < 0 ? -1 : text.indexOf('>', close)
        if (end < 0) return undefined
        i = end + 1
      } else i = gt + 1
    } else {
      return /^<([A-Za-z_][\w:.-]*)/.exec(text.slice(i, i + 200))?.[1]
    }
  }
  return ''
}

function firstNonSpaceFrom(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i
  }
  return -1
}

// ---------------------------------------------------------------------------------
// Per-format mapping

interface Context {
  opts: ParseFeedOptions
  format: FeedFormat
  feedTitle: string
  /** Default item author (the feed's own author), '' if none. */
  feedAuthor: string
}

/** What every format reduces an item to before the common finishing steps. */
interface RawItem {
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

function fromRss(feed: RssFeed.Feed<string>, opts: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, opts.url)
  const siteUrl = httpUrl(feed.link, docBase) || atomLink(feed.atom?.links, 'alternate', docBase)
  const feedBase = resolveBase(feed.xml?.base, siteUrl || opts.url)
  const selfUrl = atomLink(feed.atom?.links, 'self', docBase)
  const ctx: Context = {
    opts,
    format: 'rss',
    feedTitle: feedTitle([feed.title, feed.itunes?.title, feed.dc?.titles?.[0]], siteUrl, opts.url || selfUrl),
    feedAuthor: firstText([feed.itunes?.author, feed.dc?.creators?.[0], ...(feed.atom?.authors ?? []).map((a) => a.name)]),
  }
  const items = mapItems(feed.items, ctx, (item) => {
    const guid = item.guid?.value
    const guidIsLink = item.guid?.isPermaLink !== false && guid !== undefined && /^https?:\/\//i.test(guid)
    return {
      guid,
      links: [item.link, guidIsLink ? guid : undefined, atomLink(item.atom?.links, 'alternate', '')],
      titles: [item.title, item.itunes?.title, mediaTitle(item.media), item.dc?.titles?.[0], item.atom?.title?.value],
      authors: [...(item.authors ?? []).map((a) => a.name ?? a.email), ...(item.dc?.creators ?? []), item.itunes?.author],
      dates: [item.pubDate, item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.dcterms?.created?.[0], item.atom?.published, item.atom?.updated, item.dcterms?.modified?.[0]],
      html: item.content?.encoded ?? item.description ?? item.itunes?.summary ?? mediaDescription(item.media),
      images: [...mediaImages(item.media), ...enclosureImages(item.enclosures), item.itunes?.image],
      base: resolveBase(item.xml?.base, feedBase),
    }
  })
  return withIcon({ format: 'rss', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, httpUrl(feed.image?.url, feedBase))
}

function fromRdf(feed: RdfFeed.Feed<string>, opts: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, opts.url)
  const siteUrl = httpUrl(feed.link, docBase)
  const feedBase = resolveBase(feed.xml?.base, siteUrl || opts.url)
  const selfUrl = atomLink(feed.atom?.links, 'self', docBase)
  const ctx: Context = {
    opts,
    format: 'rdf',
    feedTitle: feedTitle([feed.title, feed.dc?.titles?.[0]], siteUrl, opts.url || selfUrl),
    feedAuthor: firstText([feed.dc?.creators?.[0], feed.dc?.publishers?.[0]]),
  }
  const items = mapItems(feed.items, ctx, (item) => ({
    guid: item.rdf?.about ?? item.link,
    links: [item.link, item.rdf?.about],
    titles: [item.title, item.dc?.titles?.[0], mediaTitle(item.media)],
    authors: [...(item.dc?.creators ?? [])],
    dates: [item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.dcterms?.created?.[0], item.dcterms?.modified?.[0]],
    html: item.content?.encoded ?? item.description ?? item.dc?.descriptions?.[0],
    images: mediaImages(item.media),
    base: resolveBase(item.xml?.base, feedBase),
  }))
  return withIcon({ format: 'rdf', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, httpUrl(feed.image?.url, feedBase))
}

function fromAtom(feed: AtomFeed.Feed<string>, opts: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, opts.url)
  const siteUrl = atomLink(feed.links, 'alternate', docBase)
  const feedBase = docBase || siteUrl
  const selfUrl = atomLink(feed.links, 'self', docBase)
  const ctx: Context = {
    opts,
    format: 'atom',
    feedTitle: feedTitle([typedText(feed.title), feed.dc?.titles?.[0]], siteUrl, opts.url || selfUrl),
    feedAuthor: firstText([...(feed.authors ?? []).map((a) => a.name), feed.itunes?.author, feed.dc?.creators?.[0]]),
  }
  const items = mapItems(feed.entries, ctx, (entry) => {
    const base = resolveBase(entry.xml?.base, feedBase)
    const content = entry.content?.src ? undefined : entry.content
    const body = content?.value !== undefined ? content : entry.summary
    const titleIsText = isTextType(entry.title?.type)
    return {
      guid: entry.id,
      links: [atomLink(entry.links, 'alternate', base), entry.id && /^https?:\/\//i.test(entry.id) ? entry.id : undefined, entry.content?.src],
      titles: [titleIsText ? entry.title?.value : typedText(entry.title), entry.itunes?.title, mediaTitle(entry.media), entry.dc?.titles?.[0]],
      titleIsText,
      authors: [
        ...(entry.authors ?? []).map((a) => a.name ?? a.email),
        ...(entry.dc?.creators ?? []),
        ...(entry.source?.authors ?? []).map((a) => a.name),
      ],
      dates: [entry.published, entry.updated, entry.dc?.dates?.[0], entry.dcterms?.issued?.[0], entry.dcterms?.created?.[0]],
      html: body ? typedHtml(body) : mediaDescription(entry.media),
      images: [...mediaImages(entry.media), ...atomImageLinks(entry.links), entry.itunes?.image],
      base: resolveBase(body?.xml?.base, base),
    }
  })
  return withIcon({ format: 'atom', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, httpUrl(feed.icon, feedBase))
}

// ---------------------------------------------------------------------------------
// JSON Feed (https://jsonfeed.org/version/1.1) and RSS-in-JSON (rss.channel.item)

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined
const jsonAuthors = (v: Json): string[] => {
  const list = Array.isArray(v.authors) ? v.authors : isObject(v.author) ? [v.author] : []
  return list.filter(isObject).map((a) => str(a.name) ?? '').filter(Boolean)
}

function parseJsonFeed(text: string, opts: ParseFeedOptions): ParsedFeed {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    doc = parseTruncatedJson(text)
    if (doc === undefined) throw new IngestError(`Malformed JSON: ${oneLine((error as Error).message)}`, undefined, { cause: error })
  }
  if (!isObject(doc)) throw new IngestError('Not a feed: the JSON document is not a JSON Feed object')
  if (isObject(doc.rss) && isObject(doc.rss.channel)) return fromRssInJson(doc.rss.channel, opts)
  const version = str(doc.version) ?? ''
  if (!Array.isArray(doc.items) && !/jsonfeed/i.test(version)) {
    throw new IngestError('Not a feed: the JSON document has no "items" and no JSON Feed "version"')
  }

  const docBase = opts.url ?? ''
  const siteUrl = httpUrl(str(doc.home_page_url), docBase)
  const selfUrl = httpUrl(str(doc.feed_url), docBase)
  const feedBase = siteUrl || docBase
  const ctx: Context = {
    opts,
    format: 'json',
    feedTitle: feedTitle([str(doc.title)], siteUrl, opts.url || selfUrl),
    feedAuthor: jsonAuthors(doc).join(', '),
  }
  const items = mapItems(Array.isArray(doc.items) ? doc.items : [], ctx, (item: unknown) => {
    if (!isObject(item)) return undefined
    const attachments = Array.isArray(item.attachments) ? item.attachments.filter(isObject) : []
    const contentText = str(item.content_text)
    const summary = str(item.summary)
    return {
      guid: str(item.id),
      links: [str(item.url), str(item.external_url)],
      titles: [str(item.title)],
      titleIsText: true,
      authors: jsonAuthors(item),
      dates: [str(item.date_published), str(item.date_modified)],
      html: str(item.content_html) ?? (contentText !== undefined ? textToHtml(contentText) : summary !== undefined ? textToHtml(summary) : undefined),
      images: [
        str(item.image),
        str(item.banner_image),
        ...attachments.filter((a) => String(a.mime_type ?? '').startsWith('image/')).map((a) => str(a.url)),
      ],
      base: feedBase,
    }
  })
  const icon = httpUrl(str(doc.favicon), feedBase) || httpUrl(str(doc.icon), feedBase)
  return withIcon({ format: 'json', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, icon)
}

function fromRssInJson(channel: Json, opts: ParseFeedOptions): ParsedFeed {
  const docBase = opts.url ?? ''
  const siteUrl = httpUrl(str(channel.link), docBase)
  const feedBase = siteUrl || docBase
  const ctx: Context = { opts, format: 'rss', feedTitle: feedTitle([str(channel.title)], siteUrl, opts.url), feedAuthor: '' }
  const list = Array.isArray(channel.item) ? channel.item : isObject(channel.item) ? [channel.item] : []
  const items = mapItems(list, ctx, (item: unknown) => {
    if (!isObject(item)) return undefined
    const guid = isObject(item.guid) ? str(item.guid.value ?? item.guid['#value']) : str(item.guid)
    const permalink = !(isObject(item.guid) && String(item.guid.isPermaLink) === 'false')
    return {
      guid,
      links: [str(item.link), permalink && guid && /^https?:\/\//i.test(guid) ? guid : undefined],
      titles: [str(item.title)],
      authors: [str(item.author)],
      dates: [str(item.pubDate)],
      html: str(item.description),
      images: [],
      base: feedBase,
    }
  })
  const image = isObject(channel.image) ? str(channel.image.url) : undefined
  return withIcon({ format: 'rss', title: ctx.feedTitle, siteUrl, feedUrl: opts.url ?? '', items }, httpUrl(image, feedBase))
}

/**
 * A cut-off JSON download: the longest prefix that ends after a complete object or
 * array, closed. Returns undefined when nothing parses.
 */
export function parseTruncatedJson(text: string): unknown {
  const cuts: { at: number; open: string }[] = []
  const stack: string[] = []
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']')
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return undefined
      if (stack.length > 0) cuts.push({ at: i + 1, open: stack.join('') })
    }
  }
  if (stack.length === 0) return undefined // complete but invalid: not a truncation
  for (let k = cuts.length - 1, tries = 0; k >= 0 && tries < 20; k--, tries++) {
    const { at, open } = cuts[k]!
    try {
      return JSON.parse(text.slice(0, at) + [...open].reverse().join(''))
    } catch {
      // try an earlier cut
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------
// Common finishing: titles, links, dates, html, images

function mapItems<T>(list: readonly T[] | undefined, ctx: Context, toRaw: (item: T) => RawItem | undefined): NewArticle[] {
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
    if (t) title = i === 0 && raw.titleIsText ? collapseWhitespace(t) : htmlToText(t)
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

function firstOf<T>(list: readonly (T | undefined)[], map: (value: T) => string | undefined): string {
  for (const value of list) {
    if (value === undefined || value === null) continue
    const mapped = map(value)
    if (mapped) return mapped
  }
  return ''
}

function firstText(list: readonly (string | undefined)[]): string {
  return firstOf(list, (s) => htmlToText(s) || undefined)
}

function feedTitle(candidates: (string | undefined)[], siteUrl: string, feedUrl: string | undefined): string {
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

const isTextType = (type: string | undefined) => !type || type === 'text' || type === 'text/plain'

const isHtmlType = (type: string | undefined) =>
  type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml'

/**
 * Atom 0.3 allowed any MIME type in a text construct, base64-encoded
 * ("application/octet-stream"). Such a value is decoded and read as HTML; undefined
 * when it is not base64 text.
 */
function base64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '')
  if (!compact || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined
  const decoded = Buffer.from(compact, 'base64').toString('utf8')
  return decoded.includes('\ufffd') ? undefined : decoded
}

/** Atom text construct → a string that can be handed to htmlToText. */
function typedText(text: AtomFeed.Text | undefined): string | undefined {
  if (!text) return undefined
  const type = text.type?.toLowerCase()
  if (isTextType(type)) return escapeHtml(text.value)
  if (isHtmlType(type)) return text.value
  return base64Text(text.value)
}

/** Atom content/summary → HTML. */
function typedHtml(content: { value?: string; type?: string }): string | undefined {
  if (content.value === undefined) return undefined
  const type = content.type?.toLowerCase()
  if (isHtmlType(type)) return content.value
  if (isTextType(type)) return textToHtml(content.value)
  return base64Text(content.value) // other media types: only base64 text is readable
}

function atomLink(links: readonly AtomFeed.Link<string>[] | undefined, rel: 'alternate' | 'self', base: string): string {
  if (!links?.length) return ''
  const matches = links.filter((l) => (l.rel ?? 'alternate').toLowerCase() === rel && l.href)
  // A link typed as HTML says most clearly "this is the page"; untyped ones come next.
  const ranked = [...matches.filter((l) => l.type && /html/i.test(l.type)), ...matches.filter((l) => !l.type), ...matches]
  return firstOf(ranked, (l) => httpUrl(l.href, base))
}

function atomImageLinks(links: readonly AtomFeed.Link<string>[] | undefined): (string | undefined)[] {
  return (links ?? []).filter((l) => l.rel === 'enclosure' && l.type?.startsWith('image/')).map((l) => l.href)
}

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i

function enclosureImages(list: readonly RssFeed.Enclosure[] | undefined): (string | undefined)[] {
  return (list ?? []).filter((e) => (e.type ? e.type.startsWith('image/') : IMAGE_EXT.test(e.url ?? ''))).map((e) => e.url)
}

type Media = MediaNs.ItemOrFeed | undefined

function isImageContent(c: MediaNs.Content): boolean {
  if (c.medium) return c.medium === 'image'
  if (c.type) return c.type.startsWith('image/')
  return IMAGE_EXT.test(c.url ?? '')
}

function mediaImages(media: Media): (string | undefined)[] {
  if (!media) return []
  const groups = media.groups ?? []
  const contents = [...(media.contents ?? []), ...groups.flatMap((g) => g.contents ?? [])]
  // The largest image the feed offers: the list thumbnail is made from it.
  const images = contents.filter(isImageContent).sort((a, b) => (b.width ?? 0) - (a.width ?? 0))
  return [
    ...images.map((c) => c.url),
    ...(media.thumbnails ?? []).map((t) => t.url),
    ...contents.flatMap((c) => (c.thumbnails ?? []).map((t) => t.url)),
    ...groups.flatMap((g) => (g.thumbnails ?? []).map((t) => t.url)),
  ]
}

function mediaTitle(media: Media): string | undefined {
  const t = media?.title ?? media?.contents?.[0]?.title ?? media?.groups?.[0]?.title
  if (!t?.value) return undefined
  return t.type === 'html' ? t.value : escapeHtml(t.value)
}

function mediaDescription(media: Media): string | undefined {
  const d = media?.description ?? media?.contents?.[0]?.description ?? media?.groups?.[0]?.description
  if (!d?.value) return undefined
  return d.type === 'html' ? d.value : textToHtml(d.value)
}

// ---------------------------------------------------------------------------------
// Addresses

/** The feed with its icon, when it has one (no key at all otherwise). */
function withIcon(feed: ParsedFeed, icon: string): ParsedFeed {
  if (icon) feed.icon = icon
  return feed
}

/** The base for a scope: its xml:base resolved against the outer base. */
function resolveBase(xmlBase: string | undefined, outer: string | undefined): string {
  if (!xmlBase) return outer ?? ''
  try {
    return new URL(xmlBase.trim(), outer || undefined).href
  } catch {
    return outer ?? ''
  }
}

/** An absolute http(s) address, or '' (relative without a base, other schemes, junk). */
export function httpUrl(raw: string | undefined, base: string | undefined): string {
  const value = raw?.trim()
  if (!value) return ''
  try {
    const url = new URL(value, base || undefined)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : ''
  } catch {
    return ''
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

// ---------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
}
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  bst: 60, cet: 60, cest: 120, eet: 120, eest: 180, ist: 330, jst: 540, aest: 600, aedt: 660,
}

const ISO_DATE =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const RFC822_DATE =
  /^(?:[a-z]{2,9},?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:([a-z]{1,5}|[+-]\d{2}:?\d{2}|[+-]\d{4})(?:\s*\(.*\))?)?$/i

/** Any date a feed writes (ISO 8601, W3CDTF, RFC 822 and its variants) → ISO 8601, or undefined. */
export function parseDate(raw: string | undefined): string | undefined {
  const s = raw?.trim()
  // No real date is this long; a huge value would only feed the patterns below.
  if (!s || s.length > 120) return undefined
  const ms = parseIsoDate(s) ?? parseRfc822Date(s) ?? parseLooseDate(s)
  if (ms === undefined || Number.isNaN(ms)) return undefined
  const date = new Date(ms)
  const year = date.getUTCFullYear()
  return year >= 1000 && year <= 9999 ? date.toISOString() : undefined
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0
  const named = ZONES[zone.toLowerCase()]
  if (named !== undefined) return named
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return zone.length === 1 ? 0 : undefined // military zone letters: rare, call them UTC
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined
  return Date.UTC(y, mo, d, h, mi, s, ms) - offset * 60_000
}

function parseIsoDate(s: string): number | undefined {
  const m = ISO_DATE.exec(s)
  if (!m) return undefined
  const offset = zoneOffsetMinutes(m[8])
  if (offset === undefined) return undefined
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0
  return utc(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), frac, offset)
}

function parseRfc822Date(s: string): number | undefined {
  const m = RFC822_DATE.exec(s)
  if (!m) return undefined
  const month = MONTHS[m[2]!.toLowerCase()]
  if (month === undefined) return undefined
  let year = Number(m[3])
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900
  const offset = zoneOffsetMinutes(m[7])
  if (offset === undefined) return undefined
  return utc(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset)
}

function parseLooseDate(s: string): number | undefined {
  // The engine's parser knows many more spellings ("Tue Apr 05 2022 10:04:42 GMT+0100")
  // but also turns "1" into 2001: insist on a four-digit year, and a stated zone.
  if (!/\b\d{4}\b/.test(s)) return undefined
  const hasZone = /(?:\b(?:gmt|utc|ut|z)\b|[+-]\d{2}:?\d{2}\b)/i.test(s)
  const ms = Date.parse(hasZone ? s : `${s} UTC`)
  return Number.isNaN(ms) ? undefined : ms
}

// ---------------------------------------------------------------------------------
// Text

const HTML4_LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
// name:code point in base 36: the rest of HTML 4's entities, plus &apos;.
const HTML4_OTHER =
  'fnof:b6 Alpha:pd Beta:pe Gamma:pf Delta:pg Epsilon:ph Zeta:pi Eta:pj Theta:pk Iota:pl Kappa:pm Lambda:pn Mu:po Nu:pp Xi:pq Omicron:pr Pi:ps Rho:pt Sigma:pv Tau:pw Upsilon:px Phi:py Chi:pz Psi:q0 Omega:q1 alpha:q9 beta:qa gamma:qb delta:qc epsilon:qd zeta:qe eta:qf theta:qg iota:qh kappa:qi lambda:qj mu:qk nu:ql xi:qm omicron:qn pi:qo rho:qp sigmaf:qq sigma:qr tau:qs upsilon:qt phi:qu chi:qv psi:qw omega:qx thetasym:r5 upsih:r6 piv:ra bull:6ci hellip:6cm prime:6cy Prime:6cz oline:6da frasl:6dg weierp:6jc image:6j5 real:6jg trade:6jm alefsym:6k5 larr:6mo uarr:6mp rarr:6mq darr:6mr harr:6ms crarr:6np lArr:6og uArr:6oh rArr:6oi dArr:6oj hArr:6ok forall:6ps part:6pu exist:6pv empty:6px nabla:6pz isin:6q0 notin:6q1 ni:6q3 prod:6q7 sum:6q9 minus:6qa lowast:6qf radic:6qi prop:6ql infin:6qm ang:6qo and:6qv or:6qw cap:6qx cup:6qy int:6qz there4:6r8 sim:6rg cong:6rp asymp:6rs ne:6sg equiv:6sh le:6sk ge:6sl sub:6te sup:6tf nsub:6tg sube:6ti supe:6tj oplus:6tx otimes:6tz perp:6ud sdot:6v9 lceil:6x4 rceil:6x5 lfloor:6x6 rfloor:6x7 lang:7vs rang:7vt loz:7gq spades:7kw clubs:7kz hearts:7l1 diams:7l2 quot:y amp:12 lt:1o gt:1q apos:13 OElig:9e oelig:9f Scaron:9s scaron:9t Yuml:ag circ:jq tilde:kc ensp:6bm emsp:6bn thinsp:6bt zwnj:6bw zwj:6bx lrm:6by rlm:6bz ndash:6c3 mdash:6c4 lsquo:6c8 rsquo:6c9 sbquo:6ca ldquo:6cc rdquo:6cd bdquo:6ce dagger:6cg Dagger:6ch permil:6cw lsaquo:6d5 rsaquo:6d6 euro:6gc'

let entityTable: Map<string, string> | undefined
function entities(): Map<string, string> {
  if (entityTable) return entityTable
  const table = new Map<string, string>()
  HTML4_LATIN1.split(' ').forEach((name, i) => table.set(name, String.fromCharCode(0xa0 + i)))
  for (const pair of HTML4_OTHER.split(' ')) {
    const [name, code] = pair.split(':') as [string, string]
    table.set(name, String.fromCodePoint(parseInt(code, 36)))
  }
  return (entityTable = table)
}

// HTML maps character references 0x80–0x9F to windows-1252 ("&#146;" is ’).
const C1_AS_CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

function codePointChar(cp: number): string {
  if (cp >= 0x80 && cp <= 0x9f) return C1_AS_CP1252[cp - 0x80]!
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd'
  return String.fromCodePoint(cp)
}

/** Decodes HTML character references: numeric ones and HTML 4's named ones. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (whole, dec, hex, name) => {
    if (dec) return codePointChar(Number(dec))
    if (hex) return codePointChar(parseInt(hex, 16))
    return entities().get(name) ?? whole
  })
}

const BLOCK_TAG = /^(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption|dt|dd|hr)$/i

/** HTML → plain text on one line: tags stripped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string | undefined): string {
  if (!html) return ''
  let s = html
  if (s.indexOf('<') >= 0) {
    s = s
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(/<(script|style|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
      .replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1')
      .replace(/<\/?([A-Za-z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g, (_, tag: string) => (BLOCK_TAG.test(tag) ? ' ' : ''))
  }
  return collapseWhitespace(decodeEntities(s))
}

/** Collapses runs of white space to one space (no-break spaces are kept: they are meant). */
export function collapseWhitespace(s: string): string {
  return s.replace(/[ \t\n\r\f\v\u2028\u2029\u0085]+/g, ' ').trim()
}

/** The first words of an HTML text, as a title for an item that has none. */
export function titleFromText(html: string, maxLength = 80): string {
  const text = htmlToText(html)
  if (text.length <= maxLength) return text
  const cut = text.slice(0, maxLength + 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut.slice(0, maxLength)).replace(/[\s,;:.–—-]+$/, '')}…`
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Plain text → HTML paragraphs (blank lines separate them; single breaks become <br>). */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n')
}
