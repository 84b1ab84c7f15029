// Renders the one source image, assets/icon.svg, into every icon the installers
// need, in assets/build (electron-builder's buildResources):
//   icons/NxN.png  the Linux set (AppImage, deb, hicolor theme sizes)
//   icon.ico       Windows: exe, shortcuts, NSIS installer
//   icon.icns      macOS: the .app and the dmg
// The generated files are committed, so packaging never needs the rasterizer;
// run `node scripts/make-icons.mjs` after changing the SVG, and
// `node scripts/make-icons.mjs --check` to prove the committed files match it.
//
// The ICO and ICNS containers are written here: both are a short header and a
// table of entries, and a package for each would bring more code than this.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SOURCE = join(root, 'assets', 'icon.svg')
export const OUT = join(root, 'assets', 'build')

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
// 16/32/48/256 are the shell's sizes; 20, 24, 40 and 64 are them at 125–200 % scaling.
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
// PNG-bearing ICNS types. ic11–ic14 are the @2x ("Retina") variants of 16–256.
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]

/**
 * An ICO file. The 256 px image is stored as PNG (Vista and later read it, and it
 * would be 256 KB as a bitmap); the smaller ones as 32-bit bitmaps, which every
 * reader of ICO files understands, NSIS's and old resource editors' included.
 */
export function encodeIco(images) {
  const entries = images.map(({ size, png, rgba }) => ({ size, data: size >= 256 ? png : bmpEntry(size, rgba) }))
  const header = Buffer.alloc(6 + 16 * entries.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(entries.length, 4)
  let offset = header.length
  entries.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, at) // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1)
    header.writeUInt8(0, at + 2) // no palette
    header.writeUInt8(0, at + 3)
    header.writeUInt16LE(1, at + 4) // planes
    header.writeUInt16LE(32, at + 6) // bits per pixel
    header.writeUInt32LE(data.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += data.length
  })
  return Buffer.concat([header, ...entries.map((e) => e.data)])
}

/** BITMAPINFOHEADER + bottom-up BGRA rows + an all-zero AND mask (alpha does the masking). */
function bmpEntry(size, rgba) {
  const maskRow = Math.ceil(size / 32) * 4
  const info = Buffer.alloc(40)
  info.writeUInt32LE(40, 0)
  info.writeInt32LE(size, 4)
  info.writeInt32LE(size * 2, 8) // colour rows + mask rows, as ICO requires
  info.writeUInt16LE(1, 12)
  info.writeUInt16LE(32, 14)
  info.writeUInt32LE(0, 16) // BI_RGB
  info.writeUInt32LE(size * size * 4 + maskRow * size, 20)
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4
      const to = ((size - 1 - y) * size + x) * 4
      pixels[to] = rgba[from + 2]
      pixels[to + 1] = rgba[from + 1]
      pixels[to + 2] = rgba[from]
      pixels[to + 3] = rgba[from + 3]
    }
  }
  return Buffer.concat([info, pixels, Buffer.alloc(maskRow * size)])
}

/** An ICNS file: 'icns', total length, then (type, length, PNG) entries; big-endian. */
export function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'latin1')
  header.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4)
  return Buffer.concat([header, ...parts])
}

/** resvg hands out premultiplied RGBA; bitmaps in an ICO are straight alpha. */
function unpremultiply(pixels) {
  const out = Buffer.from(pixels)
  for (let i = 0; i < out.length; i += 4) {
    const a = out[i + 3]
    if (a === 0 || a === 255) continue
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.round((out[i + c] * 255) / a))
  }
  return out
}

export async function renderAll(svg = readFileSync(SOURCE)) {
  let Resvg
  try {
    ;({ Resvg } = await import('@resvg/resvg-js'))
  } catch {
    throw new Error('make-icons needs @resvg/resvg-js (a devDependency): run npm install first.')
  }
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map(([, s]) => s)])].sort((a, b) => a - b)
  const rendered = new Map()
  for (const size of sizes) {
    const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render()
    if (image.width !== size || image.height !== size) throw new Error(`icon.svg rendered at ${image.width}×${image.height}, not ${size}×${size}: is it square?`)
    rendered.set(size, { size, png: image.asPng(), rgba: unpremultiply(image.pixels) })
  }
  const files = new Map()
  for (const size of LINUX_SIZES) files.set(join(OUT, 'icons', `${size}x${size}.png`), rendered.get(size).png)
  files.set(join(OUT, 'icon.ico'), encodeIco(ICO_SIZES.map((s) => rendered.get(s))))
  files.set(join(OUT, 'icon.icns'), encodeIcns(ICNS_ENTRIES.map(([type, s]) => ({ type, png: rendered.get(s).png }))))
  return files
}

async function main() {
  const check = process.argv.includes('--check')
  const files = await renderAll()
  const stale = []
  for (const [file, data] of files) {
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(data)) stale.push(relative(root, file))
      continue
    }
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, data)
  }
  if (check && stale.length) {
    console.error(`Icons out of date with assets/icon.svg (run node scripts/make-icons.mjs): ${stale.join(', ')}`)
    process.exit(1)
  }
  console.error(check ? `icons match assets/icon.svg (${files.size} files)` : `wrote ${files.size} icon files to ${relative(root, OUT)}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
