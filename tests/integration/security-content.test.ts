// Hostile content through the real ingest path: markup nested 100,000 levels deep (a
// saved page and a feed item), malformed UTF-8, images that lie about their size or
// never end, SVG with script, data: and javascript: addresses, and an OPML file of
// 10,000 feeds. What a user would notice: a clear one-line error or a clean article,
// the app responsive (bounded time), and nothing stored that could run or load.
import { deflateSync } from 'node:zlib'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { executableConstructs, paragraph, png, PNG_1x1, rss, startServer } from './ingest-helpers'
import { measure, note, record } from '../security/figures'
import { browserViolations } from '../security/html-grammar'
import { expectCleanError, hostileSession, storedArticles } from '../security/hostile-session'

const tally = { tried: 0, blocked: 0 }
afterAll(() => {
  record('content.payloads-tried', tally.tried, 'payloads')
  record('content.payloads-blocked', tally.blocked, 'payloads')
})

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A PNG whose header claims `width`×`height` (a valid IHDR with a CRC), with a tiny body. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))])
}

/** A JPEG whose frame header claims `width`×`height`. */
function jpegClaiming(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), sof, Buffer.alloc(256, 0x11), Buffer.from([0xff, 0xd9])])
}

function mediaFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'media'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
  } catch {
    return []
  }
}

