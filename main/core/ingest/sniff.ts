// What a document is (OPML, a feed or a web page) and how to read its bytes, decided
// from the content: file extensions lie (".xml" pages, ".rss" OPML) and servers send
// text/html for feeds and application/octet-stream for everything.
import { decodeEntities } from '../base/entities'
import { httpUrl } from '../base/url'
import { decodeFeedBytes, parseContentType } from './decode'
import { documentStart } from './parser'

export type DocumentKind = 'opml' | 'feed' | 'html' | 'unknown'

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf', 'channel'])
const HTML_ROOTS = new Set(['html', 'head', 'body'])

/**
 * Sniffs decoded text. JSON is taken for a feed (JSON Feed); XML by its root element;
 * HTML by its doctype or root, or by an <html>/<body> tag near the start when a page
 * starts with stray text.
 */
export function sniffKind(text: string): DocumentKind {
  const start = documentStart(text, { anySpace: true, limit: 64 * 1024 })
  if (start.htmlDoctype) return 'html'
  if (start.at < 0) return 'unknown'
  const c = text[start.at]
  if (c === '{' || c === '[') return 'feed'
  const local = start.local
  if (local === 'opml') return 'opml'
  if (local !== undefined && FEED_ROOTS.has(local)) return 'feed'
  if (local !== undefined && HTML_ROOTS.has(local)) return 'html'
  const head = text.slice(0, 4096)
  if (/<(html|body)[\s>]/i.test(head)) return 'html'
  if (/<opml[\s>]/i.test(head)) return 'opml'
  if (/<(rss|feed|rdf:RDF)[\s>]/i.test(head)) return 'feed'
  return 'unknown'
}

/** The charset a page declares in <meta charset> or <meta http-equiv="content-type">. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  // Declarations are ASCII and must come in the first 1024 bytes (HTML's prescan).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1')
  const direct = /<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)
  return direct?.[1]
}

/**
 * Page bytes → text. A charset in the Content-Type wins, then the page's <meta>
 * declaration, then decodeFeedBytes' own evidence (BOM, XML declaration, UTF-8).
 */
export function decodePageBytes(bytes: Uint8Array, contentType?: string): string {
  const header = parseContentType(contentType)
  if (header.charset) return decodeFeedBytes(bytes, contentType)
  const declared = metaCharset(bytes)
  return decodeFeedBytes(bytes, declared ? `text/html; charset=${declared}` : contentType)
}

/** Any bytes → text for sniffing: a page's <meta> charset is honoured, feeds decode as feeds. */
export function decodeDocument(bytes: Uint8Array, contentType?: string): { text: string; kind: DocumentKind } {
  const text = decodeFeedBytes(bytes, contentType)
  const kind = sniffKind(text)
  if (kind === 'html' && !parseContentType(contentType).charset && metaCharset(bytes)) {
    return { text: decodePageBytes(bytes, contentType), kind }
  }
  return { text, kind }
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = m[1]!.toLowerCase()
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').trim())
  }
  return out
}

/**
 * A saved page's own address: <link rel=canonical>, then og:url, then the
 * "saved from url=" comment browsers write into pages they save; '' when it states none.
 * Relative values resolve against `base` when there is one.
 */
export function pageAddress(html: string, base = ''): string {
  const headEnd = html.search(/<body[\s>]/i)
  const head = html.slice(0, headEnd > 0 ? headEnd : Math.min(html.length, 256 * 1024))
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(m[0])
    if ((attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
      const url = httpUrl(attrs.get('href'), base, { dropHash: true })
      if (url) return url
    }
  }
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(m[0])
    if ((attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase() === 'og:url') {
      const url = httpUrl(attrs.get('content'), base, { dropHash: true })
      if (url) return url
    }
  }
  const saved = /<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->/i.exec(html.slice(0, 4096))
  return httpUrl(saved?.[1], undefined, { dropHash: true })
}
