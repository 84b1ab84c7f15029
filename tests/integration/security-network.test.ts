// Hostile servers against the real ingest path, with the limits the app uses (50 MB a
// feed, 10 MB a page or image, 15 s a request; only the timeout is shortened here to
// keep the suite quick, through the same code): a 100 MB feed, gzip bombs in transfer
// and in a file, endless headers, an endless image, a slow drip next to a healthy feed.
// Each must end in a clear one-line error on that feed alone, bounded memory, nothing
// half-stored, and a library that still opens cleanly.
import { gzipSync } from 'node:zlib'
import type http from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_IMPORT_BYTES } from '../../main/core/ingest/service'
import { Library } from '../../main/core/library/library'
import { localFetcher, paragraph, png, rss, startServer } from './ingest-helpers'
import { measure, note, record } from '../security/figures'
import { expectCleanError, hostileSession, storedArticles } from '../security/hostile-session'

const tally = { tried: 0, blocked: 0 }
afterAll(() => {
  record('network.payloads-tried', tally.tried, 'payloads')
  record('network.payloads-blocked', tally.blocked, 'payloads')
})

/** Production limits, reachable only on 127.0.0.1. */
const appFetcher = (timeoutMs = 15_000) => localFetcher({ maxBytes: MAX_IMPORT_BYTES, timeoutMs })

/** Streams `total` bytes of a never-ending RSS document, counting what was really sent. */
function streamFeed(total: number, counter: { sent: number }) {
  const head = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.example/</link>')
  const item = Buffer.from(`<item><title>Again</title><description>${'x'.repeat(4000)}</description></item>`.repeat(16))
  return (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' })
    res.write(head)
    counter.sent = head.length
    const pump = () => {
      while (counter.sent < total) {
        counter.sent += item.length
        if (!res.write(item)) return void res.once('drain', pump)
      }
      res.end('</channel></rss>')
    }
    res.on('close', () => res.removeAllListeners('drain'))
    pump()
  }
}

/** About `expanded` bytes of zeros as a multi-member gzip stream of ~1/1000 the size. */
function gzipBomb(expanded: number): Buffer {
  const member = gzipSync(Buffer.alloc(8 * 2 ** 20), { level: 9 })
  return Buffer.concat(Array.from({ length: Math.ceil(expanded / (8 * 2 ** 20)) }, () => member))
}

async function reopensCleanly(dataDir: string) {
  const lib = await Library.open({ dataDir, sample: false, search: null })
  try {
    expect(lib.notices().filter((n) => n.level !== 'info')).toEqual([])
    for (const a of await storedArticles(lib)) expect(a.textVersion).toBeGreaterThan(0)
  } finally {
    await lib.close()
  }
}

