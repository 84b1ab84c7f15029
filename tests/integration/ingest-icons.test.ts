// Feed icons over real HTTP (127.0.0.1): found while subscribing or refreshing, from the
// feed's own declaration, the site's <link rel="icon"> or its /favicon.ico; looked for
// at most monthly when there is none; and never a reason for a subscribe or refresh to
// fail.
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createIngestService } from '../../main/core/ingest/service'
import { MediaStore, parseMediaUrl } from '../../main/core/ingest/media-store'
import { mediaProtocolHandler } from '../../main/desktop/protocol'
import type { Library } from '../../main/core/library/library'
import { ICO_16_32, ico, icoBitmap } from '../unit/main/core/ingest/images'
import { localFetcher, openLibrary, png, routes, rss, startServer, paragraph } from './ingest-helpers'

const DAY = 24 * 60 * 60 * 1000
const items = [{ title: 'One', link: 'https://example.org/1', guid: 'one', html: `<p>${paragraph('icons')}</p>` }]

function storedBytes(lib: Library, icon: string | undefined): Buffer {
  const name = parseMediaUrl(icon ?? '')
  expect(name, `a stored media address: ${icon}`).not.toBeNull()
  return readFileSync(new MediaStore(join(lib.dataDir, 'media')).path(name!)!)
}

/** A clock the test moves. */
function clock(start = Date.parse('2026-03-01T12:00:00Z')) {
  let t = start
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) }
}

