// A long feed is stored in batches while the rest of it downloads (service.ts,
// STORE_BATCH): what the user gets must be what one batch would have given, and a
// batch that cannot be stored must lose nothing of the ones before it.
import { describe, expect, it } from 'vitest'
import { createIngestService } from '../../main/core/ingest/service'
import { parseMediaUrl } from '../../main/core/ingest/media-store'
import { StorageError } from '../../main/core/storage/atomic-file'
import { localFetcher, openLibrary, paragraph, png, startServer } from './ingest-helpers'

const ITEMS = 600

function longFeed(origin: string): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    // Item 580 is item 5 again under another guid (a feed that reposted a story).
    const k = i === 580 ? 5 : i
    const day = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toUTCString()
    return (
      `<item><title>Story ${i}</title><link>https://long.example/${k}</link><guid isPermaLink="false">g-${i}</guid><pubDate>${day}</pubDate>` +
      `<media:thumbnail url="${origin}/img/${i}.png"/><description>${`<p>${paragraph(`story ${k}`)}</p>`.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</description></item>`
    )
  })
  return `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Long</title><link>https://long.example/</link><description>d</description>${items.join('\n')}</channel></rss>`
}

async function longFeedServer() {
  const server = await startServer((req, res) => {
    if (req.url?.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(png(req.url))
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(longFeed(server.origin))
  })
  return server
}

describe('a feed longer than one batch', () => {
  it('is stored whole, each item with its own thumbnail, a repost across batches recognized', async () => {
    const server = await longFeedServer()
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    await lib.addFeed({ title: 'Long', url: server.url('/feed.xml') })
    const result = await ingest.refresh()
    expect(result).toMatchObject({ added: ITEMS - 1, failed: [] })
    const { items } = await lib.list({ filter: 'all', sort: 'oldest', offset: 0, limit: 10_000 })
    expect(items.map((a) => a.title)).toEqual(Array.from({ length: ITEMS }, (_, i) => `Story ${i}`).filter((t) => t !== 'Story 580'))
    const images = new Set(items.map((a) => parseMediaUrl(a.image)))
    expect(images.size).toBe(ITEMS - 1)
    expect(images.has(null)).toBe(false)
    for (const a of items.filter((_, i) => i % 97 === 0)) expect((await lib.get(a.id)).text).toContain(`story ${/\d+/.exec(a.title)![0]}`)
    // Refreshed again with the body unchanged: nothing new, nothing fetched but the feed.
    const images0 = server.hits('/img/').length
    expect(await ingest.refresh()).toMatchObject({ added: 0, unchanged: 1 })
    expect(server.hits('/img/').length).toBe(images0)
  })

  it('keeps the batches stored before one that fails, says why, and stores the rest next time', async () => {
    const server = await longFeedServer()
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await lib.addFeed({ title: 'Long', url: server.url('/feed.xml') })
    const addArticles = lib.addArticles.bind(lib)
    let calls = 0
    lib.addArticles = async (...args) => {
      if (++calls === 2) throw new StorageError('The disk is full: could not save x.json.', 'ENOSPC', 'x.json')
      return addArticles(...args)
    }
    const first = await ingest.refresh()
    expect(first.failed).toEqual([{ feedId: feed.id, title: 'Long', error: expect.stringMatching(/disk is full/) }])
    // The first batch is in the library with its text; nothing after the failed one was stored.
    const stored = lib.size
    expect(stored).toBeGreaterThan(0)
    expect(stored).toBeLessThan(ITEMS - 1)
    for (const a of (await lib.list({ filter: 'all', sort: 'oldest', offset: 0, limit: 10_000 })).items) expect((await lib.get(a.id)).textVersion).toBe(1)
    expect(lib.feed(feed.id)!.error?.message).toMatch(/disk is full/)

    // The body was not marked as read: the next refresh parses it again and stores the rest.
    const second = await ingest.refresh()
    expect(second).toMatchObject({ added: ITEMS - 1 - stored, failed: [] })
    expect(lib.size).toBe(ITEMS - 1)
  })
})
