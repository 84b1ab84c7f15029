// A feed whose fields are 5 MB each (title, site address, self address, item title,
// guid, link, author, image address), served from 127.0.0.1: the library stays small.
// Titles are cut at a word with '…', addresses too long are dropped, a guid too long is
// replaced by a hash of it, so the item is still known on the next refresh.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_FEED_TITLE_CHARS, MAX_ITEM_TITLE_CHARS, MAX_NAME_CHARS } from '../../main/core/ingest/bounds'
import { createIngestService, MAX_IMPORT_BYTES } from '../../main/core/ingest/service'
import { localFetcher, openLibrary, paragraph, startServer } from './ingest-helpers'

const FIVE_MB = 5 * 1024 * 1024
/** Words, so a cut can fall between two of them. */
const words = (seed: string) => `${seed} `.repeat(Math.ceil(FIVE_MB / (seed.length + 1))).slice(0, FIVE_MB)
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function hugeFeed(origin: string, revision = 1): string {
  const longPath = 'a'.repeat(FIVE_MB)
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>${esc(words('Harbour'))}</title><link>https://harbour.example/${longPath}</link><description>revision ${revision}</description>
<atom:link rel="self" href="https://harbour.example/feed/${longPath}"/>
<item><title>${esc(words('Ferry'))}</title><link>https://harbour.example/ferry/${longPath}</link><guid isPermaLink="false">${'g'.repeat(FIVE_MB)}</guid>
<dc:creator>${esc(words('Reporter'))}</dc:creator><enclosure url="${origin}/img/${longPath}.png" type="image/png" length="1"/>
<pubDate>Tue, 05 Apr 2022 10:00:00 GMT</pubDate><description>${esc(`<p>${paragraph('the ferry')}</p>`)}</description></item>
<item><title>Tide tables for May</title><link>https://harbour.example/tides</link><guid>tides-may</guid>
<pubDate>Tue, 05 Apr 2022 11:00:00 GMT</pubDate><description>${esc(`<p>${paragraph('the tides')}</p>`)}</description></item>
</channel></rss>`
}

/** Sizes in bytes of library.json and of the biggest index shard. */
function sizes(dataDir: string): { manifest: number; shard: number } {
  const shards = readdirSync(join(dataDir, 'index')).map((name) => statSync(join(dataDir, 'index', name)).size)
  return { manifest: statSync(join(dataDir, 'library.json')).size, shard: Math.max(...shards) }
}

describe('fields from a feed are bounded before they are stored', () => {
  it('a subscribed feed with 5 MB fields ends as a small library.json and shard; its items are known again on the next refresh', { timeout: 60_000 }, async () => {
    let revision = 1
    const server = await startServer((req, res) => {
      if (!req.url?.startsWith('/feed.xml')) return void ((res.statusCode = 404), res.end())
      res.setHeader('content-type', 'application/rss+xml')
      res.end(hugeFeed(server.origin, revision))
    })
    const lib = await openLibrary()
    // The service's own fetcher takes up to the feed bound (50 MB): the test fetcher's default is 20.
    const ingest = createIngestService(lib, { fetcher: localFetcher({ maxBytes: MAX_IMPORT_BYTES }) })

    const { feed, added } = await ingest.subscribe(server.url('/feed.xml'))
    expect(added).toBe(2)
    expect(feed.title.length).toBeLessThanOrEqual(MAX_FEED_TITLE_CHARS)
    expect(feed.title).toMatch(/^Harbour Harbour .*Harbour…$/)
    expect(feed.siteUrl).toBe('')
    expect(feed.url).toBe(server.url('/feed.xml'))

    const items = (await lib.list({ filter: 'all', sort: 'oldest', offset: 0, limit: 10 })).items
    const ferry = lib.meta(items[0]!.id)!
    expect(ferry.title.length).toBeLessThanOrEqual(MAX_ITEM_TITLE_CHARS)
    expect(ferry.title).toMatch(/^Ferry Ferry .*Ferry…$/)
    expect(ferry.url).toBe('')
    expect(ferry.guid).toMatch(/^sha256:[\w-]{43}$/)
    expect(ferry.author.length).toBeLessThanOrEqual(MAX_NAME_CHARS)
    expect(ferry.author).toMatch(/^Reporter .*Reporter…$/)
    expect(ferry.image).toBe('')
    // An image address too long to keep is not fetched either.
    expect(server.hits('/img')).toHaveLength(0)
    expect(lib.meta(items[1]!.id)).toMatchObject({ title: 'Tide tables for May', url: 'https://harbour.example/tides', guid: 'tides-may' })

    await lib.flush()
    const first = sizes(lib.dataDir)
    expect(first.manifest).toBeLessThan(8 * 1024)
    expect(first.shard).toBeLessThan(16 * 1024)

    // A changed body is parsed again: the ferry is recognized by its hashed guid.
    revision = 2
    const again = await ingest.refresh()
    expect(again).toMatchObject({ feeds: 1, added: 0, unchanged: 0, failed: [] })
    expect(lib.size).toBe(2)
    expect(sizes(lib.dataDir).manifest).toBeLessThan(8 * 1024)
  })

  it('an imported feed file and an OPML list with 5 MB names and addresses are bounded the same way', { timeout: 60_000 }, async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const file = await ingest.importContent('huge.xml', hugeFeed('http://127.0.0.1:9'))
    expect(file.articles).toHaveLength(2)
    // Its self address is over the bound: the feed is kept without one, not under a cut one.
    expect(file.feeds[0]).toMatchObject({ url: '', siteUrl: '' })
    expect(file.feeds[0]!.title).toMatch(/^Harbour .*…$/)

    const longPath = 'b'.repeat(FIVE_MB)
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="${words('Coast')}">
  <outline type="rss" text="${words('Lighthouse')}" xmlUrl="https://light.example/feed.xml" htmlUrl="https://light.example/${longPath}"/>
  <outline type="rss" text="Too long" xmlUrl="https://long.example/${longPath}"/>
</outline></body></opml>`
    const list = await ingest.importContent('huge.opml', opml)
    expect(list.feeds).toHaveLength(1)
    expect(list.feeds[0]).toMatchObject({ url: 'https://light.example/feed.xml', siteUrl: '' })
    expect(list.feeds[0]!.title).toMatch(/^Lighthouse .*…$/)
    expect(lib.folders()[0]!.name).toMatch(/^Coast .*…$/)
    expect(lib.folders()[0]!.name.length).toBeLessThanOrEqual(200)

    await lib.flush()
    const { manifest, shard } = sizes(lib.dataDir)
    expect(manifest).toBeLessThan(8 * 1024)
    expect(shard).toBeLessThan(16 * 1024)
  })
})
