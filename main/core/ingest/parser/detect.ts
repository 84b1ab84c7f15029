// How a document starts: past the XML declaration, comments and a DOCTYPE, to the root
// element (or the JSON, or the text) that says what kind of document it is. The feed
// parser and the sniffer (sniff.ts) both read the prolog here, so they cannot come to
// disagree about where a document's root is.

export interface DocumentStart {
  /** Index of the first character after white space and the prolog; -1 when nothing follows them. */
  at: number
  /** The element opened at `at`, as written ("rdf:RDF"); undefined when `at` starts text, '<' without a name, or an unterminated construct. */
  root?: string
  /** `root`'s local name, lower case ("rdf"). */
  local?: string
  /** A DOCTYPE naming html was passed on the way. */
  htmlDoctype: boolean
}

export interface DocumentStartOptions {
  /** Where to begin reading (default 0). */
  from?: number
  /** Skip any Unicode white space (and BOMs) between prolog parts, not only XML's (space, tab, CR, LF). */
  anySpace?: boolean
  /** Give up (at: -1) when the prolog runs past this many characters. */
  limit?: number
}

const HTML_DOCTYPE = /^<!doctype\s+html\b/i

const isXmlSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const isAnySpace = (c: number) => isXmlSpace(c) || /[\s\ufeff]/.test(String.fromCharCode(c))

export function documentStart(text: string, opts: DocumentStartOptions = {}): DocumentStart {
  const n = Math.min(text.length, opts.limit ?? text.length)
  const isSpace = opts.anySpace ? isAnySpace : isXmlSpace
  let htmlDoctype = false
  let i = opts.from ?? 0
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++
    if (i >= n) return { at: -1, htmlDoctype }
    if (text.charCodeAt(i) !== 0x3c) return { at: i, htmlDoctype }
    let end: number
    if (text.startsWith('<?', i)) {
      end = text.indexOf('?>', i + 2)
      if (end >= 0) end += 2
    } else if (text.startsWith('<!--', i)) {
      end = text.indexOf('-->', i + 4)
      if (end >= 0) end += 3
    } else if (text.startsWith('<!', i)) {
      if (HTML_DOCTYPE.test(text.slice(i, i + 20))) htmlDoctype = true
      end = declarationEnd(text, i)
    } else {
      const root = /^<([A-Za-z_][\w:.-]*)/.exec(text.slice(i, i + 200))?.[1]
      if (root === undefined) return { at: i, htmlDoctype }
      return { at: i, root, local: root.slice(root.indexOf(':') + 1).toLowerCase(), htmlDoctype }
    }
    if (end < 0) return { at: i, htmlDoctype }
    i = end
  }
}

/** Just past a `<!…>` declaration, including a DOCTYPE's internal subset ("<!DOCTYPE rss [ <!ENTITY …> ]>"); -1 when it never ends. */
function declarationEnd(text: string, from: number): number {
  const gt = text.indexOf('>', from)
  if (gt < 0) return -1
  const bracket = text.indexOf('[', from)
  if (bracket < 0 || bracket > gt) return gt + 1
  const close = text.indexOf(']', bracket)
  const end = close < 0 ? -1 : text.indexOf('>', close)
  return end < 0 ? -1 : end + 1
}

/** Index of the first character that is not XML white space or a BOM; -1 when there is none. */
export function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return i
  }
  return -1
}
