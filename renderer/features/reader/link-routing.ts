// Where a click on a link inside an article goes: to another stored article when the
// library has it ("Read also"), otherwise out to the system browser. Never this window.

/** Comparable form of an address: no fragment, no trailing slash, host lower-cased, http = https. */
export function urlKey(url: string, base?: string): string | null {
  try {
    const u = new URL(url, base || undefined)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    const path = u.pathname.replace(/\/+$/, '')
    return `${u.hostname.toLowerCase().replace(/^www\./, '')}${path}${u.search}`
  } catch {
    return null
  }
}

export type LinkTarget =
  | { kind: 'article'; id: string }
  | { kind: 'anchor'; name: string }
  | { kind: 'external'; url: string }
  | { kind: 'none' }

export function routeLink(href: string, articleUrl: string, stored: { id: string; url: string }[]): LinkTarget {
  if (href.startsWith('#')) return { kind: 'anchor', name: decodeURIComponent(href.slice(1)) }
  let absolute: URL
  try {
    absolute = new URL(href, articleUrl || undefined)
  } catch {
    return { kind: 'none' }
  }
  if (!['http:', 'https:', 'mailto:'].includes(absolute.protocol)) return { kind: 'none' }
  const key = urlKey(absolute.href)
  if (key) {
    const match = stored.find((s) => urlKey(s.url) === key)
    if (match) return { kind: 'article', id: match.id }
  }
  // A link to a place in this same article.
  if (articleUrl && absolute.hash && urlKey(absolute.href) === urlKey(articleUrl)) {
    return { kind: 'anchor', name: decodeURIComponent(absolute.hash.slice(1)) }
  }
  return { kind: 'external', url: absolute.href }
}
