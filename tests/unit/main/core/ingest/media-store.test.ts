import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { MEDIA_SCHEME, MediaStore, detectImageType, imageSize, mediaContentType, mediaUrl, parseMediaUrl } from '../../../../../main/core/ingest/media-store'
import { mediaProtocolHandler } from '../../../../../main/desktop/protocol'
import { AVIF_HEAD, GIF_1x1, HEIC_HEAD, ICO_16_32, JPEG_HEAD, PNG_1x1, SVG, WEBP_HEAD, ico, icoBitmap, pngClaiming } from './images'

let dir: string
let store: MediaStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'offprint-media-'))
  store = new MediaStore(dir)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
}

describe('MediaStore', () => {
  it.each([
    ['png', PNG_1x1],
    ['jpg', JPEG_HEAD],
    ['gif', GIF_1x1],
    ['webp', WEBP_HEAD],
    ['avif', AVIF_HEAD],
    ['ico', ICO_16_32],
  ] as const)('stores %s by content under a two-character shard', async (ext, bytes) => {
    const name = await store.put(bytes, 'application/octet-stream')
    expect(name).toMatch(new RegExp(`^[0-9a-f]{64}\\.${ext}$`))
    expect(store.has(name)).toBe(true)
    expect(store.path(name)).toBe(join(dir, name.slice(0, 2), name))
    expect(readFileSync(store.path(name)!)).toEqual(Buffer.from(bytes))
    expect(filesUnder(dir)).toEqual([`${name.slice(0, 2)}${sep}${name}`])
  })

  it('keeps one file for the same bytes, even when stored concurrently', async () => {
    const names = await Promise.all(Array.from({ length: 8 }, () => store.put(PNG_1x1, 'image/png')))
    expect(new Set(names).size).toBe(1)
    expect(filesUnder(dir)).toHaveLength(1) // no temp files left behind either
  })

  it('stores again into a shard folder removed since it was made', async () => {
    const first = await store.put(PNG_1x1, 'image/png')
    rmSync(join(dir, first.slice(0, 2)), { recursive: true })
    const variant = Buffer.concat([PNG_1x1, Buffer.from('another')])
    let second = ''
    // Another image in the same shard as the first one (the shard is the hash's first byte).
    for (let i = 0; !second.startsWith(first.slice(0, 2)); i++) second = await store.put(Buffer.concat([variant, Buffer.from(String(i))]), 'image/png')
    expect(readFileSync(store.path(second)!).subarray(0, PNG_1x1.length)).toEqual(PNG_1x1)
    expect(await store.put(PNG_1x1, 'image/png')).toBe(first)
    expect(store.has(first)).toBe(true)
  })

  it('trusts the bytes, not the Content-Type', async () => {
    await expect(store.put(SVG, 'image/png')).rejects.toThrow(IngestError)
    await expect(store.put(SVG, 'image/svg+xml')).rejects.toThrow(/Not a supported image \(sent as image\/svg\+xml\)/)
    await expect(store.put(Buffer.from('<!doctype html><p>403 Forbidden</p>'), 'image/jpeg')).rejects.toThrow(IngestError)
    await expect(store.put(HEIC_HEAD, 'image/heic')).rejects.toThrow(IngestError)
    await expect(store.put(new Uint8Array(0), 'image/png')).rejects.toThrow(IngestError)
    expect(await store.put(PNG_1x1, 'text/html')).toMatch(/\.png$/)
    expect(filesUnder(dir)).toHaveLength(1)
  })

  it('gives no path for anything but a well-formed name', async () => {
    const name = await store.put(PNG_1x1, 'image/png')
    const hex = name.slice(0, 64)
    for (const bad of [
      '', '../../etc/passwd', `../${name}`, `${hex.slice(0, 2)}/${name}`, `${hex}.svg`, `${hex}.PNG`,
      `${hex.toUpperCase()}.png`, `${hex.slice(1)}.png`, `${hex}0.png`, `${hex}.png/..`, `${hex}.png\0`,
      `${hex}.png.tmp`, `.${name}`, name.replace('.png', '%2epng'),
    ]) {
      expect(store.path(bad), bad).toBeNull()
      expect(store.has(bad), bad).toBe(false)
    }
    expect(store.has(`${'0'.repeat(64)}.png`)).toBe(false)
  })
})

