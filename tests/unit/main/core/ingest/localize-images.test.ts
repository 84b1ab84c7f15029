import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseHTML } from 'linkedom'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFetcher, type Fetcher } from '../../../../../main/core/ingest/fetcher'
import { localizeImage, localizeImages } from '../../../../../main/core/ingest/localize-images'
import { MediaStore, mediaUrl, parseMediaUrl } from '../../../../../main/core/ingest/media-store'
import { sanitizeHtml } from '../../../../../main/core/ingest/sanitize'
import { executableConstructs } from './pages-helpers'
import { GIF_1x1, PNG_1x1, SVG, pngVariant } from './images'
import { closeAll, startServer, type TestServer } from './servers'

let dir: string
let media: MediaStore
let fetcher: Fetcher
let server: TestServer
let requests: { path: string; referer: string | undefined }[]
/** The article's own address, on the test server. */
let ARTICLE = ''

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'offprint-localize-'))
  media = new MediaStore(dir)
  fetcher = createFetcher({ timeoutMs: 2000 })
  requests = []
  server = await startServer((req, res) => {
    const path = req.url ?? ''
    requests.push({ path, referer: req.headers.referer })
    const send = (type: string, body: Buffer | string, status = 200) => {
      res.writeHead(status, { 'Content-Type': type })
      res.end(body)
    }
    if (path === '/img/photo.png') return send('image/png', PNG_1x1)
    if (path === '/img/anim.gif') return send('application/octet-stream', GIF_1x1)
    if (path === '/img/hotlinked.png') {
      // Served only to requests that come from the article's own page.
      if (req.headers.referer === ARTICLE) return send('image/png', pngVariant(7))
      return send('text/plain', 'Forbidden', 403)
    }
    if (path === '/img/logo.svg') return send('image/svg+xml', SVG)
    if (path === '/img/fake.png') return send('image/png', '<!doctype html><p>Not found</p>')
    if (path === '/img/huge.png') return send('image/png', Buffer.concat([PNG_1x1, Buffer.alloc(300 * 1024)]))
    if (path.startsWith('/img/n')) return send('image/png', pngVariant(Number(path.slice(6))))
    send('text/plain', 'missing', 404)
  })
  ARTICLE = server.url('/news/story.html')
})

afterEach(async () => {
  fetcher.close()
  await closeAll()
  rmSync(dir, { recursive: true, force: true })
})

function srcs(html: string): string[] {
  const { document } = parseHTML(`<html><body>${html}</body></html>`)
  const out: string[] = []
  for (const img of document.querySelectorAll('img')) out.push(img.getAttribute('src') ?? '')
  return out
}

