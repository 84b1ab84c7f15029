// A feed's icon, found while the feed is subscribed or refreshed (never while reading:
// the reader only ever shows the stored copy). Where publishers put one, best first:
// the feed's own declaration, the <link rel="icon"> tags of the site's home page, and
// /favicon.ico at the site's origin. Choosing candidates is pure; findFeedIcon fetches
// them, a few at most, and stores the first that is a real raster image.
import { parseHTML } from 'linkedom'
import type { Feed } from '../../../common/model'
import { httpUrl } from '../base/url'
import type { Fetcher } from './fetcher'
import { mediaUrl, type MediaStore } from './media-store'
import { limitNesting } from './nesting'
import { decodePageBytes } from './sniff'

/** A feed found without an icon is looked at again after this long, not on every refresh. */
export const ICON_RECHECK_MS = 30 * 24 * 60 * 60 * 1000
/** Images tried per feed, the page aside: icons must not slow a refresh. */
export const MAX_ICON_PROBES = 3
/** Largest icon accepted: a favicon.ico with every size up to 256 is well under this. */
export const MAX_ICON_BYTES = 1024 * 1024
/** Largest home page read for its <link> tags. */
export const MAX_HOME_BYTES = 2 * 1024 * 1024
/** The whole search, page and images together, per feed. */
export const ICON_BUDGET_MS = 10_000
/** The size the reader shows an icon at, with room for a high-density screen. */
const WANTED_SIDE = 64
/** Only the head holds <link> tags; a page without one is read this far. */
const HEAD_CHARS = 256 * 1024

const ICON_RELS = new Set(['icon', 'apple-touch-icon', 'apple-touch-icon-precomposed'])
const RASTER_TYPES = new Set([
  'image/png',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/ico',
  'image/icon',
  'image/gif',
  'image/jpeg',
  'image/jpg',
  'image/webp',
  'image/avif',
])
const RASTER_EXTENSION = /\.(png|ico|gif|jpe?g|webp|avif)$/i
const SVG_EXTENSION = /\.svgz?$/i
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/x-icon,image/gif,image/jpeg;q=0.9,*/*;q=0.5'

/** True when a feed has no icon and was not looked for one in the last 30 days. */
export function iconDue(feed: Pick<Feed, 'icon' | 'iconChecked'>, now: Date): boolean {
  if (feed.icon) return false
  const checked = feed.iconChecked ? Date.parse(feed.iconChecked) : NaN
  // A date in the future (a clock set back) is as good as none.
  return !Number.isFinite(checked) || checked > now.getTime() || now.getTime() - checked >= ICON_RECHECK_MS
}

/** The site whose icon a feed wears: its home page, else the origin of the feed's address. */
export function iconHome(feed: Pick<Feed, 'siteUrl' | 'url'>): string {
  for (const candidate of [feed.siteUrl, feed.url]) {
    const url = webUrl(candidate, undefined)
    if (url) return candidate === feed.siteUrl ? url : new URL(url).origin + '/'
  }
  return ''
}

/** /favicon.ico at a site's origin, or '' for anything that is not a web address. */
export function faviconUrl(home: string): string {
  const url = webUrl(home, undefined)
  return url ? new URL('/favicon.ico', url).href : ''
}

interface LinkIcon {
  url: string
  /** 0: a raster type (said or seen in the address), 1: unknown. */
  typeRank: number
  /** How far its size is from the one wanted. */
  distance: number
  order: number
}

/**
 * The icons a page declares with <link rel="icon" | "shortcut icon" | "apple-touch-icon"
 * | "apple-touch-icon-precomposed">, best first: raster types before unknown ones, then
 * the size closest to 64×64 (from `sizes`; a plain icon is taken for a 32 px favicon, an
 * Apple one for Apple's 180 px), then page order. SVG is skipped (never stored), as are
 * addresses that are not http(s). Relative addresses resolve against <base href> and
 * `pageUrl`.
 */
