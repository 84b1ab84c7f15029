// Importing files and addresses: OPML subscription lists (folders, export round trip,
// thousands of feeds), feed documents, saved web pages, and the errors a user sees.
import { promises as fs, readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createIngestService, MAX_IMPORT_BYTES, type ImportResult } from '../../main/core/ingest/service'
import { IngestError } from '../../main/core/ingest/errors'
import { parseOpml } from '../../main/core/ingest/opml'
import type { Fetcher } from '../../main/core/ingest/fetcher'
import { parseMediaUrl, MediaStore } from '../../main/core/ingest/media-store'
import { normalizeUrl } from '../../main/core/library/text'
import { tempDir } from '../helpers/tmp'
import { corpusPath, itCorpus } from '../helpers/corpus'
import { executableConstructs, fixturePath, fixtureText, imageSources, localFetcher, offlineFetcher, openLibrary, paragraph, png, routes, rss, startServer } from './ingest-helpers'

const NEWS_PAGE_PATH = new URL('../fixtures/news-page.html', import.meta.url).pathname
const NEWS_PAGE = readFileSync(NEWS_PAGE_PATH, 'utf8')
// An older reader's export: four folders, text= only, one feed listed twice (tests/fixtures/opml).
const SUBS = fixturePath('opml/subscriptions.opml')

/** Fails the test if anything is fetched. */
function noNetwork(): Fetcher & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    fetch: (url) => {
      calls.push(url)
      return Promise.reject(new Error(`unexpected fetch of ${url}`))
    },
    close: () => {},
  }
}

function nestedOpml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Loose" xmlUrl="https://loose.example/feed.xml" htmlUrl="https://loose.example/"/>
  <outline text="News">
    <outline text="Wire" xmlUrl="https://wire.example/rss"/>
    <outline text="Tech">
      <outline text="Gadgets &amp; Co" xmlUrl="https://gadgets.example/atom.xml" htmlUrl="https://gadgets.example/"/>
      <outline text="Deep">
        <outline text="Deepest" xmlUrl="https://deep.example/feed"/>
      </outline>
    </outline>
  </outline>
  <outline text="Empty folder"><outline text="a note"/></outline>
