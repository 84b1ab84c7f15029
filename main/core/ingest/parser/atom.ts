// Atom 0.3 and 1.0, and the Atom links RSS and RDF feeds borrow (atom:link).
import type { AtomFeed } from 'feedsmith'
import { escapeHtml } from '../../base/entities'
import { httpUrl } from '../../base/url'
import { feedTitle, firstOf, firstText, mapItems, resolveBase, withIcon, type Context } from './items'
import { mediaDescription, mediaImages, mediaTitle } from './media'
import { textToHtml } from './text'
import type { ParsedFeed, ParseFeedOptions } from './types'
import { parseXml } from './xml'

export function parseAtom(text: string, opts: ParseFeedOptions): ParsedFeed {
  return fromAtom(parseXml(text, 'atom'), opts)
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

/** Atom text construct → a string that can be handed to htmlToOneLine. */
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

export function atomLink(links: readonly AtomFeed.Link<string>[] | undefined, rel: 'alternate' | 'self', base: string): string {
  if (!links?.length) return ''
  const matches = links.filter((l) => (l.rel ?? 'alternate').toLowerCase() === rel && l.href)
  // A link typed as HTML says most clearly "this is the page"; untyped ones come next.
  const ranked = [...matches.filter((l) => l.type && /html/i.test(l.type)), ...matches.filter((l) => !l.type), ...matches]
  return firstOf(ranked, (l) => httpUrl(l.href, base))
}

function atomImageLinks(links: readonly AtomFeed.Link<string>[] | undefined): (string | undefined)[] {
  return (links ?? []).filter((l) => l.rel === 'enclosure' && l.type?.startsWith('image/')).map((l) => l.href)
}