describe('hostile servers', () => {
  it('a 100 MB feed is cut at 50 MB with a clear error, in bounded memory', async () => {
    const counter = { sent: 0 }
    const server = await startServer(streamFeed(100 * 2 ** 20, counter))
    const { lib, dispatch } = await hostileSession({ fetcher: appFetcher() })
    const feed = await lib.addFeed({ title: 'Huge', url: server.url('/huge.rss') })
    tally.tried++
    const { result, ms, rssMB, heapMB } = await measure(() => dispatch('feeds:refresh', { feedIds: [feed.id] }))
    expect(result.ok).toBe(true)
    const failed = (result as { data: { failed: { error: string }[] } }).data.failed
    expect(failed).toHaveLength(1)
    expect(failed[0]!.error).toMatch(/exceeds 50 MB/)
    expect(failed[0]!.error).not.toMatch(/\n/)
    expect(lib.feed(feed.id)?.error?.message).toMatch(/exceeds 50 MB/)
    expect(await storedArticles(lib)).toEqual([])
    expect(rssMB).toBeLessThan(400)
    await new Promise((r) => setTimeout(r, 50))
    expect(counter.sent).toBeLessThan(80 * 2 ** 20)
    tally.blocked++
    note('network.huge-feed', failed[0]!.error)
    record('network.huge-feed.ms', ms, 'ms')
    record('network.huge-feed.rss-growth', rssMB, 'MB')
    record('network.huge-feed.heap-growth', heapMB, 'MB')
    record('network.huge-feed.sent-before-cut', counter.sent / 2 ** 20, 'MB')
    await lib.close()
    await reopensCleanly(lib.dataDir)
  }, 30_000)

  it('gzip bombs, in transfer and in a file, are refused past 50 MB expanded', async () => {
    const bomb = gzipBomb(1024 * 2 ** 20)
    record('network.gzip-bomb.compressed', bomb.length / 2 ** 20, 'MB')
    const rssBody = gzipSync(Buffer.from(rss('Gzipped', [{ title: 'Fine', link: 'https://g.example/1', html: paragraph('gzip') }])))
    const server = await startServer((req, res) => {
      if (req.url === '/bomb.rss') res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb)
      else if (req.url === '/double.rss') res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(bomb))
      else if (req.url === '/brotli-lie.rss') res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' }).end(bomb)
      else if (req.url === '/fine.rss') res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(rssBody)
      else res.writeHead(404).end()
    })
    const { lib, dispatch } = await hostileSession({ fetcher: appFetcher() })
    const feeds = await Promise.all(['bomb', 'double', 'brotli-lie', 'fine'].map((n) => lib.addFeed({ title: n, url: server.url(`/${n}.rss`) })))
    tally.tried += 3
    const { result, ms, rssMB } = await measure(() => dispatch('feeds:refresh', {}))
    expect(result.ok).toBe(true)
    const data = (result as { data: { added: number; failed: { title: string; error: string }[] } }).data
    const errors = Object.fromEntries(data.failed.map((f) => [f.title, f.error]))
    expect(errors.bomb).toMatch(/exceeds 50 MB/)
    expect(errors.double).toMatch(/expands beyond 50 MB|exceeds 50 MB/)
    expect(errors['brotli-lie']).toMatch(/decompress/)
    for (const e of Object.values(errors)) expect(e).not.toMatch(/\n/)
    // The healthy feed beside them was read.
    expect(data.added).toBe(1)
    expect(feeds).toHaveLength(4)
    expect(rssMB).toBeLessThan(400)
    tally.blocked += 3
    for (const [k, v] of Object.entries(errors)) note(`network.gzip-bomb.${k}`, v)
    record('network.gzip-bombs.ms', ms, 'ms')
    record('network.gzip-bombs.rss-growth', rssMB, 'MB')

    // The same bomb as a .gz file given to Import.
    tally.tried++
    const imported = await measure(() => dispatch('library:import', { name: 'bomb.xml.gz', content: bomb.toString('base64'), encoding: 'base64' }))
    const message = expectCleanError(imported.result, /bomb\.xml\.gz.*(expands beyond|exceeds) 50 MB/)
    expect(imported.rssMB).toBeLessThan(400)
    tally.blocked++
    note('network.gzip-bomb.file', message)
    record('network.gzip-bomb.file.ms', imported.ms, 'ms')
    await lib.close()
    await reopensCleanly(lib.dataDir)
  }, 30_000)

  it('endless headers, an endless image and a slow drip: each feed fails alone, within its time', async () => {
    const sockets = new Set<{ destroy(): void }>()
    const server = await startServer((req, res) => {
      sockets.add(res.socket!)
      const path = req.url ?? '/'
      if (path === '/headers.rss') {
        // Headers that never end: Node's parser stops at 16 KB.
        res.socket!.write('HTTP/1.1 200 OK\r\n')
        const more = () => res.socket!.writable && res.socket!.write(`X-Filler: ${'y'.repeat(1000)}\r\n`, () => setImmediate(more))
        more()
      } else if (path === '/drip.rss') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Drip</title>')
        const timer = setInterval(() => res.write(' '), 100)
        res.on('close', () => clearInterval(timer))
      } else if (path === '/endless.png') {
        res.writeHead(200, { 'content-type': 'image/png' })
        res.write(png('endless'))
        const chunk = Buffer.alloc(256 * 1024, 7)
        const pump = () => {
          while (res.write(chunk));
          res.once('drain', pump)
        }
        res.on('close', () => res.removeAllListeners('drain'))
        pump()
      } else if (path === '/images.rss') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        res.end(rss('Images', [{ title: 'With an endless image', link: 'https://i.example/1', guid: 'i1', html: `<p>${paragraph('image')}</p><img src="${server.url('/endless.png')}" width="600" height="400">` }]))
      } else if (path === '/healthy.rss') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        res.end(rss('Healthy', [{ title: 'Healthy item', link: 'https://h.example/1', guid: 'h1', html: paragraph('healthy') }]))
      } else res.writeHead(404).end()
    })
    const timeoutMs = 1500
    const { lib, dispatch } = await hostileSession({ fetcher: appFetcher(timeoutMs) })
    for (const n of ['headers', 'drip', 'images', 'healthy']) await lib.addFeed({ title: n, url: server.url(`/${n}.rss`) })
    tally.tried += 3
    const { result, ms, rssMB } = await measure(() => dispatch('feeds:refresh', {}))
    for (const s of sockets) s.destroy()
    expect(result.ok).toBe(true)
    const data = (result as { data: { added: number; failed: { title: string; error: string }[] } }).data
    const errors = Object.fromEntries(data.failed.map((f) => [f.title, f.error]))
    expect(Object.keys(errors).sort()).toEqual(['drip', 'headers'])
    expect(errors.headers).toMatch(/Malformed HTTP response/)
    expect(errors.drip).toMatch(/Timed out after 1\.5 s/)
    // The article with the endless image was kept, without the image (cut at 10 MB).
    const stored = await storedArticles(lib)
    expect(stored.map((a) => a.title).sort()).toEqual(['Healthy item', 'With an endless image'])
    expect(stored.find((a) => a.title.startsWith('With'))!.html).not.toContain('<img')
    expect(ms).toBeLessThan(timeoutMs * 3)
    expect(rssMB).toBeLessThan(300)
    tally.blocked += 3
    for (const [k, v] of Object.entries(errors)) note(`network.${k}`, v)
    note('network.endless-image', 'article stored without the image')
    record('network.slow-servers.refresh-ms', ms, 'ms')
    await lib.close()
    await reopensCleanly(lib.dataDir)
  }, 30_000)
})
