// Markup nested tens of thousands of levels deep is an attack, not an article. The
// HTML parsers under sanitize-html and linkedom (htmlparser2) keep their open elements
// in an array they unshift and shift, so their time grows with the square of the
// depth: 100,000 nested <div>s took 9 s to sanitize, and a saved page that deep kept
// Readability busy for three minutes before it overflowed the stack. Browsers stop
// nesting at 512 levels (Chromium's kMaximumHTMLParserDOMTreeDepth); markup that goes
// deeper is read here as its text alone, before any of those parsers sees it.
//
// Depth is counted the way htmlparser2 counts it, in one linear pass: raw text in
// script, style, title, textarea and xmp (up to "</name" and a space or ">"); quotes
// only after "=", which cannot start a value before a name has; the same void
// elements and the same implied closes (<p> before a block, <li> before <li>…); "/>"
// closing only inside svg or math; a closing tag closes the nearest open element of
// its name, or nothing.

export const MAX_NESTING = 512

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp'])
const FOREIGN = new Set(['math', 'svg'])
const HTML_INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title'])

const P = ['p']
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']
const BLOCKS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul']
const IMPLIES_CLOSE_LISTS: [string, string[]][] = [
  ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']], ['li', ['li']],
  ['select', FORM], ['input', FORM], ['output', FORM], ['button', FORM], ['datalist', FORM], ['textarea', FORM],
  ['option', ['option']], ['optgroup', ['optgroup', 'option']], ['dd', ['dd', 'dt']], ['dt', ['dd', 'dt']], ['rt', ['rt', 'rp']],
  ['rp', ['rt', 'rp']], ['tbody', ['thead', 'tbody']], ['tfoot', ['thead', 'tbody']],
  ...BLOCKS.map((tag): [string, string[]] => [tag, P]),
]
const IMPLIES_CLOSE = new Map(IMPLIES_CLOSE_LISTS.map(([tag, closes]) => [tag, new Set(closes)]))

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * Where an opening tag whose name ends at `j` ends (just past its '>', or -1 if it never
 * does), and whether it ended with "/>" as htmlparser2 reads it ("/ >" too, but not a
 * slash that ends an unquoted value: `<g x=a/>` is not self-closing).
 */
function openTagEnd(s: string, j: number): { end: number; selfClosing: boolean } {
  const n = s.length
  for (;;) {
    // A '/' here, then nothing but spaces and slashes up to '>', makes the tag self-closing.
    let slash = false
    for (; j < n && (isSpace(s.charCodeAt(j)) || s.charCodeAt(j) === 47); j++) slash ||= s.charCodeAt(j) === 47
    if (j >= n) return { end: -1, selfClosing: false }
    if (s.charCodeAt(j) === 62) return { end: j + 1, selfClosing: slash }
    // An attribute name: its first character, whatever it is ("=" and quotes included),
    // then up to a space, "/", ">" or "=".
    j++
    while (j < n) {
      const c = s.charCodeAt(j)
      if (isSpace(c) || c === 47 || c === 62 || c === 61) break
      j++
    }
    while (j < n && isSpace(s.charCodeAt(j))) j++
    if (j >= n) return { end: -1, selfClosing: false }
    if (s.charCodeAt(j) !== 61) continue
    j++
    while (j < n && isSpace(s.charCodeAt(j))) j++
    if (j >= n) return { end: -1, selfClosing: false }
    const q = s.charCodeAt(j)
    if (q === 34 || q === 39) {
      const close = s.indexOf(q === 34 ? '"' : "'", j + 1)
      if (close < 0) return { end: -1, selfClosing: false }
      j = close + 1
    } else {
      while (j < n && !isSpace(s.charCodeAt(j)) && s.charCodeAt(j) !== 62) j++
    }
  }
}

const rawTextEnds = new Map<string, RegExp>()
function rawTextEnd(name: string): RegExp {
  let re = rawTextEnds.get(name)
  if (!re) rawTextEnds.set(name, (re = new RegExp(`</${name}[ \\t\\n\\f\\r>]`, 'ig')))
  return re
}

/**
 * Walks the tags of `html` in order. `onTag` gets each opening or closing tag; text
 * between tags (outside comments and raw-text elements) goes to `onText`. Stops early
 * when `onTag` returns false.
 */
