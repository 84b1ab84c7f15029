// Small real image files for tests: enough bytes for signature checks, and (for PNG/GIF)
// complete files a browser would draw.
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
export const GIF_1x1 = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
export const JPEG_HEAD = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'), Buffer.from([0xff, 0xd9])])
export const WEBP_HEAD = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(18)])
export const AVIF_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif'), Buffer.from([0, 0, 0, 0]), Buffer.from('avifmif1miaf'), Buffer.alloc(8)])
export const HEIC_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic'), Buffer.alloc(8)])
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')

/** A distinct valid-looking PNG per seed (same signature, different bytes → different name). */
export function pngVariant(seed: number, size = 64): Buffer {
  const tail = Buffer.alloc(size)
  tail.writeUInt32BE(seed >>> 0, 0)
  return Buffer.concat([PNG_1x1, tail])
}

/** A 32-bit bitmap as an icon entry holds it: info header, pixels, mask (height doubled). */
export function icoBitmap(width: number, height: number, headerWidth = width, headerHeight = height): Buffer {
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(headerWidth, 4)
  header.writeInt32LE(headerHeight * 2, 8)
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  const mask = Math.ceil(width / 32) * 4 * height
  return Buffer.concat([header, Buffer.alloc(width * height * 4, 0x7f), Buffer.alloc(mask)])
}

/** An ICO file of the given entries; `side` is what the directory says (256 is written 0). */
export function ico(entries: { side: number; data: Buffer }[], patch: (file: Buffer) => void = () => {}): Buffer {
  const head = Buffer.alloc(6 + 16 * entries.length)
  head.writeUInt16LE(0, 0)
  head.writeUInt16LE(1, 2)
  head.writeUInt16LE(entries.length, 4)
  let offset = head.length
  entries.forEach((entry, i) => {
    const at = 6 + 16 * i
    head[at] = entry.side & 0xff
    head[at + 1] = entry.side & 0xff
    head.writeUInt16LE(1, at + 4)
    head.writeUInt16LE(32, at + 6)
    head.writeUInt32LE(entry.data.length, at + 8)
    head.writeUInt32LE(offset, at + 12)
    offset += entry.data.length
  })
  const file = Buffer.concat([head, ...entries.map((e) => e.data)])
  patch(file)
  return file
}

/** A PNG whose header claims width×height (the pixel data is the 1×1 one's). */
export function pngClaiming(width: number, height: number): Buffer {
  const out = Buffer.from(PNG_1x1)
  out.writeUInt32BE(width, 16)
  out.writeUInt32BE(height, 20)
  return out
}

/** A favicon.ico as sites serve it: 16×16 and 32×32 bitmaps. */
export const ICO_16_32 = ico([
  { side: 16, data: icoBitmap(16, 16) },
  { side: 32, data: icoBitmap(32, 32) },
])
