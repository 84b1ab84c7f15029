// Refreshing subscriptions against local servers: conditional requests, unchanged
// bodies, failures kept to their own feed, redirects, duplicates across feeds, images
// stored locally, full text for summary-only feeds, and the progress the UI sees.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createIngestService, type RefreshProgress, type RefreshStep } from '../../main/core/ingest/service'
import { parseMediaUrl } from '../../main/core/ingest/media-store'
import { MediaStore } from '../../main/core/ingest/media-store'
import { fixtureText, imageSources, localFetcher, openLibrary, paragraph, png, routes, rss, startServer } from './ingest-helpers'

// News feeds as sites write them (tests/fixtures/feeds): 24 one-sentence summaries, and 30 items.
const WIRE = fixtureText('feeds/world-news.rss')
const LEDGER = fixtureText('feeds/front-page.rss')
const NEWS_PAGE = readFileSync(new URL('../fixtures/news-page.html', import.meta.url), 'utf8')

async function allArticles(lib: Awaited<ReturnType<typeof openLibrary>>, feedId?: string) {
  return (await lib.list({ filter: 'all', feedId, sort: 'newest', offset: 0, limit: 10_000 })).items
}

describe('refresh', () => {
  it('sends the stored validators and parses nothing on 304', async () => {
    const etag = '"wire-v1"'
    const lastModified = 'Tue, 05 Apr 2022 22:03:17 GMT'
    const server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === etag) {
        res.statusCode = 304
        return res.end()
      }
      res.setHeader('content-type', 'application/rss+xml')
      res.setHeader('etag', etag)
      res.setHeader('last-modified', lastModified)
      res.end(WIRE)
    })
    const lib = await openLibrary()
    let clock = Date.parse('2024-05-01T10:00:00Z')
    const ingest = createIngestService(lib, { fetcher: localFetcher(), now: () => new Date(clock) })
    const feed = await lib.addFeed({ title: '', url: server.url('/rss.xml') })

    const first = await ingest.refresh()
    expect(first).toMatchObject({ feeds: 1, added: 24, updated: 0, unchanged: 0, failed: [] })
    expect(lib.feed(feed.id)).toMatchObject({ etag, lastModified, title: 'Harbour Wire - World', lastFetched: '2024-05-01T10:00:00.000Z' })
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined()

    clock += 3_600_000
    const second = await ingest.refresh()
    expect(second).toMatchObject({ feeds: 1, added: 0, updated: 0, unchanged: 1, failed: [] })
    expect(server.requests[1]!.headers).toMatchObject({ 'if-none-match': etag, 'if-modified-since': lastModified })
    expect(lib.feed(feed.id)!.lastFetched).toBe('2024-05-01T11:00:00.000Z')
    expect(lib.size).toBe(24)
  })

  it('does not parse a body it has already read, and reads a changed one', async () => {
    let body = WIRE
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    // No validators: the server sends the whole body every time.
    const plain = await startServer((_req, res) => {
      res.setHeader('content-type', 'text/xml')
      res.end(body)
    })
    const feed = await lib.addFeed({ title: 'Wire', url: plain.url('/rss.xml') })
    await ingest.refresh()
    expect(lib.feed(feed.id)!.bodyHash).toBeTruthy()

    // Read articles removed by retention must not come back from a feed that has not changed.
    const gone = (await allArticles(lib)).slice(0, 10).map((a) => a.id)
    await lib.removeArticles(gone)
    const unchanged = await ingest.refresh()
    expect(unchanged).toMatchObject({ added: 0, unchanged: 1 })
    expect(lib.size).toBe(14)

    body = WIRE.replace('<item>', `<item><title>Fresh story</title><link>https://www.harbourwire.example/news/fresh</link><guid>fresh-1</guid><description>${paragraph('fresh')}</description></item><item>`)
    const changed = await ingest.refresh()
    expect(changed.unchanged).toBe(0)
    expect((await allArticles(lib)).some((a) => a.title === 'Fresh story')).toBe(true)
  })

  it('updates an article whose text changed under the same guid, images and all', async () => {
    let version = 1
    const server = await startServer((req, res) => {
      if (req.url?.startsWith('/img/')) {
        res.setHeader('content-type', 'image/png')
        return res.end(png(req.url))
      }
      res.setHeader('content-type', 'application/rss+xml')
      const text = version === 1 ? paragraph('the first draft') : `${paragraph('the corrected story')}<img src="${server.origin}/img/fix.png" width="600" height="400">`
      res.end(rss('Drafts', [{ title: `Story v${version}`, link: 'https://drafts.example/story', guid: 'story-1', html: `<p>${text}</p>` }]))
    })
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await lib.addFeed({ title: 'Drafts', url: server.url('/feed.xml') })
    expect(await ingest.refresh()).toMatchObject({ added: 1, updated: 0 })
    version = 2
    expect(await ingest.refresh()).toMatchObject({ added: 0, updated: 1 })

    const [meta] = await allArticles(lib, feed.id)
    const article = await lib.get(meta!.id)
    expect(article.text).toContain('the corrected story')
    expect(article.textVersion).toBe(2)
    expect(imageSources(article.html).map((src) => parseMediaUrl(src))).toEqual([expect.any(String)])
    expect(lib.size).toBe(1)
  })

  it('records a failing feed with its error while the others are refreshed', async () => {
    const server = await startServer(
      routes({
        '/good.xml': WIRE,
        '/other.xml': LEDGER,
        '/500.xml': (_req, res) => {
          res.statusCode = 500
          res.end('oops')
        },
        '/slow.xml': () => {
          // never answers
        },
        '/broken.xml': '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>b</title><description>a < b</description></item></channel></rss>',
      }),
    )
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher({ timeoutMs: 400 }), now: () => new Date('2024-05-01T10:00:00Z') })
    const good = await lib.addFeed({ title: 'Good', url: server.url('/good.xml') })
    const failing500 = await lib.addFeed({ title: 'Server error', url: server.url('/500.xml') })
    const slow = await lib.addFeed({ title: 'Slow', url: server.url('/slow.xml') })
    const broken = await lib.addFeed({ title: 'Broken', url: server.url('/broken.xml') })
    const other = await lib.addFeed({ title: 'Other', url: server.url('/other.xml') })
    const local = await lib.addFeed({ title: 'From a file', url: '' })

    const result = await ingest.refresh()

    expect(result.feeds).toBe(5) // the file's feed has no address to fetch
    expect(result.failed.map((f) => f.feedId).sort()).toEqual([failing500.id, slow.id, broken.id].sort())
    const errorOf = (id: string) => result.failed.find((f) => f.feedId === id)!.error
    expect(errorOf(failing500.id)).toBe(`HTTP 500 fetching ${server.url('/500.xml')}`)
    expect(errorOf(slow.id)).toMatch(/^Timed out after 0\.4 s fetching /)
    expect(errorOf(broken.id)).toMatch(/^Malformed XML in RSS feed: .*broken\.xml/)
    for (const f of result.failed) {
      expect(f.error).not.toMatch(/\n/)
      expect(lib.feed(f.feedId)!.error).toEqual({ message: f.error, at: '2024-05-01T10:00:00.000Z' })
      expect(lib.feed(f.feedId)!.bodyHash).toBeUndefined()
    }
    expect(lib.feed(good.id)!.error).toBeNull()
    expect(lib.feed(other.id)!.error).toBeNull()
    expect(lib.feed(local.id)!.lastFetched).toBeUndefined()
    expect((await allArticles(lib, good.id)).length).toBe(24)
    expect((await allArticles(lib, other.id)).length).toBe(30)
  })

  it('clears a feed error once the feed reads again', async () => {
    let fail = true
    const server = await startServer((_req, res) => {
      if (fail) {
        res.statusCode = 503
        return res.end()
      }
      res.end(WIRE)
    })
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await lib.addFeed({ title: 'Wire', url: server.url('/rss') })
    await ingest.refresh()
    expect(lib.feed(feed.id)!.error?.message).toBe(`HTTP 503 fetching ${server.url('/rss')}`)
    fail = false
    const result = await ingest.refresh([feed.id])
    expect(result.failed).toEqual([])
    expect(lib.feed(feed.id)!.error).toBeNull()
  })

  it('follows a permanent redirect by moving the feed, a temporary one without', async () => {
    const server = await startServer(
      routes({
        '/old.xml': (_req, res) => {
          res.writeHead(301, { location: '/new.xml' })
          res.end()
        },
        '/new.xml': WIRE,
        '/away.xml': (_req, res) => {
          res.writeHead(302, { location: '/elsewhere.xml' })
          res.end()
        },
        '/elsewhere.xml': LEDGER,
      }),
    )
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const moved = await lib.addFeed({ title: 'Moved', url: server.url('/old.xml') })
    const away = await lib.addFeed({ title: 'Away', url: server.url('/away.xml') })

    await ingest.refresh()
    expect(lib.feed(moved.id)).toMatchObject({ url: server.url('/new.xml'), redirectedFrom: server.url('/old.xml') })
    expect(lib.feed(away.id)!.url).toBe(server.url('/away.xml'))
    expect(lib.feed(away.id)!.redirectedFrom).toBeUndefined()

    await ingest.refresh()
    expect(server.hits('/old.xml')).toHaveLength(1)
    expect(server.hits('/new.xml')).toHaveLength(2)
    expect(server.hits('/away.xml')).toHaveLength(2)
  })

  it('keeps one copy of a story that two feeds carry, by address or by text', async () => {
    const story = (n: number) => ({ title: `Story ${n}`, link: `https://news.example/story-${n}`, guid: `a-${n}`, html: `<p>${paragraph(`story ${n}`)}</p>` })
    const feedA = rss('Agency', [1, 2, 3, 4, 5].map(story))
    const feedB = rss('Aggregator', [
      // Same address, other guid and wording: the same story.
      { title: 'Story 1 (via aggregator)', link: 'https://news.example/story-1?utm_source=agg', guid: 'b-1', html: `<p>${paragraph('aggregated one')}</p>` },
      // Other address, same text: the same story republished.
      { title: 'Story two, republished', link: 'https://mirror.example/two', guid: 'b-2', html: `<div>${paragraph('story 2')}</div>` },
      { title: 'Only here', link: 'https://mirror.example/only', guid: 'b-3', html: `<p>${paragraph('only here')}</p>` },
    ])
    const server = await startServer(routes({ '/a.xml': feedA, '/b.xml': feedB }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const a = await lib.addFeed({ title: 'A', url: server.url('/a.xml') })
    await ingest.refresh([a.id])
    const b = await lib.addFeed({ title: 'B', url: server.url('/b.xml') })
    const result = await ingest.refresh([b.id])

    expect(result.added).toBe(1)
    expect(lib.size).toBe(6)
    expect((await allArticles(lib, b.id)).map((x) => x.title)).toEqual(['Only here'])
  })

  it('stores article images locally and leaves no network address in the article', async () => {
    // An Atom feed of ten entries, most with pictures (srcset too) on a CDN (tests/fixtures/feeds).
    const gadgets = fixtureText('feeds/gadget-front.atom')
    const server = await startServer((req, res) => {
      const path = req.url ?? '/'
      if (path === '/gadgets.xml') {
        res.setHeader('content-type', 'application/atom+xml')
        // The feed's pictures, served from here instead of their CDN.
        return res.end(gadgets.replaceAll('https://cdn.gadgetfront.example/', `${server.origin}/img/`))
      }
      if (path.startsWith('/img/') && !path.includes('printer_specs')) {
        res.setHeader('content-type', 'image/png')
        return res.end(png(path))
      }
      res.statusCode = 404
      res.end()
    })
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await lib.addFeed({ title: 'Gadget Front', url: server.url('/gadgets.xml') })
    await ingest.refresh()

    const media = new MediaStore(join(lib.dataDir, 'media'))
    const list = await allArticles(lib, feed.id)
    expect(list.length).toBe(10)
    expect(server.hits('/img/').length).toBeGreaterThan(10)
    let localImages = 0
    for (const meta of list) {
      const article = await lib.get(meta.id)
      expect(article.html).not.toMatch(/\ssrc="https?:|srcset=/i)
      for (const src of imageSources(article.html)) {
        const name = parseMediaUrl(src)
        expect(name, src).not.toBeNull()
        expect(media.has(name!)).toBe(true)
        localImages++
      }
      if (meta.image) expect(media.has(parseMediaUrl(meta.image)!)).toBe(true)
    }
    expect(localImages).toBeGreaterThan(10)
    expect(list.filter((a) => a.image).length).toBeGreaterThan(5)
    // The image the server refused is gone from the article, not left pointing at it.
    const specs = list.find((a) => a.title.includes('3D printer'))!
    expect((await lib.get(specs.id)).html).not.toContain('printer_specs')
  })

  it('fetches the full article for a summary-only feed, and keeps the summary when that fails', async () => {
    // The wire's items carry one sentence each; their pages are served here.
    const feedXml = WIRE.replaceAll('https://www.harbourwire.example/news/', 'http://HOST/news/')
    let pageHits = 0
    const server = await startServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!
      if (path === '/rss.xml') {
        res.setHeader('content-type', 'application/rss+xml')
        return res.end(feedXml.replaceAll('http://HOST', server.origin))
      }
      if (path.startsWith('/news/')) {
        pageHits++
        if (path.endsWith('-71000001')) {
          res.statusCode = 500
          return res.end()
        }
        const slug = path.slice('/news/'.length)
        res.setHeader('content-type', 'text/html; charset=utf-8')
        return res.end(NEWS_PAGE.replaceAll('Port Alder', `Port ${slug}`))
      }
      res.statusCode = 404
      res.end()
    })
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await lib.addFeed({ title: 'Wire', url: server.url('/rss.xml'), fullText: true })
    await ingest.refresh()

    const list = await allArticles(lib, feed.id)
    expect(list.length).toBe(24)
    const storks = list.find((a) => a.url.endsWith('world-71000001?at_medium=RSS&at_campaign=wire'))!
    expect((await lib.get(storks.id)).text).toBe("A pair of white storks raised three chicks on a chimney rebuilt for them after last winter's storms.")
    const full = await lib.get(list.find((a) => a.id !== storks.id)!.id)
    expect(full.text).toContain('The harbour authority said the current timetable would remain in place')
    expect(full.text).not.toContain('Leave a reply')
    expect(full.text).not.toContain('Recent articles')
    expect(full.words).toBeGreaterThan(250)
    expect(full.title).not.toContain('Harbour town') // the feed's own title stays

    // A later refresh of a changed feed does not fetch the stored articles' pages again.
    const before = pageHits
    await lib.updateFeed(feed.id, { bodyHash: 'something else' })
    await ingest.refresh()
    expect(pageHits).toBe(before)
  })

  it('reports progress to the caller and as a library event, one connection per host', async () => {
    let inFlight = 0
    let most = 0
    const server = await startServer((_req, res) => {
      inFlight++
      most = Math.max(most, inFlight)
      setTimeout(() => {
        inFlight--
        res.setHeader('content-type', 'application/rss+xml')
        res.end(rss('Tiny', [{ title: 'One', link: `https://tiny.example${_req.url}`, html: `<p>${paragraph(_req.url ?? '')}</p>` }]))
      }, 20)
    })
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher(), concurrency: 4 })
    for (let i = 0; i < 6; i++) await lib.addFeed({ title: `Feed ${i}`, url: server.url(`/feed-${i}.xml`) })
    await lib.addFeed({ title: 'Gone', url: server.url('/gone.xml').replace(/:\d+\//, ':1/') })
    const events: RefreshProgress[] = []
    lib.on('refresh:progress', (p: RefreshProgress) => events.push(p))
    const steps: RefreshStep[] = []

    const result = await ingest.refresh(undefined, (p) => steps.push(p))

    expect(most).toBe(1)
    expect(result).toMatchObject({ feeds: 7, added: 6 })
    expect(steps).toHaveLength(9)
    expect(steps[0]).toMatchObject({ done: 0, total: 7, feedId: null, finished: false })
    expect(steps.slice(1, -1).map((s) => s.done)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(steps.at(-1)).toMatchObject({ done: 7, total: 7, feedId: null, error: null, finished: true })
    const failedStep = steps.find((s) => s.error)!
    expect(failedStep).toMatchObject({ title: 'Gone', added: 0 })
    expect(failedStep.error).toMatch(/^Connection refused/)
    expect(steps.filter((s) => s.feedId && !s.error).every((s) => s.added === 1)).toBe(true)
    expect(events).toEqual(steps.map(({ done, total, feedId, error, finished }) => ({ done, total, feedId, error, finished })))
  })
})