describe('localizeImages', () => {
  it('stores every reachable image, points the article at the copies and drops the rest', async () => {
    const html = [
      `<p>Intro</p>`,
      `<figure><img src="${server.url('/img/photo.png')}" alt="Photo" width="640" height="480"><figcaption>Caption</figcaption></figure>`,
      `<p><img src="/img/anim.gif" alt="relative"></p>`,
      `<p><img src="${server.url('/img/photo.png')}" alt="again"></p>`,
      `<p><img src="${server.url('/img/missing.jpg')}" alt="gone">after missing</p>`,
      `<p><img src="${server.url('/img/logo.svg')}" alt="svg"></p>`,
      `<p><img src="${server.url('/img/fake.png')}" alt="fake"></p>`,
      `<p><img src="data:image/png;base64,${PNG_1x1.toString('base64')}" alt="inline"></p>`,
      `<p><img src="${server.url('/pixel.gif')}" width="1" height="1" alt=""></p>`,
    ].join('\n')
    const out = await localizeImages(html, ARTICLE, { fetcher, media })

    const local = srcs(out.html)
    expect(local).toHaveLength(4) // photo, gif, photo again, inline
    for (const src of local) {
      const name = parseMediaUrl(src)
      expect(name, src).not.toBeNull()
      expect(media.has(name!)).toBe(true)
    }
    expect(readFileSync(media.path(parseMediaUrl(local[0]!)!)!)).toEqual(PNG_1x1)
    expect(local[0]).toBe(local[2]) // the same picture, stored once
    expect(local[1]).toMatch(/\.gif$/)
    expect(out.firstImage).toBe(local[0])
    expect(out.failed).toBe(3) // missing, svg, html posing as png
    expect(out.html).not.toMatch(/http:\/\//)
    expect(out.html).toContain('after missing')
    expect(out.html).toContain('<figcaption>Caption</figcaption>')
    expect(out.html).toContain('alt="Photo"')
    expect(requests.filter((r) => r.path === '/img/photo.png')).toHaveLength(1)
    expect(requests.some((r) => r.path === '/pixel.gif')).toBe(false)
  })

  it('asks again with the article as Referer when the host refuses', async () => {
    const out = await localizeImages(`<img src="${server.url('/img/hotlinked.png')}">`, ARTICLE, { fetcher, media })
    expect(out.failed).toBe(0)
    expect(parseMediaUrl(srcs(out.html)[0]!)).not.toBeNull()
    expect(requests.map((r) => r.referer)).toEqual([undefined, ARTICLE])
  })

  it('does not retry with a Referer for other failures', async () => {
    await localizeImages(`<img src="${server.url('/img/missing.png')}">`, ARTICLE, { fetcher, media })
    expect(requests).toEqual([{ path: '/img/missing.png', referer: undefined }])
  })

  it('fetches at most maxImages distinct images and drops the others', async () => {
    const html = Array.from({ length: 5 }, (_, i) => `<img src="${server.url(`/img/n${i}`)}">`).join('')
    const out = await localizeImages(html, ARTICLE, { fetcher, media, maxImages: 3 })
    expect(srcs(out.html)).toHaveLength(3)
    expect(out.failed).toBe(2)
    expect(requests).toHaveLength(3)
  })

  it('drops an image over the size limit', async () => {
    const out = await localizeImages(`<img src="${server.url('/img/huge.png')}"><img src="${server.url('/img/photo.png')}">`, ARTICLE, { fetcher, media, maxBytes: 100 * 1024 })
    expect(srcs(out.html)).toHaveLength(1)
    expect(out.failed).toBe(1)
  })

  it('keeps images that are already local, and removes remote leftovers', async () => {
    const name = await media.put(PNG_1x1, 'image/png')
    const out = await localizeImages(`<img src="${mediaUrl(name)}" srcset="https://cdn.example/x.png 2x" data-src="https://cdn.example/y.png"><img src="ftp://files.example/a.png">`, ARTICLE, { fetcher, media })
    expect(out.html).toBe(`<img src="${mediaUrl(name)}">`)
    expect(out.failed).toBe(1)
    expect(out.firstImage).toBe(mediaUrl(name))
  })

  it('prefers a sizeable image for the thumbnail', async () => {
    const out = await localizeImages(`<img src="${server.url('/img/anim.gif')}" width="16" height="16"><img src="${server.url('/img/photo.png')}" width="800">`, ARTICLE, { fetcher, media })
    expect(out.firstImage).toMatch(/\.png$/)
  })

  it('keeps sanitized markup inert when it re-serializes it', async () => {
    const tricky = sanitizeHtml(
      `<p title="</p><img src=x onerror=alert(1)>">a &lt;script&gt;alert(1)&lt;/script&gt;</p>` +
        `<img alt='x" onerror="alert(1)' src="${server.url('/img/photo.png')}"><pre>&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;</pre>`,
      ARTICLE,
    )
    const out = await localizeImages(tricky, ARTICLE, { fetcher, media })
    expect(executableConstructs(out.html)).toEqual([])
    expect(srcs(out.html)).toHaveLength(1)
  })

  it('leaves HTML without images untouched', async () => {
    const html = '<p>Just <a href="https://x.example/">text</a>.</p>'
    expect(await localizeImages(html, ARTICLE, { fetcher, media })).toEqual({ html, firstImage: '', failed: 0 })
    expect(requests).toHaveLength(0)
  })
})

// A feed's thumbnail is an address alone: it goes through the same download, limits and
// store as an <img>, without a document around it.
describe('localizeImage', () => {
  it('stores a thumbnail and gives its local address, resolved against the article', async () => {
    const local = await localizeImage('/img/photo.png', ARTICLE, { fetcher, media })
    const name = parseMediaUrl(local)
    expect(name).not.toBeNull()
    expect(readFileSync(media.path(name!)!)).toEqual(PNG_1x1)
    expect(requests.map((r) => r.path)).toEqual(['/img/photo.png'])
  })

  it('gives the same stored image an <img> would', async () => {
    const alone = await localizeImage(server.url('/img/n3'), ARTICLE, { fetcher, media })
    const inHtml = await localizeImages(`<img src="${server.url('/img/n3')}">`, ARTICLE, { fetcher, media })
    expect(alone).toBe(inHtml.firstImage)
  })

  it('asks again with the article as Referer when the host refuses', async () => {
    expect(parseMediaUrl(await localizeImage(server.url('/img/hotlinked.png'), ARTICLE, { fetcher, media }))).not.toBeNull()
    expect(requests.map((r) => r.referer)).toEqual([undefined, ARTICLE])
  })

  it('gives nothing for what is not a raster image, over the size limit, missing, or not a web address', async () => {
    for (const path of ['/img/logo.svg', '/img/fake.png', '/img/missing.png']) expect(await localizeImage(server.url(path), ARTICLE, { fetcher, media })).toBe('')
    expect(await localizeImage(server.url('/img/huge.png'), ARTICLE, { fetcher, media, maxBytes: 100 * 1024 })).toBe('')
    for (const src of ['javascript:alert(1)', 'ftp://files.example/a.png', 'data:image/svg+xml;base64,PHN2Zz4=', '']) expect(await localizeImage(src, ARTICLE, { fetcher, media })).toBe('')
    expect(requests.map((r) => r.path)).toEqual(['/img/logo.svg', '/img/fake.png', '/img/missing.png', '/img/huge.png'])
  })

  it('keeps an address that is already local without a request', async () => {
    const name = await media.put(PNG_1x1, 'image/png')
    expect(await localizeImage(mediaUrl(name), ARTICLE, { fetcher, media })).toBe(mediaUrl(name))
    expect(requests).toHaveLength(0)
  })
})