</body></opml>`
}

/** Imports an OPML file, exports the library's list and finds the same feeds in the same folders. */
async function expectRoundTrip(path: string): Promise<void> {
  const lib = await openLibrary()
  const ingest = createIngestService(lib, { fetcher: noNetwork() })
  await ingest.importFile(path)
  const before = parseOpml(readFileSync(path))
  const after = parseOpml(ingest.exportOpml())
  // A feed listed twice (at http://host/feed and https://www.host/feed) is one subscription.
  const seen = new Set<string>()
  const once = (feeds: typeof before.feeds) => feeds.filter((f) => !seen.has(normalizeUrl(f.xmlUrl)) && seen.add(normalizeUrl(f.xmlUrl)))
  const shape = (d: typeof before) => {
    seen.clear()
    return {
      feeds: once(d.feeds).map((f) => [f.xmlUrl, f.title || new URL(f.xmlUrl).hostname.replace(/^www\./, ''), f.htmlUrl]).sort(),
      folders: d.folders.map((f) => [f.name, once(f.feeds).map((x) => x.xmlUrl).sort()]).sort(),
    }
  }
  expect(shape(after), path).toEqual(shape(before))
}

describe('OPML import and export', () => {
  it('subscribes to every feed of a subscription list as readers export it, in its folders, without fetching', async () => {
    const lib = await openLibrary()
    const fetcher = noNetwork()
    const ingest = createIngestService(lib, { fetcher })
    const doc = parseOpml(readFileSync(SUBS))
    // The Quiet Compiler is listed twice, at http://quiet-compiler.example/ and https://www.…: one subscription.
    const listed = new Set([...doc.feeds, ...doc.folders.flatMap((f) => f.feeds)].map((f) => normalizeUrl(f.xmlUrl))).size
    expect(listed).toBe(22)

    const result = await ingest.importFile(SUBS)

    expect(result.kind).toBe('opml')
    expect(result.articles).toEqual([])
    expect(fetcher.calls).toEqual([])
    expect(lib.feeds()).toHaveLength(listed)
    expect(result.feeds).toHaveLength(listed)
    expect(lib.folders().map((f) => f.name).sort()).toEqual(['Hardware', 'Programming', 'Weblogs', 'Writers'])
    const programming = lib.folders().find((f) => f.name === 'Programming')!
    const compiler = lib.feeds().find((f) => f.url === 'http://quiet-compiler.example/feed.xml')!
    expect(compiler).toMatchObject({ title: 'The Quiet Compiler', siteUrl: 'http://quiet-compiler.example/', folderId: programming.id, fullText: false, error: null })
    const ada = lib.feeds().find((f) => f.url === 'http://adaokafor.example/atom.xml')!
    expect(ada).toMatchObject({ title: 'Ada Okafor', siteUrl: '', folderId: null })

    // A second import of the same list adds nothing.
    const again = await ingest.importFile(SUBS)
    expect(again.duplicates).toBe(listed)
    expect(lib.feeds()).toHaveLength(listed)
  })

  it('keeps nested folders as paths and exports them nested again', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: noNetwork() })
    await ingest.importContent('mine.opml', nestedOpml())

    expect(lib.folders().map((f) => f.name)).toEqual(['News', 'News / Tech', 'News / Tech / Deep'])
    const deepest = lib.feeds().find((f) => f.title === 'Deepest')!
    expect(lib.folders().find((f) => f.id === deepest.folderId)!.name).toBe('News / Tech / Deep')

    const exported = ingest.exportOpml()
    expect(exported).toMatch(/<outline text="News" title="News">\s*<outline [^>]*xmlUrl="https:\/\/wire\.example\/rss"\/>\s*<outline text="Tech" title="Tech">/)
    expect(parseOpml(exported)).toEqual({ ...parseOpml(nestedOpml()), title: 'Offprint subscriptions' })
  })

  it('round-trips subscription lists through export', async () => {
    for (const file of ['subscriptions.opml', 'reading-list.opml']) await expectRoundTrip(fixturePath(`opml/${file}`))
  })

  itCorpus('round-trips the corpus subscription lists through export', async () => {
    for (const file of ['NetNewsWire/SubsNoTitleAttributes.opml', 'feedsmith/subscriptions.opml', 'slowreader/example.opml']) await expectRoundTrip(corpusPath('opml', file))
  })

  it('imports a list of 5,000 feeds quickly, and a second time as duplicates', async () => {
    const outlines = Array.from({ length: 5000 }, (_, i) => {
      const line = `<outline type="rss" text="Feed ${i}" xmlUrl="https://host${i % 400}.example/feeds/${i}.xml" htmlUrl="https://host${i % 400}.example/"/>`
      return i % 2 ? line : `<outline text="Folder ${(i / 2) % 20}">${line}</outline>`
    })
    const big = `<?xml version="1.0"?><opml version="2.0"><head><title>Big</title></head><body>${outlines.join('\n')}</body></opml>`
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: noNetwork() })

    const started = performance.now()
    const result = await ingest.importContent('big.opml', big)
    const elapsed = performance.now() - started

    expect(result.feeds).toHaveLength(5000)
    expect(lib.feeds()).toHaveLength(5000)
    expect(new Set(lib.feeds().map((f) => f.url)).size).toBe(5000)
    expect(lib.folders()).toHaveLength(20)
    expect(elapsed).toBeLessThan(5000)
    await lib.close()

    // The list is on disk: a reopened library has all of it.
    const reopened = await openLibrary(lib.dataDir)
    expect(reopened.feeds()).toHaveLength(5000)
    expect(reopened.feeds().every((f) => f.url.startsWith('https://'))).toBe(true)
    const again = await createIngestService(reopened, { fetcher: noNetwork() }).importContent('big.opml', big)
    expect(again.duplicates).toBe(5000)
    expect(reopened.feeds()).toHaveLength(5000)
  })

  itCorpus('imports every corpus OPML file or says in one line which file failed', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: noNetwork() })
    for (const dir of readdirSync(corpusPath('opml'))) {
      for (const name of readdirSync(corpusPath('opml', dir)).filter((n) => n.endsWith('.opml'))) {
        const path = corpusPath('opml', dir, name)
        const outcome: ImportResult | Error = await ingest.importFile(path).catch((e: Error) => e)
        if (outcome instanceof Error) {
          expect(outcome, path).toBeInstanceOf(IngestError)
          expect(outcome.message).toContain(path)
          expect(outcome.message).not.toMatch(/\n/)
        } else expect(outcome.kind, path).toBe('opml')
      }
    }
    expect(lib.feeds().length).toBeGreaterThan(200)
  })
})

describe('feed document import', () => {
  it('adds a feed file as a feed without an address, and recognizes it the second time', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    const xml = rss('Local notes', [1, 2, 3].map((n) => ({ title: `Note ${n}`, link: `https://notes.example/${n}`, html: `<p>${paragraph(`note ${n}`)}</p>` })), 'https://notes.example/')

    const first = await ingest.importContent('notes.xml', xml)
    expect(first).toMatchObject({ kind: 'feed', duplicates: 0 })
    expect(first.feeds[0]).toMatchObject({ title: 'Local notes', url: '', siteUrl: 'https://notes.example/' })
    expect(first.articles.map((a) => a.title)).toEqual(['Note 1', 'Note 2', 'Note 3'])

    const second = await ingest.importContent('notes.xml', xml)
    expect(second.feeds[0]!.id).toBe(first.feeds[0]!.id)
    expect(second).toMatchObject({ articles: [], duplicates: 3 })
    expect(lib.feeds()).toHaveLength(1)
  })

  it('subscribes at the address a feed file declares for itself', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    // The self link comes late in the channel, under a prefix of its own (atom10:).
    const result = await ingest.importFile(fixturePath('feeds/self-declared.rss'))
    expect(result.kind).toBe('feed')
    expect(result.feeds[0]).toMatchObject({ url: 'https://feeds.orchardnotes.example/all-stories.xml', title: 'Orchard Notes: News and Rumours - All Stories' })
    expect(result.articles).toHaveLength(8)
  })

  it('subscribes to a feed given by address, and imports an OPML file given by address', async () => {
    const server = await startServer(
      routes({ '/rss.xml': fixtureText('feeds/world-news.rss'), '/subs.opml': nestedOpml() }),
    )
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const feed = await ingest.importUrl(server.url('/rss.xml'))
    expect(feed.kind).toBe('feed')
    expect(feed.feeds[0]!.url).toBe(server.url('/rss.xml'))
    expect(feed.articles).toHaveLength(24)
    const opml = await ingest.importUrl(server.url('/subs.opml'))
    expect(opml.kind).toBe('opml')
    expect(opml.feeds).toHaveLength(4)
  })
})

