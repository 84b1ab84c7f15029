// The seam between the refresh loop and where items come from (source.ts's
// ArticleSource): a source of our own, with no network and no feed documents, handed to
// the refresher as service.ts hands it the feed source. The loop asks it which feeds it
// brings, stores what it brought, saves the feed's new state only after the items, and
// records a source's failure on that feed while the others go on.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Feed, NewArticle } from '../../../../../common/model'
import { MAX_FEED_TITLE_CHARS } from '../../../../../main/core/ingest/bounds'
import { IngestError } from '../../../../../main/core/ingest/errors'
import type { Fetcher } from '../../../../../main/core/ingest/fetcher'
import { MediaStore } from '../../../../../main/core/ingest/media-store'
import { createRefresher, type RefreshStep } from '../../../../../main/core/ingest/refresh'
import type { ArticleSource, SourceItems } from '../../../../../main/core/ingest/source'
import { createItemStore, type ItemStore } from '../../../../../main/core/ingest/store-items'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'

const noNetwork: Fetcher = {
  fetch: (url) => Promise.reject(new IngestError(`no network in this test: ${url}`, url)),
  close: () => {},
}

const libraries: Library[] = []
afterEach(async () => {
  await Promise.all(libraries.splice(0).map((l) => l.close()))
})

async function setUp() {
  const lib = await Library.open({ dataDir: tempDir('offprint-source-'), sample: false, search: null })
  libraries.push(lib)
  const media = new MediaStore(join(lib.dataDir, 'media'))
  const items = createItemStore(lib, { fetcher: noNetwork, media })
  return { lib, media, items }
}

const story = (slug: string): NewArticle => ({
  guid: `urn:sync:${slug}`,
  url: `https://sync.example/${slug}`,
  title: `The ${slug} story`,
  html: `<p>${`What happened with the ${slug}, told at the length of an article so that it has a content hash of its own. `.repeat(3)}</p>`,
})

/** A source as a sync account would be: items and state per feed from its own server (here, a table). */
function tableSource(table: Record<string, () => SourceItems>, log: string[]): ArticleSource {
  return {
    // Brings only the feeds it knows, in its own order.
    feeds: (selected) => selected.filter((f) => f.title in table).reverse(),
    async fetch(feed: Feed) {
      log.push(`fetch ${feed.title}`)
      return table[feed.title]!()
    },
  }
}

