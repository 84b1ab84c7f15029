// Every piece of HTML that enters the library passes through here. The reader shows
// articles, not web pages: an explicit allow-list keeps text structure, links and
// images, and nothing that can run, load, submit or restyle anything.
import sanitize from 'sanitize-html'
import { limitNesting } from './nesting'

const READER_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'dfn', 'bdi', 'bdo',
  'ruby', 'rt', 'rp', 'wbr',
  'a', 'img', 'figure', 'figcaption',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'hr', 'br', 'sup', 'sub', 'abbr', 'time', 'details', 'summary',
  // Structure only: they carry no attributes, and keep Readability's grouping.
  'div', 'span', 'section', 'article',
]

// Disallowed tags are unwrapped (their text kept) except these, whose content is code,
// form chrome or fallback text ("your browser does not support video") — never prose.
// object/applet/iframe are unwrapped: their content is the fallback meant for readers
// who cannot run the embed, which is what the reader is.
const DROP_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'noembed', 'noframes',
  'template', 'title', 'head', 'frameset', 'svg', 'canvas', 'select', 'button',
  'video', 'audio', 'map', 'datalist', 'dialog', 'plaintext',
]

// `lang`/`dir` keep mixed-language text readable; `id` and `class` are dropped so article
// markup can neither clobber names in the reader's DOM nor pick up the reader's styles.
const GLOBAL_ATTRS = ['lang', 'dir', 'title']

const READER_ATTRS: Record<string, string[]> = {
  '*': GLOBAL_ATTRS,
  a: [...GLOBAL_ATTRS, 'href', 'rel'],
  img: [...GLOBAL_ATTRS, 'src', 'alt', 'width', 'height'],
  ol: [...GLOBAL_ATTRS, 'start', 'reversed', 'type'],
  li: [...GLOBAL_ATTRS, 'value'],
  th: [...GLOBAL_ATTRS, 'colspan', 'rowspan', 'scope', 'headers'],
  td: [...GLOBAL_ATTRS, 'colspan', 'rowspan', 'headers'],
  col: [...GLOBAL_ATTRS, 'span'],
  colgroup: [...GLOBAL_ATTRS, 'span'],
  time: [...GLOBAL_ATTRS, 'datetime'],
  details: [...GLOBAL_ATTRS, 'open'],
}

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])
const IMAGE_PROTOCOLS = new Set(['http:', 'https:'])
// Raster types only: an SVG can carry script, and the reader never needs one inline.
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]+$/i
const LAZY_SRC_ATTRS = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src']
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'srcset']
const PLACEHOLDER_HINT = /(^|[/._-])(blank|spacer|placeholder|pixel|transparent|lazy|loading|grey|gray|empty|1x1)([._-]|$)/i
const DIGITS = /^\d{1,5}$/

/** Resolves `raw` against `base`; '' when it is not an address of an allowed scheme. */
export function safeUrl(raw: string | undefined, base: string, protocols: ReadonlySet<string> = LINK_PROTOCOLS): string {
  if (!raw) return ''
  const value = raw.trim()
  if (!value) return ''
  let url: URL
  try {
    url = base ? new URL(value, base) : new URL(value)
  } catch {
    return ''
  }
  return protocols.has(url.protocol) ? url.href : ''
}

function safeImageSrc(raw: string | undefined, base: string): string {
  if (!raw) return ''
  const value = raw.trim()
  if (/^data:/i.test(value)) return DATA_IMAGE.test(value) ? value.replace(/\s+/g, '') : ''
  return safeUrl(value, base, IMAGE_PROTOCOLS)
}

/** True when `src` is what lazy-loading scripts put in place of the real image. */
function isPlaceholder(src: string | undefined): boolean {
  if (!src || !src.trim()) return true
  const value = src.trim()
  if (/^data:/i.test(value)) return value.length < 1500 || /^data:image\/svg/i.test(value)
  const path = value.split(/[?#]/)[0] ?? ''
  return PLACEHOLDER_HINT.test(path.slice(path.lastIndexOf('/')))
}

/** The widest candidate of a srcset ("a.jpg 480w, b.jpg 960w" → b.jpg). */
function bestFromSrcset(srcset: string | undefined): string {
  if (!srcset) return ''
  let best = ''
  let bestScore = -1
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor = ''] = part.trim().split(/\s+/)
    if (!url) continue
    const n = parseFloat(descriptor)
    const score = Number.isFinite(n) ? (descriptor.endsWith('x') ? n * 1000 : n) : 0
    if (score > bestScore) {
      best = url
      bestScore = score
    }
  }
  return best
}

function pickImageSource(attribs: Record<string, string>): string | undefined {
  const src = attribs.src
  if (!isPlaceholder(src)) return src
  for (const name of LAZY_SRC_ATTRS) {
    const candidate = attribs[name]
    if (candidate && !isPlaceholder(candidate)) return candidate
  }
  for (const name of LAZY_SRCSET_ATTRS) {
    const candidate = bestFromSrcset(attribs[name])
    if (candidate && !isPlaceholder(candidate)) return candidate
  }
  return src
}

function optionsFor(baseUrl: string): sanitize.IOptions {
  return {
    allowedTags: READER_TAGS,
    allowedAttributes: READER_ATTRS,
    // Scheme checks happen in the transforms below, on the resolved address; these are
    // a second fence in case a transform is ever bypassed.
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    nonTextTags: DROP_WITH_CONTENT,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => {
        const out: Record<string, string> = pick(attribs, GLOBAL_ATTRS)
        const href = safeUrl(attribs.href, baseUrl)
        // A link that goes nowhere (a script link, a bare anchor) is just its text.
        if (!href) return { tagName: 'span', attribs: out }
        out.href = href
        out.rel = 'noopener noreferrer'
        return { tagName, attribs: out }
      },
      img: (tagName, attribs) => {
        const out: Record<string, string> = pick(attribs, [...GLOBAL_ATTRS, 'alt'])
        const src = safeImageSrc(pickImageSource(attribs), baseUrl)
        // An image with no usable source is dropped by the filter below.
        if (src) out.src = src
        if (attribs.width && DIGITS.test(attribs.width.trim())) out.width = attribs.width.trim()
        if (attribs.height && DIGITS.test(attribs.height.trim())) out.height = attribs.height.trim()
        return { tagName, attribs: out }
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }
}

function pick(attribs: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = attribs[name]
    if (value !== undefined) out[name] = value
  }
  return out
}

/**
 * Cleans untrusted HTML for the reader. Relative links and image sources are resolved
 * against `baseUrl` (pass '' when there is none: relative ones are then dropped).
 */
export function sanitizeHtml(html: string, baseUrl: string): string {
  return sanitize(limitNesting(html), optionsFor(baseUrl))
}