describe('media addresses', () => {
  const name = `${'ab'.repeat(32)}.webp`

  it('round-trips a name through its address', () => {
    expect(MEDIA_SCHEME).toBe('offprint-media')
    expect(mediaUrl(name)).toBe(`offprint-media://m/${name}`)
    expect(parseMediaUrl(mediaUrl(name))).toBe(name)
    expect(mediaContentType(name)).toBe('image/webp')
  })

  it('rejects any other address', () => {
    for (const bad of [
      `offprint-media://m/../${name}`, `offprint-media://x/${name}`, `offprint-media://m/${name}?x=1`,
      `https://evil.example/${name}`, `offprint-media://m/${name.replace('.webp', '.svg')}`, 'offprint-media://m/',
    ])
      expect(parseMediaUrl(bad), bad).toBeNull()
  })

  it('recognizes image types by signature', () => {
    expect(detectImageType(PNG_1x1)).toBe('png')
    expect(detectImageType(AVIF_HEAD)).toBe('avif')
    expect(detectImageType(SVG)).toBeNull()
    expect(detectImageType(HEIC_HEAD)).toBeNull()
  })
})

describe('ICO icons (favicon.ico)', () => {
  const refusal = (bytes: Buffer) =>
    store.put(bytes, 'image/x-icon').then(
      () => '',
      (e: unknown) => (e instanceof IngestError ? e.message : `not an IngestError: ${String(e)}`),
    )

  it('keeps an icon of bitmap entries and serves it as image/x-icon', async () => {
    expect(detectImageType(ICO_16_32)).toBe('ico')
    expect(imageSize(ICO_16_32, 'ico')).toEqual({ width: 32, height: 32 })
    const name = await store.put(ICO_16_32, 'image/vnd.microsoft.icon')
    expect(name).toMatch(/^[0-9a-f]{64}\.ico$/)
    expect(mediaContentType(name)).toBe('image/x-icon')
    expect(parseMediaUrl(mediaUrl(name))).toBe(name)
    const res = await mediaProtocolHandler((n) => store.path(n))(new Request(mediaUrl(name)))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/x-icon')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(ICO_16_32)
  })

  it('keeps an icon whose entry is a PNG, up to 256×256 (written 0 in the directory)', async () => {
    const icon = ico([{ side: 256, data: pngClaiming(256, 256) }])
    expect(imageSize(icon, 'ico')).toEqual({ width: 256, height: 256 })
    expect(await store.put(icon, '')).toMatch(/\.ico$/)
    expect(await store.put(ico([{ side: 1, data: PNG_1x1 }]), '')).toMatch(/\.ico$/)
  })

  it('refuses what is not a well-formed icon', async () => {
    const cases: Record<string, Buffer> = {
      'truncated: the last entry runs past the end': ICO_16_32.subarray(0, ICO_16_32.length - 10),
      'directory cut short': ICO_16_32.subarray(0, 6 + 16),
      'no entries': ico([{ side: 16, data: icoBitmap(16, 16) }], (f) => f.writeUInt16LE(0, 4)),
      'a cursor (type 2)': ico([{ side: 16, data: icoBitmap(16, 16) }], (f) => f.writeUInt16LE(2, 2)),
      'reserved word not 0': ico([{ side: 16, data: icoBitmap(16, 16) }], (f) => f.writeUInt16LE(1, 0)),
      'an entry that points inside the directory': ico([{ side: 16, data: icoBitmap(16, 16) }], (f) => f.writeUInt32LE(0, 6 + 12)),
      'an entry of neither PNG nor bitmap': ico([{ side: 16, data: Buffer.concat([SVG, Buffer.alloc(64)]) }]),
      'a PNG entry too short to hold its header': ico([{ side: 16, data: PNG_1x1.subarray(0, 20) }]),
    }
    for (const [name, bytes] of Object.entries(cases)) {
      expect(detectImageType(bytes), name).toBeNull()
      expect(await refusal(bytes), name).toMatch(/^Not a supported image/)
    }
    expect(filesUnder(dir)).toEqual([])
  })

  it('refuses oversized and lying icons, whatever the directory says', async () => {
    // The directory says 16×16; the bitmap inside says 4,000×4,000.
    expect(await refusal(ico([{ side: 16, data: icoBitmap(1, 1, 4000, 4000) }]))).toMatch(/^Icon too large to show: a 4000×4000 bitmap/)
    expect(await refusal(ico([{ side: 0, data: icoBitmap(1, 1, 257, 16) }]))).toMatch(/^Icon too large to show/)
    // A PNG entry is bounded as any PNG is: 100,000×100,000 would be 40 GB to decode.
    expect(await refusal(ico([{ side: 16, data: icoBitmap(16, 16) }, { side: 16, data: pngClaiming(100_000, 100_000) }]))).toMatch(/^Image too large to show: 100000×100000/)
    expect(filesUnder(dir)).toEqual([])
  })
})
