// Hostile HTML for the property tests: a grammar of the tags, attributes, addresses and
// text that XSS and mutation-XSS payloads are built from, combined at random, and a
// checker that reads the sanitizer's output the way a browser would (parse5 follows the
// WHATWG parsing algorithm; linkedom and sanitize-html share htmlparser2, so a check
// with them alone would share their blind spots).
import fc from 'fast-check'
import { parseFragment, parse, serialize, type DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

export const TAGS = [
  'script', 'img', 'a', 'svg', 'math', 'iframe', 'object', 'embed', 'style', 'form', 'input', 'button', 'base', 'meta',
  'link', 'template', 'noscript', 'div', 'p', 'table', 'tr', 'td', 'select', 'option', 'textarea', 'xmp', 'plaintext',
  'title', 'noembed', 'noframes', 'video', 'audio', 'source', 'details', 'summary', 'frame', 'frameset', 'applet',
  'mglyph', 'malignmark', 'annotation-xml', 'foreignObject', 'desc', 'use', 'image', 'animate', 'set', 'body', 'html',
  'head', 'isindex', 'keygen', 'marquee', 'listing', 'span', 'b', 'blockquote', 'pre', 'code', 'figure', 'picture',
  'portal', 'dialog', 'slot', 'bgsound', 'layer', 'ilayer', 'xml', 'comment', 'SCRIPT', 'ScRiPt', 'IMG',
]

export const ATTRS = [
  'onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'onbegin', 'ONERROR', 'autofocus', 'href', 'src', 'srcset',
  'style', 'formaction', 'action', 'xlink:href', 'data', 'background', 'poster', 'srcdoc', 'id', 'class', 'name', 'dynsrc',
  'lowsrc', 'http-equiv', 'content', 'rel', 'target', 'is', 'attributeName', 'values', 'to', 'from', 'begin', 'xmlns',
  'codebase', 'classid', 'width', 'height', 'alt', 'title', 'lang', 'dir', 'cite', 'value', 'type', 'open', 'ping',
  'data-src', 'data-srcset', 'longdesc', 'usemap', 'form', 'contenteditable', 'popover', 'popovertarget', 'slot',
]

export const URLS = [
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'java&#x09;script:alert(1)', 'java&#10;script:alert(1)',
  '&#106;avascript:alert(1)', '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)', '  javascript:alert(1)',
  '\u0001javascript:alert(1)', 'javascript&colon;alert(1)', 'javascript&#58;alert(1)', 'vbscript:msgbox(1)', 'livescript:x',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+', 'data:image/svg+xml,<svg onload=alert(1)>',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'data:image/png,notbase64', 'http://example.com/a.png', 'https://x.example/b.jpg 2x, javascript:alert(1) 3x', '//evil.example/x.js',
  '/relative/path', '../up', '#frag', '?q=1', 'mailto:a@b.example', 'file:///etc/passwd', 'app://offprint/index.html',
  'offprint-media://m/00.png', 'blob:https://x.example/1', 'about:blank', 'feed:javascript:alert(1)', 'ftp://x.example/',
  'https://x.example/?q="><script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(1)>",
  'http://[::1]/', 'http://127.0.0.1:1/', 'ws://x.example/', 'chrome://settings', 'view-source:https://x.example/',
]

export const TEXTS = [
  '<!--', '-->', '--!>', '<![CDATA[', ']]>', '</', '<!', '<?', '&lt;script&gt;alert(1)&lt;/script&gt;', '&', '<', '>', '"', "'",
  '`', '\u0000', '\u2028', '\ufeff', '&#0;', '&#x110000;', '&#xD800;', '&amp;lt;', '<script>alert(1)</script>',
  '</title><script>alert(1)</script>', '</textarea><script>alert(1)</script>', '</style><img src=x onerror=alert(1)>',
  '<img src=x onerror=alert(1)//', '<svg><p><style><img src=x onerror=alert(1)>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', 'plain words', '{{constructor.constructor("alert(1)")()}}',
]

const quoteStyles = ['"', "'", '', '`'] as const

const attrValue = fc.oneof(fc.constantFrom(...URLS), fc.constantFrom(...TEXTS), fc.string({ maxLength: 12 }), fc.constant('alert(1)'))
const attr = fc.record({ name: fc.constantFrom(...ATTRS), value: attrValue, quote: fc.constantFrom(...quoteStyles) })

function serializeAttr(a: { name: string; value: string; quote: string }): string {
  if (a.quote === '') return `${a.name}=${a.value.replace(/[\s>]/g, '')}`
  return `${a.name}=${a.quote}${a.value.split(a.quote).join('')}${a.quote}`
}

type Tree = { text: string } | { tag: string; attrs: { name: string; value: string; quote: string }[]; children: Tree[]; close: 'normal' | 'self' | 'none' | 'wrong' }

/** Random markup built from the grammar: nested, sometimes unclosed or misclosed. */
export const hostileHtml: fc.Arbitrary<string> = fc
  .letrec<{ node: Tree; nodes: Tree[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 20 })).map((text) => ({ text })),
      fc.record({
        tag: fc.constantFrom(...TAGS),
        attrs: fc.array(attr, { maxLength: 4 }),
        children: tie('nodes') as fc.Arbitrary<Tree[]>,
        close: fc.constantFrom('normal', 'normal', 'self', 'none', 'wrong'),
      }),
    ),
    nodes: fc.array(tie('node') as fc.Arbitrary<Tree>, { maxLength: 4 }),
  }))
  .nodes.map((nodes) => nodes.map(render).join(''))

