// JSON Feed (https://jsonfeed.org/version/1.1) and RSS-in-JSON (rss.channel.item).
// Read here rather than by feedsmith, which rejects JSON Feeds whose version is
// written "1.1" instead of the URL.
import { httpUrl } from '../../base/url'
import { IngestError, oneLine } from '../errors'
import { feedTitle, mapItems, withIcon, type Context } from './items'
import { textToHtml } from './text'
import type { ParsedFeed, ParseFeedOptions } from './types'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined
const jsonAuthors = (v: Json): string[] => {
  const list = Array.isArray(v.authors) ? v.authors : isObject(v.author) ? [v.author] : []
  return list.filter(isObject).map((a) => str(a.name) ?? '').filter(Boolean)
}

export function parseJsonFeed(text: string, opts: ParseFeedOptions): ParsedFeed {
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