describe('feed icons', () => {
  it("a site with only /favicon.ico: the icon is stored on subscribe and served back", async () => {
    // The site (with its favicon) and the feed are on two hosts, as feeds often are.
    const server = await startServer(
      routes({
        '/': '<!doctype html><html><head><title>Plain</title></head><body>Hello</body></html>',
        '/favicon.ico': (_req, res) => {
          res.setHeader('content-type', 'image/vnd.microsoft.icon')
          res.end(ICO_16_32)
        },
      }),
    )
    const feedServer = await startServer(routes({ '/feed.xml': rss('Plain', items, server.url('/')) }))
    const lib = await openLibrary()
    const time = clock()
    const ingest = createIngestService(lib, { fetcher: localFetcher(), now: time.now })
    const { feed, added } = await ingest.subscribe(feedServer.url('/feed.xml'))

    expect(added).toBe(1)
    expect(feed.icon).toMatch(/^offprint-media:\/\/m\/[0-9a-f]{64}\.ico$/)
    expect(feed.iconChecked).toBe(time.now().toISOString())
    expect(feed.error ?? null).toBeNull()
    expect(storedBytes(lib, feed.icon)).toEqual(ICO_16_32)
    expect(lib.feed(feed.id)?.icon).toBe(feed.icon)
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/favicon.ico'])

    const res = await mediaProtocolHandler((name) => new MediaStore(join(lib.dataDir, 'media')).path(name))(new Request(feed.icon!))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/x-icon')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(ICO_16_32)

    // An icon once found is kept: later refreshes do not look again, even months on.
    time.advance(90 * DAY)
    await ingest.refresh()
    expect(server.requests).toHaveLength(2)
    expect(lib.feed(feed.id)?.icon).toBe(feed.icon)
  })

  it("the feed's own icon comes first: nothing else is asked for", async () => {
    let origin = ''
    const server = await startServer(
      routes({
        '/feed.xml': (_req, res) => {
          res.setHeader('content-type', 'application/rss+xml')
          res.end(rss('Declared', items, `${origin}/`).replace('<description>test</description>', '<description>test</description><image><url>/img/channel.png</url><title>Declared</title></image>'))
        },
        '/img/channel.png': png('channel'),
      }, 'image/png'),
    )
    origin = server.origin
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const { feed } = await ingest.subscribe(server.url('/feed.xml'))
    expect(storedBytes(lib, feed.icon)).toEqual(png('channel'))
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml', '/img/channel.png'])
  })

  it('a site with no icon at all: subscribe succeeds, iconChecked is set, and refreshes within 30 days ask nothing more', async () => {
    const server = await startServer(routes({}))
    const feedServer = await startServer(routes({ '/feed.xml': rss('Bare', items, server.url('/')) }))
    const lib = await openLibrary()
    const time = clock()
    const ingest = createIngestService(lib, { fetcher: localFetcher(), now: time.now })

    const { feed, added } = await ingest.subscribe(feedServer.url('/feed.xml'))
    expect(added).toBe(1)
    expect(feed.icon).toBeUndefined()
    expect(feed.iconChecked).toBe(time.now().toISOString())
    expect(feed.error ?? null).toBeNull()
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/favicon.ico'])

    time.advance(29 * DAY)
    let result = await ingest.refresh()
    result = await ingest.refresh()
    expect(result.failed).toEqual([])
    expect(server.requests).toHaveLength(2)
    expect(feedServer.hits('/feed.xml')).toHaveLength(3)

    // A month on, it is looked for again (the site may have one now).
    time.advance(2 * DAY)
    await ingest.refresh()
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/favicon.ico', '/', '/favicon.ico'])
    expect(lib.feed(feed.id)?.iconChecked).toBe(time.now().toISOString())
  })

  it('broken, huge and lying icons: no icon, no error, and at most three images tried', async () => {
    const huge = Buffer.concat([png('huge'), Buffer.alloc(3 * 1024 * 1024)])
    const liar = ico([{ side: 16, data: icoBitmap(1, 1, 4000, 4000) }])
    let origin = ''
    const server = await startServer(
      routes({
        '/feed.xml': (_req, res) => {
          res.setHeader('content-type', 'application/rss+xml')
          res.end(rss('Broken', items, `${origin}/`).replace('<description>test</description>', '<description>test</description><image><url>/huge.png</url></image>'))
        },
        '/': `<html><head>
          <link rel="icon" type="image/svg+xml" href="/vector.svg">
          <link rel="icon" sizes="64x64" href="/not-an-image.png">
          <link rel="apple-touch-icon" sizes="180x180" href="/touch.png">
          </head></html>`,
        '/not-an-image.png': '<!doctype html><p>Sign in to see this image</p>',
        '/touch.png': png('touch'),
        '/favicon.ico': liar,
      }, 'image/png'),
    )
    origin = server.origin
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const { feed, added } = await ingest.subscribe(server.url('/feed.xml'))

    expect(added).toBe(1)
    expect(feed.icon).toBeUndefined()
    expect(feed.iconChecked).toMatch(/^\d{4}-/)
    expect(feed.error ?? null).toBeNull()
    // The feed's image, the best link and /favicon.ico: three, never the SVG, and not the
    // fourth candidate (/touch.png) that would have worked.
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml', '/huge.png', '/', '/not-an-image.png', '/favicon.ico'])
  })

  it("a site that never answers: the fetcher's timeouts bound the search, and it is not an error", async () => {
    const stalled = await startServer(() => {
      // never answers
    })
    const feedServer = await startServer(routes({ '/feed.xml': rss('Slow site', items, stalled.url('/')) }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher({ timeoutMs: 800 }) })
    const started = Date.now()
    const { feed } = await ingest.subscribe(feedServer.url('/feed.xml'))
    expect(Date.now() - started).toBeLessThan(4000)
    expect(feed.icon).toBeUndefined()
    expect(feed.iconChecked).toMatch(/^\d{4}-/)
    expect(feed.error ?? null).toBeNull()
  })

  it('OPML import asks for no icon; the first refresh finds it', async () => {
    let origin = ''
    const server = await startServer(
      routes({
        '/feed.xml': (_req, res) => {
          res.setHeader('content-type', 'application/rss+xml')
          res.end(rss('Listed', items, `${origin}/`))
        },
        '/': '<html><head><link rel="shortcut icon" href="/static/icon.png"></head></html>',
        '/static/icon.png': png('listed'),
      }, 'image/png'),
    )
    origin = server.origin
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="Listed" type="rss" xmlUrl="${server.url('/feed.xml')}"/></body></opml>`
    const imported = await ingest.importContent('subs.opml', opml)
    expect(imported.feeds).toHaveLength(1)
    expect(server.requests).toHaveLength(0)
    expect(lib.feeds()[0]!.iconChecked).toBeUndefined()

    const result = await ingest.refresh()
    expect(result.failed).toEqual([])
    expect(storedBytes(lib, lib.feeds()[0]!.icon)).toEqual(png('listed'))
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml', '/', '/static/icon.png'])
  })
})
