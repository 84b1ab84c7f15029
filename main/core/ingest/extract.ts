// Full-page extraction: a saved page or a fetched article becomes the article alone.
// Mozilla Readability on linkedom (as good as on jsdom here, about 5× faster; see
// EVALUATION.md), after a pass that removes the site chrome Readability tends to keep
// when it sits inside the article's container: share bars, "Related news", "Recent
// articles", comment forms.
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { IngestError } from './errors'
import { limitNesting } from './nesting'
import { sanitizeHtml } from './sanitize'

export interface ExtractedPage {
  title: string
  byline: string
  siteName: string
  /** ISO 8601, or '' when the page does not say. */
  published: string
  lang: string
  excerpt: string
  /** Sanitized article HTML; links and images absolute. */
  html: string
  /** Plain text of `html`: blocks separated by blank lines, whitespace collapsed within them. */
  text: string
}

// linkedom's element type is not exported in a usable form; a structural slice of it
// keeps this file honest about what it touches.
interface El {
  localName: string
  tagName: string
  textContent: string | null
  parentElement: El | null
  firstElementChild: El | null
  nextElementSibling: El | null
  children: ArrayLike<El>
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  querySelector(selector: string): El | null
  querySelectorAll(selector: string): Iterable<El> & ArrayLike<El>
  remove(): void
  contains(other: El): boolean
  matches(selector: string): boolean
}

// Class/id/aria-label words that name chrome, matched as whole hyphen/underscore-separated
// words so "read" never matches "ad" and "shareable" never matches "share".
const CHROME_NAME =
  /(?:^|[-_\s])(share|shares|sharing|sharebar|social|socials|related|recent|newsletter|newsletters|subscribe|subscription|advert|adverts|advertisement|advertising|ad|ads|adsbygoogle|sponsored|respond|comments|commentform|comment-form|comments-form|comment-respond|reply-form|outbrain|taboola)(?=$|[-_\s])/i

const CHROME_HEADING = new RegExp(
  '^(' +
    [
      'related( news| articles?| posts?| stories| content| coverage| reading| links)?',
      'more (news|stories|articles|coverage)( from .{1,40})?',
      'recent( news| articles?| posts?| stories| comments)?',
      'latest( news| articles?| posts?| stories| headlines)',
      '(you )?(may|might) also (like|enjoy|be interested in)',
      'read (more|next)',
      'popular( now| articles?| posts?| stories)?',
      'most (read|popular|viewed|shared)',
      'trending( now| articles?| stories)?',
      'leave a (reply|comment)',
      '(post|add|write) a comment',
      'comments?',
      '\\d+ (comments?|responses?|replies)',
      'join the (discussion|conversation)',
      'share( this( article| story| post| page)?)?',
      'share on .{1,30}',
      'follow us',
      'subscribe( to .{1,40})?',
      '(sign up for|get) (our|the) .{0,30}newsletter',
      'newsletter',
      'advertisement',
      'sponsored( content| stories)?',
    ].join('|') +
    ')[\\s:.!…]*$',
  'i',
)

const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"]'
const KEEP_WHOLE = new Set(['html', 'body', 'main', 'article', 'head'])
const FORM_CONTROLS = 'form, input, textarea, select, button'

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim()
}

function linkTextLength(el: El): number {
  let n = 0
  for (const a of el.querySelectorAll('a')) n += squash(a.textContent).length
  return n
}

