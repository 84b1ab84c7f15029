// Text as feeds carry it: titles and authors flattened to one line, plain text turned
// into paragraphs, a title made from the first words of an item.
import { decodeEntities, escapeHtml } from '../../base/entities'

const BLOCK_TAG = /^(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption|dt|dd|hr)$/i

/** HTML → plain text on one line: tags stripped, entities decoded, whitespace collapsed (titles, authors). */
export function htmlToOneLine(html: string | undefined): string {
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
  const text = htmlToOneLine(html)
  if (text.length <= maxLength) return text
  const cut = text.slice(0, maxLength + 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut.slice(0, maxLength)).replace(/[\s,;:.–—-]+$/, '')}…`
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