function scan(html: string, onTag: (name: string, closing: boolean, selfClosing: boolean) => boolean, onText: (text: string) => void): void {
  const n = html.length
  let i = 0
  while (i < n) {
    const lt = html.indexOf('<', i)
    if (lt < 0) break
    if (lt > i) onText(html.slice(i, lt))
    const c = html.charCodeAt(lt + 1)
    let end: number
    if (html.startsWith('<!--', lt)) {
      // The opening dashes count: "<!-->" is a whole (empty) comment.
      end = html.indexOf('-->', lt + 2)
      end = end < 0 ? n : end + 3
    } else if (html.startsWith('<![CDATA[', lt)) {
      end = html.indexOf(']]>', lt + 9)
      end = end < 0 ? n : end + 3
    } else if (c === 33 || c === 63) {
      // <?pi> ends at the next '>'; a <!declaration> at the next '>' after the character
      // that follows "<!" (after two for "<!-"), which htmlparser2 consumes unread.
      const from = c === 63 ? lt + 2 : html.charCodeAt(lt + 2) === 45 ? lt + 4 : lt + 3
      end = html.indexOf('>', from)
      end = end < 0 ? n : end + 1
    } else if (c === 47) {
      // A closing tag: "</ div>" is one too; its name ends at a space or '>' only
      // ("</div/>" closes no <div>); what follows the name is skipped up to '>'.
      let j = lt + 2
      while (j < n && isSpace(html.charCodeAt(j))) j++
      if (isAlpha(html.charCodeAt(j))) {
        const start = j
        while (j < n && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 62) j++
        if (!onTag(html.slice(start, j).toLowerCase(), true, false)) return
      }
      end = html.indexOf('>', j) + 1 || n
    } else if (isAlpha(c)) {
      let j = lt + 1
      while (j < n && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 47 && html.charCodeAt(j) !== 62) j++
      const name = html.slice(lt + 1, j).toLowerCase()
      const tag = openTagEnd(html, j)
      // A tag cut off by the end of the input still opens its element.
      if (!onTag(name, false, tag.selfClosing) || tag.end < 0) return
      end = tag.end
      // A self-closed <script/> starts no raw text.
      if (!tag.selfClosing && RAW_TEXT.has(name)) {
        const close = rawTextEnd(name)
        close.lastIndex = end
        const m = close.exec(html)
        i = m ? m.index : n
        continue
      }
    } else {
      onText('<')
      end = lt + 1
    }
    i = end
  }
  if (i < n) onText(html.slice(i))
}

/** True when some element of `html` would sit more than `max` levels deep. */
export function nestsDeeperThan(html: string, max = MAX_NESTING): boolean {
  // Every level needs an opening tag of at least three characters.
  if (html.length < (max + 1) * 3) return false
  const stack: string[] = []
  const open = new Map<string, number>()
  const foreign: boolean[] = []
  const pop = () => {
    const top = stack.pop()!
    open.set(top, open.get(top)! - 1)
    return top
  }
  let deeper = false
  scan(
    html,
    (name, closing, selfClosing) => {
      if (!closing) {
        const closes = IMPLIES_CLOSE.get(name)
        if (closes) while (stack.length && closes.has(stack.at(-1)!)) pop()
        // A void element closes at once, but sits one level below its parent.
        if (VOID.has(name)) {
          deeper = stack.length + 1 > max
          return !deeper
        }
        stack.push(name)
        open.set(name, (open.get(name) ?? 0) + 1)
        if (FOREIGN.has(name)) foreign.push(true)
        else if (HTML_INTEGRATION.has(name)) foreign.push(false)
        deeper = stack.length > max
        if (selfClosing && foreign.at(-1)) pop()
        return !deeper
      }
      if (FOREIGN.has(name) || HTML_INTEGRATION.has(name)) foreign.pop()
      // A closing tag with no open element of its name closes nothing (a stray </p>
      // or </br> stands for an empty element).
      if (!open.get(name)) {
        deeper = (name === 'p' || name === 'br') && stack.length + 1 > max
        return !deeper
      }
      while (pop() !== name);
      return true
    },
    () => {},
  )
  return deeper
}

/**
 * `html` unchanged when it nests no deeper than `max` levels; otherwise its text alone
 * (scripts, styles and comments left out) as one paragraph, which every parser reads
 * in linear time.
 */
export function limitNesting(html: string, max = MAX_NESTING): string {
  if (!nestsDeeperThan(html, max)) return html
  const parts: string[] = []
  scan(
    html,
    () => {
      parts.push(' ')
      return true
    },
    (text) => parts.push(text.replace(/</g, '&lt;')),
  )
  return `<p>${parts.join('').replace(/\s+/g, ' ').trim()}</p>`
}
