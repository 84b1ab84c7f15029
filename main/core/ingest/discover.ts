// Feed discovery from a site's page, pure: the caller fetches the page, asks
// discoverFeeds for the feeds it announces, and when there are none probes
// commonFeedPaths in order.
import { parseHTML } from 'linkedom'
import { httpUrl } from '../base/url'
import { limitNesting } from './nesting'
import { collapseWhitespace } from './parser'

export interface DiscoveredFeed {
  /** Absolute http(s) address of the feed. */
  url: string
  /** The link's title attribute ('' when none): "RSS", "Comments Feed", … */
  title: string
  /** The announced media type, lower case without parameters. */
  type: string
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml',
  'application/json',
])

/**
 * The feeds a page announces with <link rel="alternate" type="…rss+xml|atom+xml|
 * feed+json|json">, resolved against <base href> and the page address, deduplicated,
 * in document order (sites list their main feed first).
 *
 * Plain application/json counts only when it looks like a JSON Feed (the address or
 * title says "feed"): WordPress announces its REST API (/wp-json/…) the same way.
 */
export function discoverFeeds(html: string, baseUrl: string): DiscoveredFeed[] {
  const { document } = parseHTML(limitNesting(html))
  const declaredBase = document.querySelector('base[href]')?.getAttribute('href')
  const base = httpUrl(declaredBase, baseUrl) || baseUrl

  const found: DiscoveredFeed[] = []
  const seen = new Set<string>()
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/)
    if (!rel.includes('alternate')) continue
    const type = (link.getAttribute('type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!FEED_TYPES.has(type)) continue
    const url = httpUrl(link.getAttribute('href'), base)
    if (!url || seen.has(url)) continue
    const title = collapseWhitespace(link.getAttribute('title') ?? '')
    if (type === 'application/json' && !looksLikeJsonFeed(url, title)) continue
    seen.add(url)
    found.push({ url, title, type })
  }
  return found
}

function looksLikeJsonFeed(url: string, title: string): boolean {
  if (/\/wp-json\//i.test(url) || /oembed/i.test(url)) return false
  return /feed/i.test(title) || /feed/i.test(new URL(url).pathname)
}

const COMMON_PATHS = ['feed', 'rss', 'rss.xml', 'atom.xml', 'feed.xml', 'index.xml', 'feed.json']

/**
 * Where feeds usually live, for a site that announces none, most likely first:
 * under the page's own folder (a blog at example.com/blog/, at most two levels deep)
 * and then at the root.
 * A bare host name ("example.com") is taken as https. [] when baseUrl is no address.
 */
export function commonFeedPaths(baseUrl: string): string[] {
  let site: URL
  try {
    site = new URL(/^[a-z][a-z0-9+.-]*:/i.test(baseUrl.trim()) ? baseUrl.trim() : `https://${baseUrl.trim()}`)
  } catch {
    return []
  }
  if (site.protocol !== 'http:' && site.protocol !== 'https:') return []
  // The page's folder ("example.com/blog" is the folder /blog/, "/blog/index.html" too),
  // when it is shallow enough to be a site of its own rather than an article's path.
  const segments = site.pathname.split('/').filter(Boolean)
  if (segments.length && segments.at(-1)!.includes('.')) segments.pop()
  const folders = segments.length > 0 && segments.length <= 2 ? [`/${segments.join('/')}/`, '/'] : ['/']
  const out: string[] = []
  for (const folder of folders) {
    for (const path of COMMON_PATHS) {
      const url = new URL(folder + path, site.origin).href
      if (!out.includes(url)) out.push(url)
    }
  }
  return out
}