describe('page import', () => {
  it('saves the article of a news page without its chrome, keeping the "Read also" link', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    // The story it links to is already in the library.
    const linked = await lib.addArticles(null, [
      { title: 'Council budget gap widens as fuel costs rise', url: 'https://coastal.example/news/2024/02/council-budget-gap-widens', html: `<p>${paragraph('the council budget')}</p>` },
    ])
    const page = NEWS_PAGE.replace('<head>', '<head>\n<link rel="canonical" href="https://coastal.example/news/2024/03/ferry-vote">')

    const result = await ingest.importContent('ferry.html', page)

    expect(result).toMatchObject({ kind: 'page', feeds: [], duplicates: 0 })
    expect(result.articles).toHaveLength(1)
    const article = await lib.get(result.articles[0]!.id)
    expect(article).toMatchObject({
      feedId: null,
      title: 'Harbour town votes to keep its ferry',
      url: 'https://coastal.example/news/2024/03/ferry-vote',
      author: 'Maren Holt',
      siteName: 'The Coastal Courier',
      published: '2024-03-14T07:30:00.000Z',
    })
    expect(article.text).toContain('Residents of Port Alder voted by a wide margin')
    expect(article.text).toContain('publish a review of passenger numbers every six months')
    for (const chrome of ['Related news', 'Recent articles', 'Leave a reply', 'Please enter your comment!', 'Please enter your name here', 'Post Comment', 'Facebook', 'Advertisement', 'All rights reserved', 'Lifeboat crew honoured']) {
      expect(article.text, chrome).not.toContain(chrome)
    }
    expect(article.html).toContain('<a href="https://coastal.example/news/2024/02/council-budget-gap-widens" rel="noopener noreferrer">Council budget gap widens as fuel costs rise</a>')
    expect((await lib.readAlso(article.id, article.html)).map((a) => a.id)).toEqual([linked.added[0]!.id])

    const again = await ingest.importContent('ferry.html', page)
    expect(again).toMatchObject({ articles: [], duplicates: 1 })
  })

  it('saves a page by its address, with its images stored locally', async () => {
    const server = await startServer(
      routes({
        '/news/2024/03/ferry.html': NEWS_PAGE,
        '/images/ferry-at-dawn.jpg': (_req, res) => {
          res.setHeader('content-type', 'image/png')
          res.end(png('ferry'))
        },
      }),
    )
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    const result = await ingest.importUrl(server.url('/news/2024/03/ferry.html'))
    const article = await lib.get(result.articles[0]!.id)
    expect(article.url).toBe(server.url('/news/2024/03/ferry.html'))
    expect(imageSources(article.html)).toHaveLength(1)
    const name = parseMediaUrl(imageSources(article.html)[0]!)!
    expect(new MediaStore(join(lib.dataDir, 'media')).has(name)).toBe(true)
    expect(article.image).toBe(imageSources(article.html)[0])
    expect(article.html).toContain(`href="${server.url('/news/2024/02/council-budget-gap-widens')}"`)
    expect(article.html).not.toContain('ads.example')
  })

  itCorpus('imports every corpus page from its file, as the article alone', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    const pages = readdirSync(corpusPath('pages')).filter((n) => existsSync(corpusPath('pages', n, 'source.html')))
    let titled = 0
    for (const name of pages) {
      const result = await ingest.importFile(corpusPath('pages', name, 'source.html'))
      expect(result.kind, name).toBe('page')
      if (result.duplicates) continue
      const article = await lib.get(result.articles[0]!.id)
      expect(article.text.length, name).toBeGreaterThan(100)
      expect(executableConstructs(article.html), name).toEqual([])
      expect(article.html, name).not.toMatch(/\ssrc="https?:/)
      const expected = JSON.parse(readFileSync(corpusPath('pages', name, 'expected-metadata.json'), 'utf8')) as { title?: string }
      if (expected.title && article.title === expected.title.replace(/\s+/g, ' ').trim()) titled++
    }
    expect(lib.size).toBeGreaterThanOrEqual(pages.length - 1)
    expect(titled).toBeGreaterThan(pages.length * 0.85)
  })

  it('lets no script through from a page full of XSS payloads', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      '<img src="javascript:alert(3)">',
      '<a href="javascript:alert(4)">click me</a>',
      '<a href=" jav&#x09;ascript:alert(5)">tabbed</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">data link</a>',
      '<iframe src="https://evil.example/" srcdoc="<script>alert(7)</script>"></iframe>',
      '<svg onload=alert(8)><script>alert(9)</script></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(10)></style></mglyph></table></mtext></math>',
      '<object data="javascript:alert(11)"></object><embed src="javascript:alert(12)">',
      '<form action="javascript:alert(13)"><input type=submit formaction="javascript:alert(14)"><button>go</button></form>',
      '<p style="background:url(javascript:alert(15))">styled</p>',
      '<div style="width: expression(alert(16))">ie</div>',
      '<base href="javascript:alert(17)//">',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(18)">',
      '<details open ontoggle=alert(19)><summary>more</summary></details>',
      '<video><source onerror=alert(20)></video>',
      '<noscript><p title="</noscript><img src=x onerror=alert(21)>">',
      '<img srcset="x 1x" onerror=alert(22)>',
      '<a href="vbscript:msgbox(23)">vb</a>',
      '<body onload=alert(24)>',
      '<isindex type=image src=1 onerror=alert(25)>',
      '<link rel=import href="data:text/html,<script>alert(26)</script>">',
      '<template><script>alert(27)</script></template>',
      '<textarea><script>alert(28)</script></textarea>',
    ]
    const body = Array.from({ length: 8 }, (_, i) => `<p>${paragraph(`paragraph ${i}`)}</p>${payloads.slice(i * 4, i * 4 + 4).join('')}`).join('\n')
    const page = `<!doctype html><html><head><title>Payloads</title><script>alert(0)</script><meta http-equiv="refresh" content="0;url=javascript:alert(0)"></head><body onload="alert(0)"><article><h1>Payloads</h1>${body}</article></body></html>`
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })

    const asPage = await ingest.importContent('payloads.html', page)
    const asFeed = await ingest.importContent(
      'payloads.xml',
      rss('Payloads', payloads.map((p, i) => ({ title: `Payload ${i}`, link: `https://x.example/${i}`, html: `<p>${paragraph(`payload ${i}`)}</p>${p}` }))),
    )

    const ids = [...asPage.articles, ...asFeed.articles].map((a) => a.id)
    expect(ids.length).toBe(1 + payloads.length)
    for (const id of ids) {
      const { html } = await lib.get(id)
      expect(executableConstructs(html), html).toEqual([])
      expect(html).not.toMatch(/alert\(\d+\)\s*<\/script|javascript:|vbscript:|onerror|onload/i)
    }
  })
})