describe('the refresh loop over an ArticleSource', () => {
  it('fetches through the source, stores its items, then saves the state; a failure stays on its feed', async () => {
    const { lib, media, items } = await setUp()
    const harbour = await lib.addFeed({ title: 'Harbour', url: 'sync:harbour' })
    const broken = await lib.addFeed({ title: 'Broken', url: 'sync:broken' })
    const elsewhere = await lib.addFeed({ title: 'Not this source', url: 'https://elsewhere.example/feed' })
    const log: string[] = []
    // The item store as the loop sees it, noting what the feed's state was when items were stored.
    const watched: ItemStore = {
      ...items,
      async store(feed, list, baseUrl) {
        log.push(`store ${feed.title}: ${list.length} items, state then ${lib.feed(feed.id)!.bodyHash ?? 'unsaved'}`)
        return items.store(feed, list, baseUrl)
      },
    }
    const source = tableSource(
      {
        Harbour: () => ({ unchanged: false, items: [story('ferry'), story('tides')], baseUrl: 'https://sync.example/', state: { bodyHash: 'harbour-v1', siteUrl: 'https://sync.example/' } }),
        Broken: () => {
          throw new IngestError('sync.example refused the request (HTTP 503)', 'sync:broken')
        },
      },
      log,
    )
    const now = () => new Date('2024-05-01T10:00:00Z')
    const refresher = createRefresher(lib, { source, items: watched, fetcher: noNetwork, media, now, concurrency: 1 })
    const steps: RefreshStep[] = []

    const result = await refresher.refresh(undefined, (s) => steps.push(s))

    expect(log).toEqual(['fetch Broken', 'fetch Harbour', 'store Harbour: 2 items, state then unsaved'])
    expect(result).toEqual({ feeds: 2, added: 2, updated: 0, unchanged: 0, failed: [{ feedId: broken.id, title: 'Broken', error: 'sync.example refused the request (HTTP 503)' }] })
    expect((await lib.list({ filter: 'all', feedId: harbour.id, sort: 'oldest', offset: 0, limit: 10 })).items.map((a) => a.title).sort()).toEqual(['The ferry story', 'The tides story'])
    expect(lib.feed(harbour.id)).toMatchObject({ bodyHash: 'harbour-v1', siteUrl: 'https://sync.example/', lastFetched: '2024-05-01T10:00:00.000Z', error: null })
    expect(lib.feed(broken.id)).toMatchObject({ error: { message: 'sync.example refused the request (HTTP 503)', at: '2024-05-01T10:00:00.000Z' } })
    expect(lib.feed(broken.id)!.lastFetched).toBeUndefined()
    expect(lib.feed(elsewhere.id)).toMatchObject({ error: null })
    expect(lib.feed(elsewhere.id)!.lastFetched).toBeUndefined()
    expect(steps.map((s) => [s.done, s.total, s.title, s.error])).toEqual([
      [0, 2, '', null],
      [1, 2, 'Broken', 'sync.example refused the request (HTTP 503)'],
      [2, 2, 'Harbour', null],
      [2, 2, '', null],
    ])
  })

  it('does not save the state when storing the items failed, so they are fetched again', async () => {
    const { lib, media, items } = await setUp()
    const feed = await lib.addFeed({ title: 'Harbour', url: 'sync:harbour' })
    const failing: ItemStore = { ...items, store: () => Promise.reject(new Error('disk full')) }
    const source = tableSource({ Harbour: () => ({ unchanged: false, items: [story('ferry')], baseUrl: '', state: { bodyHash: 'harbour-v1' } }) }, [])
    const refresher = createRefresher(lib, { source, items: failing, fetcher: noNetwork, media, now: () => new Date(), concurrency: 2 })
    const result = await refresher.refresh()
    expect(result.failed).toEqual([{ feedId: feed.id, title: 'Harbour', error: 'disk full' }])
    expect(lib.feed(feed.id)!.bodyHash).toBeUndefined()
    expect(lib.size).toBe(0)
  })

  it("bounds the state any source keeps on a feed: a 5 MB title is cut, an address over its bound not taken", async () => {
    const { lib, media, items } = await setUp()
    const feed = await lib.addFeed({ title: 'Harbour', url: 'sync:harbour' })
    const huge = 'Harbour news '.repeat(400_000)
    const source = tableSource(
      { Harbour: () => ({ unchanged: true, items: [], baseUrl: '', state: { title: huge, url: `sync:${'x'.repeat(5_000_000)}`, redirectedFrom: 'sync:harbour', siteUrl: `https://sync.example/${'y'.repeat(5_000_000)}`, etag: `"${'e'.repeat(5_000_000)}"` } }) },
      [],
    )
    const refresher = createRefresher(lib, { source, items, fetcher: noNetwork, media, now: () => new Date(), concurrency: 1 })
    expect((await refresher.refresh()).failed).toEqual([])
    const saved = lib.feed(feed.id)!
    expect(saved.title.length).toBeLessThanOrEqual(MAX_FEED_TITLE_CHARS)
    expect(saved.title).toMatch(/^Harbour news Harbour .*…$/)
    expect(saved).toMatchObject({ url: 'sync:harbour', siteUrl: '' })
    expect([saved.etag, saved.redirectedFrom]).toEqual([undefined, undefined])
    expect(JSON.stringify(saved).length).toBeLessThan(1000)
  })
})