export function pageIconLinks(html: string, pageUrl: string): string[] {
  const end = html.search(/<\/head\s*>|<body[\s>]/i)
  const head = html.slice(0, end >= 0 ? end : HEAD_CHARS)
  const { document } = parseHTML(`<!doctype html><html><head>${limitNesting(head.replace(/^[\s\S]*?<head\b[^>]*>/i, ''))}</head></html>`)
  const declaredBase = document.querySelector('base[href]')?.getAttribute('href')
  const base = (declaredBase && webUrl(declaredBase, pageUrl)) || pageUrl
  const found: LinkIcon[] = []
  const seen = new Set<string>()
  let order = 0
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/)
    const rel = rels.find((r: string) => ICON_RELS.has(r))
    if (!rel) continue
    const url = webUrl(link.getAttribute('href') ?? '', base)
    if (!url || seen.has(url)) continue
    const type = (link.getAttribute('type') ?? '').split(';')[0]!.trim().toLowerCase()
    const path = new URL(url).pathname
    if (type.includes('svg') || SVG_EXTENSION.test(path)) continue
    if (type && !type.startsWith('image/')) continue
    seen.add(url)
    const sides = declaredSides(link.getAttribute('sizes') ?? '')
    const assumed = rel === 'icon' ? 32 : 180
    const distance = sides.length ? Math.min(...sides.map((s) => Math.abs(s - WANTED_SIDE))) : Math.abs(assumed - WANTED_SIDE)
    const raster = RASTER_TYPES.has(type) || (!type && RASTER_EXTENSION.test(path))
    found.push({ url, typeRank: raster ? 0 : 1, distance, order: order++ })
  }
  found.sort((a, b) => a.typeRank - b.typeRank || a.distance - b.distance || a.order - b.order)
  return found.map((f) => f.url)
}

/** The sides `sizes="16x16 32x32"` lists ("any" lists none: it is how SVG is announced). */
function declaredSides(sizes: string): number[] {
  const sides: number[] = []
  for (const token of sizes.toLowerCase().split(/\s+/)) {
    const match = /^(\d{1,5})x(\d{1,5})$/.exec(token)
    if (match) sides.push(Math.max(Number(match[1]), Number(match[2])))
  }
  return sides
}

/**
 * The images to try, in order, at most MAX_ICON_PROBES: the feed's own icon, then the
 * page's best links, and /favicon.ico always among them (the icon most sites have).
 */
export function iconCandidates(feedIcon: string | undefined, pageIcons: readonly string[], home: string): string[] {
  const favicon = faviconUrl(home)
  const out: string[] = []
  for (const url of [feedIcon ? webUrl(feedIcon, undefined) : '', ...pageIcons]) {
    if (!url || out.includes(url) || url === favicon || SVG_EXTENSION.test(new URL(url).pathname)) continue
    if (out.length === MAX_ICON_PROBES - (favicon ? 1 : 0)) break
    out.push(url)
  }
  if (favicon) out.push(favicon)
  return out
}

export interface FindIconDeps {
  fetcher: Fetcher
  media: MediaStore
  /** Overall budget; default ICON_BUDGET_MS. */
  timeoutMs?: number
}

/**
 * Looks for a feed's icon and stores it: the offprint-media address of the first
 * candidate that downloads as a raster image within the limits, or '' when none does.
 * The home page is fetched only when the feed's own icon is missing or fails. Never
 * throws.
 */
export async function findFeedIcon(feed: Pick<Feed, 'siteUrl' | 'url'>, feedIcon: string | undefined, deps: FindIconDeps): Promise<string> {
  const signal = AbortSignal.timeout(deps.timeoutMs ?? ICON_BUDGET_MS)
  const tried = new Set<string>()
  const attempt = async (url: string): Promise<string> => {
    tried.add(url)
    try {
      const res = await deps.fetcher.fetch(url, { accept: IMAGE_ACCEPT, maxBytes: MAX_ICON_BYTES, signal })
      return mediaUrl(await deps.media.put(res.bytes, res.contentType))
    } catch {
      return ''
    }
  }
  const home = iconHome(feed)
  const declared = feedIcon ? webUrl(feedIcon, undefined) : ''
  if (declared && !SVG_EXTENSION.test(new URL(declared).pathname)) {
    const icon = await attempt(declared)
    if (icon) return icon
  }
  if (!home || signal.aborted) return ''
  let pageIcons: string[] = []
  try {
    const page = await deps.fetcher.fetch(home, { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.3', maxBytes: MAX_HOME_BYTES, signal })
    pageIcons = pageIconLinks(decodePageBytes(page.bytes, page.contentType), page.url)
  } catch {
    // No page, or not one we can read: /favicon.ico is still worth a try.
  }
  for (const url of iconCandidates(declared || undefined, pageIcons, home)) {
    if (tried.has(url) || signal.aborted) continue
    if (tried.size >= MAX_ICON_PROBES) break
    const icon = await attempt(url)
    if (icon) return icon
  }
  return ''
}

/** Icons are resources, not places in a page: the #fragment is dropped. */
function webUrl(raw: string, base: string | undefined): string {
  return httpUrl(raw, base, { dropHash: true })
}