function render(node: Tree): string {
  if ('text' in node) return node.text
  const attrs = node.attrs.map(serializeAttr).join(' ')
  const open = `<${node.tag}${attrs ? ` ${attrs}` : ''}${node.close === 'self' ? '/' : ''}>`
  const inner = node.children.map(render).join('')
  if (node.close === 'none') return open + inner
  if (node.close === 'wrong') return `${open}${inner}</${node.tag === 'div' ? 'p' : 'div'}>`
  return `${open}${inner}</${node.tag}>`
}

// --- what may be in sanitized output, as the browser sees it -------------------------

const READER_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'q', 'cite', 'pre', 'code', 'kbd',
  'samp', 'var', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'dfn', 'bdi', 'bdo', 'ruby', 'rt', 'rp', 'wbr',
  'a', 'img', 'figure', 'figcaption', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'hr',
  'br', 'sup', 'sub', 'abbr', 'time', 'details', 'summary', 'div', 'span', 'section', 'article',
])
const GLOBAL = ['lang', 'dir', 'title']
const READER_ATTRS: Record<string, string[]> = {
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  th: ['colspan', 'rowspan', 'scope', 'headers'],
  td: ['colspan', 'rowspan', 'headers'],
  col: ['span'],
  colgroup: ['span'],
  time: ['datetime'],
  details: ['open'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite'],
  ins: ['cite'],
}
const SAFE_LINK = /^(https?:\/\/|mailto:)/i
const SAFE_IMAGE = /^(https?:\/\/|offprint-media:\/\/m\/[0-9a-f]{64}\.(png|jpg|gif|webp|avif)$|data:image\/(png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=]*$)/i

const HTML_NS = 'http://www.w3.org/1999/xhtml'

function contextDiv(): Element {
  const doc = parse('<!doctype html><html><head></head><body><div></div></body></html>')
  const html = doc.childNodes.find((n) => n.nodeName === 'html') as Element
  const body = html.childNodes.find((n) => n.nodeName === 'body') as Element
  return body.childNodes[0] as Element
}

function* elements(nodes: Node[]): Generator<Element> {
  const stack = [...nodes]
  while (stack.length) {
    const node = stack.pop()!
    if ('tagName' in node) {
      yield node
      stack.push(...node.childNodes)
      if (node.tagName === 'template') stack.push(...((node as unknown as { content: { childNodes: Node[] } }).content?.childNodes ?? []))
    }
  }
}

/**
 * What in `html` a browser would treat as anything but reader markup: every element and
 * attribute outside the reader's allow-list, every address outside http(s)/mailto (and
 * raster data images, and local media, for images). Read once as the renderer reads it
 * (innerHTML of a <div>), then again after a serialize/parse round, where mutation XSS
 * shows itself.
 */
export function browserViolations(html: string): string[] {
  const found: string[] = []
  const check = (fragmentHtml: string, round: string) => {
    const fragment = parseFragment(contextDiv(), fragmentHtml, {})
    for (const el of elements(fragment.childNodes)) {
      const tag = el.tagName
      if (el.namespaceURI !== HTML_NS) found.push(`${round}: <${tag}> in ${el.namespaceURI}`)
      if (!READER_TAGS.has(tag)) found.push(`${round}: <${tag}>`)
      for (const a of el.attrs) {
        const name = a.prefix ? `${a.prefix}:${a.name}` : a.name
        if (!GLOBAL.includes(name) && !(READER_ATTRS[tag] ?? []).includes(name)) found.push(`${round}: ${tag}[${name}]`)
        const value = a.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
        if (tag === 'a' && name === 'href' && !SAFE_LINK.test(value)) found.push(`${round}: a[href=${value.slice(0, 50)}]`)
        if (tag === 'img' && name === 'src' && !SAFE_IMAGE.test(value)) found.push(`${round}: img[src=${value.slice(0, 50)}]`)
        if (name === 'cite' && !/^https?:\/\//i.test(value)) found.push(`${round}: ${tag}[cite=${value.slice(0, 50)}]`)
      }
    }
    return serialize(fragment)
  }
  const again = check(html, 'parsed')
  if (again !== html) check(again, 're-parsed')
  return found
}

/** A short, reproducible excerpt for failure messages. */
export function excerpt(s: string, max = 300): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s)
}
