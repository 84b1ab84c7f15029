// Images are downloaded while online and the article is rewritten to point at the local
// copies, so showing it later makes no request at all: nothing leaks that it was read,
// and it reads the same offline. An image that cannot be had is dropped, never left
// pointing at the network.
import { parseHTML } from 'linkedom'
import { HttpStatusError, type Fetcher } from './fetcher'
import { mediaUrl, parseMediaUrl, type MediaStore } from './media-store'

export interface LocalizeDeps {
  fetcher: Fetcher
  media: MediaStore
  /** Distinct images fetched per article; the rest are dropped. Default 40. */
  maxImages?: number
  /** Largest image accepted, in bytes. Default 10 MB. */
  maxBytes?: number
}

export interface LocalizedHtml {
  html: string
  /** Media address of the article's first sizeable stored image (for the list), or ''. */
  firstImage: string
  /** Images removed because they could not be fetched or stored, or were over the limit. */
  failed: number
}

interface ImgLike {
  getAttribute(name: string): string | null
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  remove(): void
  attributes: ArrayLike<{ name: string }>
}

const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5'
const DATA_URL = /^data:(image\/[a-z0-9.+-]+)?(;[a-z0-9=.+-]+)*?(;base64)?,(.*)$/is

function declaredSize(img: ImgLike, name: string): number | null {
  const value = img.getAttribute(name)
  return value && /^\d+$/.test(value.trim()) ? Number(value) : null
}

/** Tracking pixels are not content: dropped without a request. */
function isTrackingPixel(img: ImgLike): boolean {
  const w = declaredSize(img, 'width')
  const h = declaredSize(img, 'height')
  return w !== null && h !== null && w <= 2 && h <= 2
}

function isSmall(img: ImgLike): boolean {
  const w = declaredSize(img, 'width')
  const h = declaredSize(img, 'height')
  return (w !== null && w < 64) || (h !== null && h < 64)
}

/** The address to download, or null for something that is not a web or data image. */
function sourceOf(src: string | null, baseUrl: string): string | null {
  if (!src) return null
  const value = src.trim()
  if (/^data:/i.test(value)) return /^data:image\//i.test(value) ? value : null
  try {
    const url = baseUrl ? new URL(value, baseUrl) : new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    url.hash = ''
    return url.href
  } catch {
    return null
  }
}

function decodeDataUrl(src: string): { bytes: Uint8Array; type: string } | null {
  const match = DATA_URL.exec(src)
  if (!match) return null
  const payload = match[4] ?? ''
  try {
    const bytes = match[3] ? Buffer.from(payload.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1')
    return { bytes, type: match[1] ?? '' }
  } catch {
    return null
  }
}

async function download(src: string, articleUrl: string, deps: Required<LocalizeDeps>): Promise<string | null> {
  try {
    if (src.startsWith('data:')) {
      const data = decodeDataUrl(src)
      if (!data || data.bytes.length > deps.maxBytes) return null
      return await deps.media.put(data.bytes, data.type)
    }
    const options = { accept: IMAGE_ACCEPT, maxBytes: deps.maxBytes }
    let result
    try {
      // First as a stranger: most image hosts need nothing, and it tells them nothing.
      result = await deps.fetcher.fetch(src, options)
    } catch (err) {
      // Hotlink protection refuses requests that do not come from the site's own pages.
      const refused = err instanceof HttpStatusError && (err.status === 401 || err.status === 403)
      if (!refused || !/^https?:/i.test(articleUrl)) throw err
      result = await deps.fetcher.fetch(src, { ...options, referer: articleUrl })
    }
    return await deps.media.put(result.bytes, result.contentType)
  } catch {
    return null
  }
}

/**
 * The local address of one image given by address alone (a feed's thumbnail), or '' when
 * it cannot be had: the rules of an <img> in localizeImages (the same sources, limits and
 * store), without a DOM for a document of one element.
 */
export async function localizeImage(src: string, baseUrl: string, deps: LocalizeDeps): Promise<string> {
  const settings: Required<LocalizeDeps> = { maxImages: 40, maxBytes: 10 * 1024 * 1024, ...deps }
  if (!src) return ''
  if (parseMediaUrl(src)) return src
  const source = sourceOf(src, baseUrl)
  if (!source) return ''
  const name = await download(source, baseUrl, settings)
  return name ? mediaUrl(name) : ''
}

/**
 * Downloads the images of sanitized article HTML into `media` and points each <img> at
 * its local copy; images that fail are removed. `baseUrl` is the article's address.
 */
export async function localizeImages(html: string, baseUrl: string, deps: LocalizeDeps): Promise<LocalizedHtml> {
  const settings: Required<LocalizeDeps> = { maxImages: 40, maxBytes: 10 * 1024 * 1024, ...deps }
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`)
  const images = Array.from(document.querySelectorAll('img') as ArrayLike<ImgLike>)
  if (images.length === 0) return { html, firstImage: '', failed: 0 }

  const planned = new Map<ImgLike, string | null>()
  const wanted: string[] = []
  for (const img of images) {
    const src = img.getAttribute('src')
    if (src && parseMediaUrl(src)) {
      planned.set(img, null)
      continue
    }
    if (isTrackingPixel(img)) {
      img.remove()
      continue
    }
    const source = sourceOf(src, baseUrl)
    planned.set(img, source ?? '')
    if (source && !wanted.includes(source) && wanted.length < settings.maxImages) wanted.push(source)
  }

  const stored = new Map<string, string | null>()
  await Promise.all(wanted.map(async (src) => stored.set(src, await download(src, baseUrl, settings))))

  let failed = 0
  let firstImage = ''
  let firstSmall = ''
  for (const [img, source] of planned) {
    if (source !== null) {
      const name = source ? stored.get(source) : undefined
      if (!name) {
        img.remove()
        failed++
        continue
      }
      img.setAttribute('src', mediaUrl(name))
    }
    // Whatever the input carried, nothing but the local source may load anything.
    for (const attr of Array.from(img.attributes).map((a) => a.name))
      if (attr === 'srcset' || attr === 'sizes' || attr.startsWith('data-')) img.removeAttribute(attr)
    const local = img.getAttribute('src') ?? ''
    if (isSmall(img)) firstSmall ||= local
    else firstImage ||= local
  }

  return { html: document.body.innerHTML, firstImage: firstImage || firstSmall, failed }
}
