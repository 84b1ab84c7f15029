// The committed icons: every size each platform asks for, with the pixel size its
// name or entry claims, read from the files themselves (PNG IHDR, ICO directory,
// ICNS entries), and still what assets/icon.svg renders to.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(__dirname, '..', '..', '..')
const build = join(root, 'assets', 'build')

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
function pngHeader(data: Buffer) {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true)
  expect(data.toString('latin1', 12, 16)).toBe('IHDR')
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bitDepth: data[24], colorType: data[25] }
}

interface IcoEntry {
  size: number
  format: 'png' | 'bmp'
  width: number
  height: number
  bits: number
}

function readIco(data: Buffer): IcoEntry[] {
  expect(data.readUInt16LE(0)).toBe(0)
  expect(data.readUInt16LE(2)).toBe(1) // icon, not cursor
  const count = data.readUInt16LE(4)
  const entries: IcoEntry[] = []
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i
    const size = data[at] || 256
    expect(data[at + 1] || 256, 'square').toBe(size)
    const bytes = data.readUInt32LE(at + 8)
    const offset = data.readUInt32LE(at + 12)
    expect(offset + bytes, 'entry inside the file').toBeLessThanOrEqual(data.length)
    const image = data.subarray(offset, offset + bytes)
    if (image.subarray(0, 8).equals(PNG_SIGNATURE)) {
      const h = pngHeader(image)
      entries.push({ size, format: 'png', width: h.width, height: h.height, bits: h.bitDepth! * 4 })
    } else {
      expect(image.readUInt32LE(0), 'BITMAPINFOHEADER').toBe(40)
      const maskRow = Math.ceil(size / 32) * 4
      expect(bytes, 'colour rows and AND mask').toBe(40 + size * size * 4 + maskRow * size)
      entries.push({ size, format: 'bmp', width: image.readInt32LE(4), height: image.readInt32LE(8) / 2, bits: image.readUInt16LE(14) })
    }
  }
  return entries
}

function readIcns(data: Buffer): { type: string; width: number; height: number }[] {
  expect(data.toString('latin1', 0, 4)).toBe('icns')
  expect(data.readUInt32BE(4), 'declared length').toBe(data.length)
  const entries = []
  for (let at = 8; at < data.length; ) {
    const type = data.toString('latin1', at, at + 4)
    const length = data.readUInt32BE(at + 4)
    expect(length, `${type} length`).toBeGreaterThan(8)
    const h = pngHeader(data.subarray(at + 8, at + length))
    entries.push({ type, width: h.width, height: h.height })
    at += length
  }
  return entries
}

describe('icons', () => {
  it('Linux: a PNG for each hicolor size, RGBA, as big as its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const file = join(build, 'icons', `${size}x${size}.png`)
      expect(existsSync(file), file).toBe(true)
      expect(pngHeader(readFileSync(file)), file).toEqual({ width: size, height: size, bitDepth: 8, colorType: 6 })
    }
  })

  it('the small icons have transparent corners (a rounded tile, not a square)', () => {
    // The ICO's 16 px entry is a raw bitmap (bottom-up BGRA), readable without a PNG decoder.
    const ico = readFileSync(join(build, 'icon.ico'))
    const offset = ico.readUInt32LE(6 + 12)
    const bitmap = ico.subarray(offset + 40)
    const alphaAt = (x: number, y: number) => bitmap[((15 - y) * 16 + x) * 4 + 3]
    expect(alphaAt(0, 0)).toBe(0)
    expect(alphaAt(8, 8)).toBe(255)
  })

  it('Windows: one ICO with 16–256 px; 256 as PNG, the rest as 32-bit bitmaps every reader takes', () => {
    const entries = readIco(readFileSync(join(build, 'icon.ico')))
    expect(entries.map((e) => e.size)).toEqual([16, 20, 24, 32, 40, 48, 64, 128, 256])
    for (const e of entries) {
      expect([e.width, e.height], `${e.size}`).toEqual([e.size, e.size])
      expect(e.bits, `${e.size}`).toBe(32)
      expect(e.format, `${e.size}`).toBe(e.size >= 256 ? 'png' : 'bmp')
    }
  })

  it('macOS: one ICNS with PNG entries from 16 to 1024 px, Retina variants included', () => {
    const entries = readIcns(readFileSync(join(build, 'icon.icns')))
    expect(Object.fromEntries(entries.map((e) => [e.type, e.width]))).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    })
    for (const e of entries) expect(e.height, e.type).toBe(e.width)
  })

  it('the committed icons are what assets/icon.svg renders to', () => {
    let hasRasterizer = true
    try {
      createRequire(import.meta.url).resolve('@resvg/resvg-js')
    } catch {
      hasRasterizer = false
    }
    if (!hasRasterizer) {
      console.log('SKIPPED: @resvg/resvg-js is not installed, so the icons cannot be rendered again to compare.')
      return
    }
    // Exits non-zero, naming the stale files, when they differ.
    execFileSync(process.execPath, [join(root, 'scripts', 'make-icons.mjs'), '--check'], { cwd: root, stdio: 'pipe' })
  })
})
