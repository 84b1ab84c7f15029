// Cached images, stored by content so the same picture in a hundred articles is kept
// once, and served to the reader through the offprint-media: protocol. Only raster
// types recognized by their bytes are accepted: the Content-Type a server sends is
// often wrong, and an SVG (or HTML posing as an image) can carry script.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'
import { IngestError } from './errors'

export const MEDIA_SCHEME = 'offprint-media'
const MEDIA_PREFIX = `${MEDIA_SCHEME}://m/`

export type MediaType = 'png' | 'jpg' | 'gif' | 'webp' | 'avif' | 'ico'

const CONTENT_TYPES: Record<MediaType, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
}

const NAME = /^([0-9a-f]{2})[0-9a-f]{62}\.(png|jpg|gif|webp|avif|ico)$/

/** The image type the bytes actually are, from their signature; null for anything else. */
export function detectImageType(bytes: Uint8Array): MediaType | null {
  const b = bytes
  if (b.length < 12) return null
  if (isIco(b)) return 'ico'
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg'
  const ascii = (from: number, to: number): string => String.fromCharCode(...b.subarray(from, to))
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (ascii(4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand and the compatible brands that follow it say AVIF.
    const boxSize = Math.min(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, b.length, 256)
    for (let at = 8; at + 4 <= boxSize; at += 4) {
      if (at === 12) continue // minor version, not a brand
      const brand = ascii(at, at + 4)
      if (brand === 'avif' || brand === 'avis') return 'avif'
    }
  }
  return null
}

// An image's header says how much memory decoding it takes, and a small file can claim
// 100,000×100,000 pixels (40 GB to decode in the reader). Nothing an article shows
// needs more than this.
export const MAX_IMAGE_SIDE = 16_384
export const MAX_IMAGE_PIXELS = 50_000_000

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0

const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
const i32le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Sizes of the BMP info headers an icon's bitmap entries start with. */
const BMP_HEADERS = new Set([40, 52, 56, 108, 124])

interface IcoEntry {
  /** Size the directory declares: one byte a side, 0 meaning 256. */
  width: number
  height: number
  /** The entry's own image: PNG bytes or a headerless BMP. */
  data: Uint8Array
}

/**
 * The entries of an ICO file (favicon.ico), or null when it is not one we keep: reserved
 * 0, type 1 (icon, not cursor), at least one entry, every entry's bytes inside the file
 * and starting as a PNG or a BMP info header. Anything else is a guess a decoder might
 * read differently.
 */
function icoEntries(b: Uint8Array): IcoEntry[] | null {
  if (b.length < 6 + 16 || u16le(b, 0) !== 0 || u16le(b, 2) !== 1) return null
  const count = u16le(b, 4)
  if (count < 1 || 6 + 16 * count > b.length) return null
  const entries: IcoEntry[] = []
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i
    const size = u32le(b, at + 8)
    const offset = u32le(b, at + 12)
    if (size < 12 || offset < 6 + 16 * count || offset + size > b.length) return null
    const data = b.subarray(offset, offset + size)
    // Long enough for the header its size is read from: a PNG's IHDR, a BMP's info header.
    const png = PNG_SIGNATURE.every((byte, k) => data[k] === byte)
    if (png ? data.length < 33 : !BMP_HEADERS.has(u32le(data, 0)) || data.length < u32le(data, 0)) return null
    entries.push({ width: b[at] || 256, height: b[at + 1] || 256, data })
  }
  return entries
}

const isIco = (b: Uint8Array): boolean => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 && icoEntries(b) !== null

/** No bitmap entry of an icon is larger than this a side: the ICO directory's own limit. */
export const MAX_ICON_SIDE = 256

/**
 * An icon's size: the largest side over its directory and what each entry's own header
 * says (an entry can claim 16×16 in the directory and hold a PNG of 100,000×100,000),
 * and apart, the largest bitmap entry, which nothing but the ICO format bounds.
 */
function icoSize(b: Uint8Array): { width: number; height: number; bitmap: { width: number; height: number } } | null {
  const entries = icoEntries(b)
  if (!entries) return null
  const all = { width: 0, height: 0 }
  const bitmap = { width: 0, height: 0 }
  for (const entry of entries) {
    let w = entry.width
    let h = entry.height
    const d = entry.data
    if (d[0] === 0x89) {
      w = Math.max(w, u32be(d, 16))
      h = Math.max(h, u32be(d, 20))
    } else {
      // A bitmap entry's height counts its transparency mask too: twice the picture.
      w = Math.max(w, Math.abs(i32le(d, 4)))
      h = Math.max(h, Math.ceil(Math.abs(i32le(d, 8)) / 2))
      bitmap.width = Math.max(bitmap.width, w)
      bitmap.height = Math.max(bitmap.height, h)
    }
    all.width = Math.max(all.width, w)
    all.height = Math.max(all.height, h)
  }
  return { ...all, bitmap }
}

