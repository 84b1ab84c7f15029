// Renders the sample library's feed icons (assets/sample/icons/*.svg, drawn for Offprint)
// to the 64-pixel PNGs the sample loads, as a feed's fetched icon would be stored.
//
//   node scripts/make-sample-icons.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'sample', 'icons')
const SIZE = 64

let Resvg
try {
  ;({ Resvg } = await import('@resvg/resvg-js'))
} catch {
  throw new Error('make-sample-icons needs @resvg/resvg-js (a devDependency): run npm install first.')
}
for (const name of readdirSync(DIR).filter((n) => n.endsWith('.svg'))) {
  const svg = readFileSync(join(DIR, name), 'utf8')
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: SIZE }, font: { loadSystemFonts: false } }).render().asPng()
  writeFileSync(join(DIR, name.replace(/\.svg$/, '.png')), png)
  console.log(`${name.replace(/\.svg$/, '.png')}: ${png.length} bytes`)
}