describe('import errors', () => {
  it('refuses files over 50 MB with a clear message', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    const path = join(tempDir(), 'huge.xml')
    await fs.writeFile(path, '')
    await fs.truncate(path, MAX_IMPORT_BYTES + 1)
    await expect(ingest.importFile(path)).rejects.toThrow(`${path} is 50.0 MB; files over 50 MB are not imported`)
    await expect(ingest.importContent('huge.xml', new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toThrow('huge.xml is 50.0 MB; files over 50 MB are not imported')
  })

  it('names the file in a one-line message for what cannot be read', async () => {
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    const dir = tempDir()
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.xml', '', /^.*empty\.xml is empty$/],
      ['notes.txt', 'just some words, not a document', /notes\.txt: Not a feed/],
      ['broken.xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><description>a < b</description></item></channel></rss>', /broken\.xml: Malformed XML in RSS feed/],
      ['broken.json', '{"version": "https://jsonfeed.org/version/1", "items": [}', /broken\.json: Malformed JSON/],
      ['notes.opml', '<?xml version="1.0"?><opml version="2.0"><body><outline text="a note"></body></opml>', /notes\.opml: no feeds in this OPML file/],
      ['bad.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]), /bad\.gz: Compressed feed is corrupt/],
      ['nothing.html', '<!doctype html><html><body></body></html>', /nothing\.html: No readable article/],
    ]
    for (const [name, content, message] of cases) {
      const path = join(dir, name)
      await fs.writeFile(path, content)
      const error = await ingest.importFile(path).catch((e: unknown) => e)
      expect(error, name).toBeInstanceOf(IngestError)
      expect((error as Error).message, name).toMatch(message)
      expect((error as Error).message, name).toContain(path)
      expect((error as Error).message, name).not.toMatch(/\n/)
    }
    await expect(ingest.importFile(join(dir, 'missing.opml'))).rejects.toThrow(`${join(dir, 'missing.opml')}: no such file`)
    await expect(ingest.importFile(dir)).rejects.toThrow(`${dir} is a folder, not a file`)
    expect(lib.size).toBe(0)
    expect(lib.feeds()).toHaveLength(0)
  })
})
