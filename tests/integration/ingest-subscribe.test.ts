// Subscribing: by a feed's address, by a site's address (feed discovery from its page,
// then the usual paths), and the errors a user sees when there is nothing to follow.
import { describe, expect, it } from 'vitest'
import { createIngestService } from '../../main/core/ingest/service'
import { IngestError } from '../../main/core/ingest/errors'
import { fixtureText, localFetcher, openLibrary, routes, startServer } from './ingest-helpers'

// Two news feeds as sites write them (tests/fixtures/feeds): 30 and 24 items.
const LEDGER = fixtureText('feeds/front-page.rss')
const WIRE = fixtureText('feeds/world-news.rss')

describe('subscribe', () => {
  it('follows the first feed a site announces with <link rel=alternate>', async () => {
    // A magazine's article page announces /feed/all/ then /feed/best-of/.
    const page = fixtureText('pages/monthly-article.html')
    const server = await startServer(routes({ '/': page, '/feed/all/': LEDGER, '/feed/best-of/': WIRE }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })

    const { feed, added } = await ingest.subscribe(server.url('/'))

    expect(feed.url).toBe(server.url('/feed/all/'))
    expect(feed.title).toBe('The Morning Ledger')
    expect(added).toBe(30)
    expect((await lib.list({ filter: 'all', feedId: feed.id, sort: 'newest', offset: 0, limit: 1000 })).total).toBe(added)
    expect(lib.feeds()).toHaveLength(1)
    expect(server.hits('/feed/best-of/')).toHaveLength(0)
  })

  it('resolves a site page whose feed link is absolute', async () => {
    const server = await startServer(routes({}))
    const page = fixtureText('pages/weblog-home.html').replaceAll(
      'http://weblog.example/xml/rss.xml',
      server.url('/xml/rss.xml'),
    )
    const site = await startServer(routes({ '/': page }))
    // The feed lives on another host (here: another port) than the page that announces it.
    const feedServer = await startServer(routes({ '/xml/rss.xml': WIRE }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    await expect(ingest.subscribe(site.url('/'))).rejects.toThrow(/No feed found at .*xml\/rss\.xml failed: HTTP 404/)

    const pageToFeed = page.replaceAll(server.url('/xml/rss.xml'), feedServer.url('/xml/rss.xml'))
    const site2 = await startServer(routes({ '/': pageToFeed }))
    const { feed } = await ingest.subscribe(site2.url('/'))
    expect(feed.url).toBe(feedServer.url('/xml/rss.xml'))
    expect(feed.title).toBe('Harbour Wire - World')
  })

  it('subscribes by the feed address itself, into a folder', async () => {
    const server = await startServer(routes({ '/news/rss.xml': WIRE }))
    const lib = await openLibrary()
    const folder = await lib.addFolder('World')
    const ingest = createIngestService(lib, { fetcher: localFetcher() })

    const { feed, added } = await ingest.subscribe(server.url('/news/rss.xml'), { folderId: folder.id })

    expect(feed).toMatchObject({ url: server.url('/news/rss.xml'), title: 'Harbour Wire - World', siteUrl: 'https://www.harbourwire.example/news/', folderId: folder.id, error: null })
    expect(feed.lastFetched).toBeTruthy()
    expect(added).toBe(24)
    const { items } = await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })
    expect(items[0]!.siteName).toBe('Harbour Wire - World')
  })

  it('probes the usual feed paths when the page announces none', async () => {
    const server = await startServer(
      routes({ '/': '<!doctype html><html><head><title>A blog</title></head><body><p>Hello</p></body></html>', '/feed': WIRE }),
    )
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const { feed } = await ingest.subscribe(server.url('/'))
    expect(feed.url).toBe(server.url('/feed'))
  })

  it('takes an address typed without a scheme, falling back to http', async () => {
    const server = await startServer(routes({ '/rss.xml': WIRE }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const { feed } = await ingest.subscribe(`${server.origin.replace('http://', '')}/rss.xml`)
    expect(feed.url).toBe(server.url('/rss.xml'))
  })

  it('says plainly when there is no feed, and adds nothing', async () => {
    const server = await startServer(routes({ '/': '<!doctype html><html><body><p>No feeds here.</p></body></html>', '/data.txt': 'just text' }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })

    const error = await ingest.subscribe(server.url('/')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IngestError)
    expect((error as Error).message).toBe(`No feed found at ${server.url('/')}`)
    await expect(ingest.subscribe(server.url('/data.txt'))).rejects.toThrow(`No feed found at ${server.url('/data.txt')}`)
    await expect(ingest.subscribe(server.url('/missing.xml'))).rejects.toThrow(`HTTP 404 fetching ${server.url('/missing.xml')}`)
    await expect(ingest.subscribe('javascript:alert(1)')).rejects.toThrow('Not a web address: javascript:alert(1)')
    expect(lib.feeds()).toHaveLength(0)
    expect(lib.size).toBe(0)
  })

  it('subscribing twice keeps one feed and adds nothing new', async () => {
    const server = await startServer(routes({ '/rss.xml': WIRE }))
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const first = await ingest.subscribe(server.url('/rss.xml'))
    const second = await ingest.subscribe(server.url('/rss.xml'))
    expect(second.feed.id).toBe(first.feed.id)
    expect(second.added).toBe(0)
    expect(lib.feeds()).toHaveLength(1)
    expect(lib.size).toBe(24)
  })
})