/** True when `el` (apart from `heading`, if given) reads as navigation or a form rather than prose. */
function isChromeBlock(el: El, heading?: El): boolean {
  if (el.localName === 'form' || el.querySelector(FORM_CONTROLS)) return true
  let text = squash(el.textContent)
  if (heading) text = text.replace(squash(heading.textContent), '').trim()
  if (!text) return true
  const linkText = linkTextLength(el)
  if (linkText / text.length > 0.5) return true
  return text.length - linkText < 80 && !/[.!?]["”’)]?\s/.test(`${text} `)
}

/** A block that holds the article's prose must never be removed, whatever its name says. */
function holdsArticleProse(el: El, pageText: number): boolean {
  if (KEEP_WHOLE.has(el.localName)) return true
  if (el.querySelector('article, main, [itemprop="articleBody"]')) return true
  const text = squash(el.textContent)
  const prose = text.length - linkTextLength(el)
  return prose > 1500 || (pageText > 0 && prose > pageText * 0.3 && prose > 300)
}

function removeChrome(body: El): void {
  const pageText = squash(body.textContent).length - linkTextLength(body)

  for (const el of Array.from(body.querySelectorAll('[class], [id], [aria-label]'))) {
    if (!body.contains(el)) continue
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('aria-label') ?? ''}`
    if (!CHROME_NAME.test(names)) continue
    if (el.localName === 'a' || holdsArticleProse(el, pageText)) continue
    el.remove()
  }

  for (const heading of Array.from(body.querySelectorAll(HEADINGS))) {
    if (!body.contains(heading) || !CHROME_HEADING.test(squash(heading.textContent))) continue
    // Climb to the box the heading titles (a widget, an aside, a comment section) while
    // that box is still only chrome.
    let block: El = heading
    for (let parent = block.parentElement; parent && parent.firstElementChild === block; parent = parent.parentElement) {
      if (holdsArticleProse(parent, pageText) || !isChromeBlock(parent, heading)) break
      block = parent
    }
    // Then what follows it, up to the next heading or the next piece of prose.
    let next = block.nextElementSibling
    while (next && !next.matches(HEADINGS) && !next.querySelector(HEADINGS) && isChromeBlock(next) && !holdsArticleProse(next, pageText)) {
      const after: El | null = next.nextElementSibling
      next.remove()
      next = after
    }
    block.remove()
  }

  for (const form of Array.from(body.querySelectorAll('form'))) if (body.contains(form)) form.remove()
}

// --- published date ------------------------------------------------------------------

const DATE_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'og:pubdate',
  'parsely-pub-date', 'sailthru.date', 'article.published', 'publish-date', 'publishdate', 'pubdate',
  'datepublished', 'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created', 'dc.date',
  'dcterms.date', 'date', 'cxenseparse:recs:publishtime',
]
const ARTICLE_TYPES = /article|posting|report|news|blog|webpage/i

/** ISO 8601 for a date a page states, or '' when it is not a plausible publication date. */
export function normalizeDate(raw: string | null | undefined): string {
  let value = squash(raw)
  if (!value) return ''
  if (/^\d{8}$/.test(value)) value = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
  let time: number
  if (/^\d{10}$/.test(value)) time = Number(value) * 1000
  else if (/^\d{13}$/.test(value)) time = Number(value)
  else time = Date.parse(value)
  if (!Number.isFinite(time)) return ''
  if (time < Date.UTC(1990, 0, 1) || time > Date.now() + 86_400_000) return ''
  return new Date(time).toISOString()
}

/** datePublished values from JSON-LD: those of article-like types first, then the rest. */
function jsonLdDates(document: { querySelectorAll(s: string): Iterable<El> }): { article: string[]; other: string[] } {
  const preferred: string[] = []
  const others: string[] = []
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 6) return
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1)
      return
    }
    const obj = node as Record<string, unknown>
    const date = obj.datePublished ?? obj.dateCreated
    if (typeof date === 'string') {
      const type = ([] as unknown[]).concat(obj['@type'] ?? []).join(' ')
      ;(ARTICLE_TYPES.test(type) ? preferred : others).push(date)
    }
    for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement'])
      if (key in obj) visit(obj[key], depth + 1)
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')), 0)
    } catch {
      // Broken JSON-LD is common; the other sources still apply.
    }
  }
  return { article: preferred, other: others }
}

function findPublished(document: { querySelectorAll(s: string): Iterable<El>; querySelector(s: string): El | null }): string {
  const metas = new Map<string, string>()
  for (const meta of document.querySelectorAll('meta[content]')) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? '').trim().toLowerCase()
    if (key && !metas.has(key)) metas.set(key, meta.getAttribute('content') ?? '')
  }
  // Structured data about the article itself beats meta tags (as in Readability), which
  // beat structured data about something else on the page.
  const jsonLd = jsonLdDates(document)
  for (const raw of [...jsonLd.article, ...DATE_META.map((key) => metas.get(key)), ...jsonLd.other]) {
    const date = normalizeDate(raw)
    if (date) return date
  }
  const stated = [
    '[itemprop="datePublished"]',
    'time[pubdate]',
    'article time[datetime]',
    '[itemprop="articleBody"] time[datetime]',
    'main time[datetime]',
  ]
  for (const selector of stated) {
    const el = document.querySelector(selector)
    if (!el) continue
    const date = normalizeDate(el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent)
    if (date) return date
  }
  return ''
}

// --- text ----------------------------------------------------------------------------

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'blockquote', 'pre', 'figure', 'figcaption', 'table', 'caption', 'tr', 'hr', 'details', 'summary',
  'thead', 'tbody', 'tfoot', 'header', 'footer', 'aside', 'nav', 'main',
])

interface TextNodeLike {
  nodeType: number
  nodeValue?: string | null
  localName?: string
  childNodes?: ArrayLike<TextNodeLike>
}

/**
 * Plain text of sanitized article HTML: one paragraph per block, separated by a blank
 * line, so search, excerpts and highlight quotes read as the article does.
 */
export function htmlToParagraphs(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  const blocks: string[] = []
  let current = ''
  const flush = (): void => {
    const line = current.replace(/[ \t\f\r\u00a0]*\n[ \t\f\r\u00a0]*/g, '\n').replace(/[ \t\f\r\n\u00a0]+/g, (m) => (m.includes('\n') ? '\n' : ' ')).trim()
    if (line) blocks.push(line)
    current = ''
  }
  const walk = (node: TextNodeLike): void => {
    if (node.nodeType === 3) {
      current += (node.nodeValue ?? '').replace(/\s+/g, ' ')
      return
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return
    const tag = node.localName ?? ''
    if (tag === 'br') {
      current += '\n'
      return
    }
    const block = BLOCK.has(tag)
    if (block) flush()
    const kids = node.childNodes
    if (kids) for (let i = 0; i < kids.length; i++) walk(kids[i]!)
    if (tag === 'td' || tag === 'th') current += ' '
    if (block) flush()
  }
  walk(document.body as unknown as TextNodeLike)
  flush()
  return blocks.join('\n\n')
}

// --- extraction ----------------------------------------------------------------------

function effectiveBase(document: { querySelector(s: string): El | null }, url: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href')
  if (href) {
    try {
      const base = new URL(href, url)
      if (base.protocol === 'http:' || base.protocol === 'https:') return base.href
    } catch {
      // An unusable <base> is ignored, as browsers do.
    }
  }
  return url
}

function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return ''
  }
}

function metaContent(document: { querySelector(s: string): El | null }, selector: string): string {
  return squash(document.querySelector(selector)?.getAttribute('content'))
}

/**
 * The readable article of a page. `url` is the page's own address: relative links and
 * images resolve against it (or the page's <base>). Throws IngestError when the page
 * has no article Readability can find.
 */
export function extractPage(html: string, url: string): ExtractedPage {
  const { document } = parseHTML(limitNesting(html))
  const doc = document as unknown as {
    documentElement: El | null
    body: El | null
    querySelector(s: string): El | null
    querySelectorAll(s: string): Iterable<El> & ArrayLike<El>
  }
  const base = effectiveBase(doc, url)
  // Readability resolves links against document.baseURI, which linkedom leaves unset
  // (or returns a <base> href unresolved); a browser would give these two.
  Object.defineProperty(document, 'baseURI', { value: base, configurable: true })
  Object.defineProperty(document, 'documentURI', { value: url, configurable: true })

  const published = findPublished(doc)
  const lang =
    squash(doc.documentElement?.getAttribute('lang')) ||
    metaContent(doc, 'meta[http-equiv="content-language" i]') ||
    metaContent(doc, 'meta[property="og:locale"]').replace('_', '-')
  if (doc.body) removeChrome(doc.body)

  const article = new Readability(document as never).parse()
  if (!article || !article.content) throw new IngestError(`No readable article found in ${url || "this page"}`, url)

  const clean = sanitizeHtml(article.content, base)
  const text = htmlToParagraphs(clean)
  if (!text) throw new IngestError(`No readable article found in ${url || "this page"}`, url)
  return {
    title: squash(article.title) || metaContent(doc, 'meta[property="og:title"]') || hostName(url),
    byline: squash(article.byline),
    siteName: squash(article.siteName) || hostName(url),
    published: published || normalizeDate(article.publishedTime),
    lang: squash(article.lang) || lang,
    excerpt: squash(article.excerpt),
    html: clean,
    text,
  }
}