/** The pixel size an image's header declares, or null when the header does not say. */
export function imageSize(b: Uint8Array, type: MediaType): { width: number; height: number } | null {
  const ascii = (from: number, to: number): string => String.fromCharCode(...b.subarray(from, to))
  if (type === 'ico') {
    const size = icoSize(b)
    return size && { width: size.width, height: size.height }
  }
  if (type === 'png') return b.length >= 24 ? { width: u32be(b, 16), height: u32be(b, 20) } : null
  if (type === 'gif') return { width: u16le(b, 6), height: u16le(b, 8) }
  if (type === 'webp' && b.length >= 30) {
    const chunk = ascii(12, 16)
    if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
    if (chunk === 'VP8L') {
      const bits = (u24le(b, 21) | (b[24]! << 24)) >>> 0
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    }
    if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 }
    return null
  }
  if (type === 'jpg') {
    // The first start-of-frame segment holds the size; other segments are skipped by length.
    for (let at = 2; at + 9 < b.length; ) {
      if (b[at] !== 0xff) return null
      const marker = b[at + 1]!
      if (marker === 0xff) {
        at++
        continue
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: u16be(b, at + 7), height: u16be(b, at + 5) }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2
      else at += 2 + u16be(b, at + 2)
    }
    return null
  }
  // AVIF: the 'ispe' property box, near the start.
  const at = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 64 * 1024)).indexOf('ispe')
  return at >= 0 && at + 16 <= b.length ? { width: u32be(b, at + 8), height: u32be(b, at + 12) } : null
}

/** The Content-Type to serve a stored name with; null for a name that is not well formed. */
export function mediaContentType(name: string): string | null {
  const match = NAME.exec(name)
  return match ? CONTENT_TYPES[match[2] as MediaType] : null
}

export function mediaUrl(name: string): string {
  return MEDIA_PREFIX + name
}

/** The stored name an offprint-media address points at, or null if it is anything else. */
export function parseMediaUrl(url: string): string | null {
  if (typeof url !== 'string' || !url.startsWith(MEDIA_PREFIX)) return null
  const name = url.slice(MEDIA_PREFIX.length)
  return NAME.test(name) ? name : null
}

export class MediaStore {
  readonly dir: string
  /** Shard folders known to exist: a refresh stores thousands of images in 256 of them. */
  private readonly shards = new Set<string>()

  constructor(dir: string) {
    this.dir = resolve(dir)
  }

  /**
   * Stores an image and returns its name, `<sha256>.<ext>`. The type comes from the bytes;
   * `contentType` only words the error. Storing the same bytes twice is free.
   */
  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const type = detectImageType(bytes)
    if (!type) {
      const said = contentType ? ` (sent as ${contentType.split(';')[0]!.trim()})` : ''
      throw new IngestError(`Not a supported image${said}: only PNG, JPEG, GIF, WebP, AVIF and ICO are kept`)
    }
    const size = imageSize(bytes, type)
    const bitmap = type === 'ico' ? icoSize(bytes)?.bitmap : undefined
    if (bitmap && (bitmap.width > MAX_ICON_SIDE || bitmap.height > MAX_ICON_SIDE)) {
      throw new IngestError(`Icon too large to show: a ${bitmap.width}×${bitmap.height} bitmap (the limit is ${MAX_ICON_SIDE} a side)`)
    }
    if (size && (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS)) {
      throw new IngestError(`Image too large to show: ${size.width}×${size.height} pixels (the limit is ${MAX_IMAGE_SIDE} a side, ${MAX_IMAGE_PIXELS / 1e6} megapixels)`)
    }
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${type}`
    const target = this.path(name)!
    if (existsSync(target)) return name
    const shard = join(this.dir, name.slice(0, 2))
    try {
      await this.store(shard, name, bytes, target)
    } catch (err) {
      // A shard folder removed since it was made (a cleared cache): make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !this.shards.delete(shard)) throw err
      await this.store(shard, name, bytes, target)
    }
    return name
  }

  private async store(shard: string, name: string, bytes: Uint8Array, target: string): Promise<void> {
    if (!this.shards.has(shard)) {
      await fs.mkdir(shard, { recursive: true })
      this.shards.add(shard)
    }
    // A reader of the final name sees either nothing or the whole file, never a torn one.
    const temp = join(shard, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
    try {
      await fs.writeFile(temp, bytes, { mode: 0o600 }) // which images you keep says what you read
      await fs.rename(temp, target)
    } catch (err) {
      await fs.rm(temp, { force: true })
      throw err
    }
  }

  /** Absolute path of a stored name; null for anything that is not a well-formed name. */
  path(name: string): string | null {
    const match = typeof name === 'string' ? NAME.exec(name) : null
    return match ? join(this.dir, match[1]!, name) : null
  }

  has(name: string): boolean {
    const file = this.path(name)
    return file !== null && existsSync(file)
  }
}