describe('hostile content', () => {
  it('markup nested 100,000 levels deep: a page import and a feed item end quickly and cleanly', async () => {
    const n = 100_000
    const deep = `${'<div>'.repeat(n)}${paragraph('deep nesting', 12)}${'</div>'.repeat(n)}`
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      res.end(rss('Deep', [{ title: 'Deep item', link: 'https://deep.example/1', guid: 'd1', html: deep }, { title: 'Plain item', link: 'https://deep.example/2', guid: 'd2', html: paragraph('plain') }]))
    })
    const { lib, dispatch, untyped } = await hostileSession()

    tally.tried++
    const page = await measure(() => dispatch('library:import', { name: 'deep.html', content: `<!doctype html><html><head><title>Deep</title></head><body><article>${deep}</article></body></html>` }))
    record('content.deep-page.ms', page.ms, 'ms')
    expect(page.ms).toBeLessThan(3000)
    if (page.result.ok) note('content.deep-page', 'imported as its text')
    else note('content.deep-page', `refused: ${expectCleanError(page.result, /deep\.html/)}`)
    tally.blocked++

    tally.tried++
    const feed = await measure(() => dispatch('feeds:subscribe', { url: server.url('/deep.rss') }))
    record('content.deep-feed-item.ms', feed.ms, 'ms')
    expect(feed.ms).toBeLessThan(3000)
    expect(feed.result).toMatchObject({ ok: true, data: { added: 2 } })
    const item = (await storedArticles(lib)).find((a) => a.title === 'Deep item')!
    expect(item.text).toContain('deep nesting')
    expect(item.html.split('<div').length).toBeLessThan(600)
    tally.blocked++
    note('content.deep-feed-item', 'stored with its text, the nesting dropped')
    expect(untyped).toEqual([])
  }, 30_000)

  it('malformed UTF-8 is read byte by byte, never as an overlong "/" or a crash', async () => {
    const bad = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bytes \xe9t\xe9</title><link>https://u.example/</link><item><title>Overlong '),
      Buffer.from([0xc0, 0xaf, 0x2e, 0x2e, 0xc0, 0xaf, 0xe0, 0x80, 0xaf]), // "/" and ".." spelled overlong
      Buffer.from(' surrogate '),
      Buffer.from([0xed, 0xa0, 0x80, 0xff, 0xfe, 0x80, 0xf4, 0x90, 0x80, 0x80]),
      Buffer.from(' cut '),
      Buffer.from('</title><link>https://u.example/1</link><description>'),
      Buffer.from(esc(paragraph('bytes'))),
      Buffer.from([0xe2, 0x82]), // a truncated euro sign
      Buffer.from('</description></item></channel></rss>'),
    ])
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(bad))
    const { lib, dispatch } = await hostileSession()
    tally.tried++
    const r = await dispatch('feeds:subscribe', { url: server.url('/bytes.rss') })
    expect(r.ok).toBe(true)
    const [a] = await storedArticles(lib)
    expect(a!.title).toMatch(/^Overlong /)
    expect(a!.title).not.toMatch(/\/\.\.\//)
    expect(a!.text).toContain('bytes')
    tally.blocked++
    note('content.malformed-utf8', `stored as "${a!.title}"`)
  })

  it('giant and lying images are refused; SVG never stored; data: and javascript: addresses never kept', async () => {
    const svgScript = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>')
    const big = Buffer.concat([png('big'), Buffer.alloc(50 * 2 ** 20, 1)])
    const images: Record<string, [Buffer, string]> = {
      '/bomb.png': [pngClaiming(100_000, 100_000), 'image/png'],
      '/wide.png': [pngClaiming(1_000_000, 1), 'image/png'],
      '/bomb.jpg': [jpegClaiming(65_000, 65_000), 'image/jpeg'],
      '/big.png': [big, 'image/png'],
      '/script.svg': [svgScript, 'image/svg+xml'],
      '/svg-as.png': [svgScript, 'image/png'],
      '/html-as.png': [Buffer.from('<html><script>alert(1)</script></html>'), 'image/png'],
      '/ok.png': [png('fine'), 'image/png'],
    }
    const links = [
      'javascript:alert(document.cookie)',
      'JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]
    const dataImages = [
      `data:image/svg+xml;base64,${svgScript.toString('base64')}`,
      'data:image/svg+xml,<svg onload=alert(1)>',
      'data:text/html,<script>alert(1)</script>',
      `data:image/png;base64,${pngClaiming(100_000, 100_000).toString('base64')}`,
      `data:image/png;base64,${PNG_1x1.toString('base64')}`,
    ]
    const html = [
      `<p>${paragraph('images')}</p>`,
      ...Object.keys(images).map((p) => `<img src="IMG${p}" width="300" height="200" alt="${p}">`),
      ...links.map((href, i) => `<a href="${href}">link ${i}</a>`),
      ...dataImages.map((src, i) => `<img src="${src}" alt="data ${i}" width="300" height="200">`),
      `<svg><script>alert(3)</script></svg><img src="x" onerror="alert(4)"><iframe src="javascript:alert(5)"></iframe>`,
    ].join('\n')
    const server = await startServer((req, res) => {
      const image = images[req.url ?? '']
      if (image) return void res.writeHead(200, { 'content-type': image[1] }).end(image[0])
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Media</title><link>javascript:alert(1)</link><item><title>Media item</title><link>javascript:alert(1)</link><guid>m1</guid>` +
          `<enclosure url="javascript:alert(1)" type="image/png"/><description>${esc(html.replaceAll('IMG', server.origin))}</description></item></channel></rss>`,
      )
    })
    const { lib, dispatch } = await hostileSession()
    const payloads = Object.keys(images).length - 1 + links.length + dataImages.length - 1 + 4
    tally.tried += payloads
    const r = await measure(() => dispatch('feeds:subscribe', { url: server.url('/media.rss') }))
    expect(r.result.ok).toBe(true)
    record('content.media-item.ms', r.ms, 'ms')
    record('content.media-item.rss-growth', r.rssMB, 'MB')
    const [a] = await storedArticles(lib)
    // What is left: the text, the links as plain text, and exactly the two real 1×1-ish images.
    expect(a!.text).toContain('images')
    expect(executableConstructs(a!.html)).toEqual([])
    expect(browserViolations(a!.html)).toEqual([])
    expect(a!.html).not.toMatch(/javascript:|vbscript:|data:|file:|<svg|onerror|<iframe/i)
    const sources = [...a!.html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]!)
    expect(sources.every((s) => s.startsWith('offprint-media://m/'))).toBe(true)
    expect(sources).toHaveLength(2)
    expect(a!.url).toBe('')
    expect(lib.feeds()[0]!.siteUrl).toBe('')
    const files = mediaFiles(lib.dataDir)
    expect(files).toHaveLength(2)
    for (const f of files) {
      expect(f).toMatch(/\.png$/)
      const bytes = readFileSync(f)
      expect(bytes.length).toBeLessThan(10 * 2 ** 20)
      expect(bytes.includes('<svg')).toBe(false)
      expect(bytes.includes('<script')).toBe(false)
    }
    tally.blocked += payloads
    note('content.images', `kept ${sources.length} real images of ${Object.keys(images).length + dataImages.length}; giant, lying, SVG and HTML ones dropped`)
  }, 30_000)

  it('an OPML file of 10,000 feeds imports in bounded time and memory, and a second import adds none', async () => {
    const outlines = Array.from({ length: 10_000 }, (_, i) => `<outline text="Feed ${i}" type="rss" xmlUrl="https://feeds${i % 97}.example/f/${i}.xml" htmlUrl="https://site${i}.example/"/>`)
    const folders = Array.from({ length: 50 }, (_, f) => `<outline text="Folder ${f}">${outlines.slice(f * 200, f * 200 + 200).join('')}</outline>`).join('\n')
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Many</title></head><body>${folders}</body></opml>`
    const { lib, dispatch } = await hostileSession()
    tally.tried++
    const first = await measure(() => dispatch('library:import', { name: 'many.opml', content: opml }))
    expect(first.result.ok).toBe(true)
    expect(lib.feeds()).toHaveLength(10_000)
    expect(lib.folders()).toHaveLength(50)
    record('content.opml-10k.ms', first.ms, 'ms')
    record('content.opml-10k.heap-growth', first.heapMB, 'MB')
    record('content.opml-10k.bytes', opml.length / 2 ** 20, 'MB')
    expect(first.ms).toBeLessThan(20_000)
    expect(first.heapMB).toBeLessThan(300)
    const again = await measure(() => dispatch('library:import', { name: 'many.opml', content: opml }))
    expect(again.result).toMatchObject({ ok: true, data: { duplicates: 10_000 } })
    expect(lib.feeds()).toHaveLength(10_000)
    record('content.opml-10k.again-ms', again.ms, 'ms')
    tally.blocked++
  }, 60_000)
})
