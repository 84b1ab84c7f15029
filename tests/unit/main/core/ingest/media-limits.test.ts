// Pixel bombs: a small file whose header claims a huge picture would make the reader
// decode gigabytes. The media store reads the declared size of every type it keeps
// and refuses anything past 16,384 a side or 50 megapixels; real images pass.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { detectImageType, imageSize, MediaStore } from '../../../../../main/core/ingest/media-store'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { tempDir } from '../../../../helpers/tmp'
import { record } from '../../../../security/figures'
import { ico, icoBitmap, pngClaiming } from './images'

const b64 = (s: string) => Buffer.from(s, 'base64')
// Well-known minimal images of each kind (1×1).
const REAL: Record<string, Buffer> = {
  'jpeg (progressive)': b64('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA='),
  gif: b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'),
  'webp (VP8)': b64('UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA='),
  'webp (VP8L)': b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='),
  'webp (VP8X)': b64('UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA=='),
  'ico (bitmap entry)': ico([{ side: 1, data: icoBitmap(1, 1) }]),
  'ico (png entry)': ico([{ side: 1, data: pngClaiming(1, 1) }]),
}

/** A copy of `image` with the bytes at `at` replaced. */
const patched = (image: Buffer, at: number, bytes: number[]) => {
  const out = Buffer.from(image)
  out.set(bytes, at)
  return out
}

function avif(width: number, height: number): Buffer {
  const ispe = Buffer.alloc(20)
  ispe.writeUInt32BE(20, 0)
  ispe.write('ispe', 4, 'ascii')
  ispe.writeUInt32BE(width, 12)
  ispe.writeUInt32BE(height, 16)
  return Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif\0\0\0\0avifmif1miaf', 'latin1'), Buffer.alloc(8), ispe, Buffer.alloc(64)])
}

const BOMBS: Record<string, Buffer> = {
  'png 100000×100000': patched(readFileSync(new URL('../../../../../assets/sample/images/bay-aerial.png', import.meta.url)), 16, [0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0]),
  'png 1000000×1': patched(readFileSync(new URL('../../../../../assets/sample/images/bay-aerial.png', import.meta.url)), 16, [0, 0x0f, 0x42, 0x40, 0, 0, 0, 1]),
  'jpeg 65000×65000': patched(REAL['jpeg (progressive)']!, REAL['jpeg (progressive)']!.indexOf(Buffer.from([0xff, 0xc2])) + 5, [0xfd, 0xe8, 0xfd, 0xe8]),
  'gif 65535×65535': patched(REAL.gif!, 6, [0xff, 0xff, 0xff, 0xff]),
  'webp VP8 16383×16383': patched(REAL['webp (VP8)']!, 26, [0xff, 0x3f, 0xff, 0x3f]),
  'webp VP8L 16384×16384': patched(REAL['webp (VP8L)']!, 21, [0xff, 0xff, 0xff, 0x0f]),
  'webp VP8X 16777216×16777216': patched(REAL['webp (VP8X)']!, 24, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  'avif 100000×100000': avif(100_000, 100_000),
  // The directory says 16×16 (an icon cannot say more than 256); the PNG inside says otherwise.
  'ico png entry 100000×100000': ico([{ side: 16, data: pngClaiming(100_000, 100_000) }]),
}

let refused = 0
afterAll(() => {
  record('media.pixel-bombs-tried', Object.keys(BOMBS).length, 'images')
  record('media.pixel-bombs-refused', refused, 'images')
})

describe('media store size limits', () => {
  it('reads the declared size of every kept type', () => {
    for (const [name, bytes] of Object.entries(REAL)) {
      const type = detectImageType(bytes)
      expect(type, name).not.toBeNull()
      expect(imageSize(bytes, type!), name).toEqual({ width: 1, height: 1 })
    }
    expect(imageSize(avif(640, 480), 'avif')).toEqual({ width: 640, height: 480 })
    const png = readFileSync(new URL('../../../../../assets/sample/images/bay-aerial.png', import.meta.url))
    const size = imageSize(png, 'png')!
    expect(size.width).toBeGreaterThan(100)
    expect(size.height).toBeGreaterThan(100)
  })

  it('keeps real images and refuses every pixel bomb with a message saying why', async () => {
    const store = new MediaStore(tempDir())
    for (const [name, bytes] of Object.entries(REAL)) expect(await store.put(bytes, ''), name).toMatch(/^[0-9a-f]{64}\./)
    expect(await store.put(avif(4000, 3000), '')).toMatch(/\.avif$/)
    for (const [name, bytes] of Object.entries(BOMBS)) {
      expect(detectImageType(bytes), name).not.toBeNull()
      const err = await store.put(bytes, 'image/x').then(
        () => null,
        (e: unknown) => e,
      )
      expect(err, name).toBeInstanceOf(IngestError)
      expect((err as Error).message, name).toMatch(/^Image too large to show: \d+×\d+ pixels/)
      refused++
    }
  })
})
