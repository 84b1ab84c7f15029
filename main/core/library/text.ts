// Plain text from the library's own HTML. The HTML has already been through the
// sanitizer, so its shape is regular (no scripts, comments or CDATA) and a linear
// scan is enough; a DOM per article would cost ~10× more on every import. The sanitizer
// writes only &amp; &lt; &gt; and &quot;, which every decoder reads alike.
import { createHash } from 'node:crypto'
import { decodeEntities } from '../base/entities'

const BLOCK = /^(p|div|h[1-6]|li|ul|ol|blockquote|pre|figure|figcaption|table|tr|section|article|header|footer|hr|br|dd|dt|dl|details|summary)$/i

/** Plain text with one line per block element, so paragraphs stay apart in the text (search, word counts, highlights). */
export function htmlToLines(html: string): string {
  const out = html.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_m, tag: string) => (BLOCK.test(tag) ? '\n' : ''))
  return decodeEntities(out)
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim()
}

export function excerptOf(text: string, max = 200): string {
  // Only the head of a long text is flattened: the first `max` characters of a flattened
  // head that outruns `max` are those of the whole text flattened (a run of spaces cut at
  // the head's end still ends it as one space, past what is kept).
  const head = text.length > 4 * max + 64 ? text.slice(0, 4 * max + 64).replace(/\s+/g, ' ').trimStart() : ''
  const flat = head.length > max + 1 ? head : text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '') + '…'
}

/** Runs of non-space characters, as /\\S+/g counts them (without an array of every word). */
export function wordCount(text: string): number {
  let count = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i))
    if (!space && !inWord) count++
    inWord = !space
  }
  return count
}

/** What /\\s/ matches: ASCII and Unicode spaces, line separators and the BOM. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** Identifies the same story text whatever its markup; '' when too short to mean anything. */
export function contentHash(text: string): string {
  const norm = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  if (norm.length < 120) return ''
  return createHash('sha256').update(norm).digest('hex').slice(0, 24)
}

/** href values of <a> elements, as written (the sanitizer made them absolute). */
export function linksIn(html: string): string[] {
  const links: string[] = []
  for (const m of html.matchAll(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    links.push(decodeEntities(m[1] ?? m[2] ?? ''))
  }
  return links
}

/** The form under which two addresses of one article compare equal. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url)
    u.hash = ''
    for (const p of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid$|gclid$|mc_)/i.test(p)) u.searchParams.delete(p)
    }
    u.hostname = u.hostname.replace(/^www\./, '')
    let s = u.toString()
    if (s.endsWith('/') && u.pathname !== '/') s = s.slice(0, -1)
    return s.replace(/^http:/, 'https:')
  } catch {
    return url.trim()
  }
}
