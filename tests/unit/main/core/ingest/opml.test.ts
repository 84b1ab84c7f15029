import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { exportOpml, parseOpml, type OpmlDocument, type OpmlFeed } from '../../../../../main/core/ingest/opml'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'
import { walk } from './parser/corpus-helpers'

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/opml', import.meta.url))
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const allFeeds = (doc: OpmlDocument) => [...doc.feeds, ...doc.folders.flatMap((f) => f.feeds)]

/** The file parses to exactly the feeds it lists, or fails with a one-line IngestError. */
function parsesOrFailsInOneLine(path: string): void {
  const bytes = new Uint8Array(readFileSync(path))
  const source = readFileSync(path, 'latin1')
  try {
    const doc = parseOpml(bytes)
    const urls = new Set([...source.matchAll(/xmlUrl="([^"]+)"/gi)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&')).href))
    // Every feed in the file is imported, and nothing else.
    expect(new Set(allFeeds(doc).map((f) => f.xmlUrl))).toEqual(urls)
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError)
    expect((error as Error).message).not.toMatch(/\n/)
  }
}

describeCorpus('parseOpml on the corpus', () => {
  const OPML = corpusPath('opml')
  const read = (name: string) => new Uint8Array(readFileSync(join(OPML, name)))

  it.each(walk(OPML).filter((f) => f.endsWith('.opml')).map((f) => [f.slice(OPML.length + 1), f]))('%s parses or fails with a one-line IngestError', (_, path) =>
    parsesOrFailsInOneLine(path),
  )

  it.each(['feedsmith/subscriptions.opml', 'feedsmith/category.opml', 'feedsmith/directory.opml'])(
    '%s matches feedsmith’s expected outlines',
    (name) => {
      const expected = JSON.parse(readFileSync(join(OPML, `${name}.expected.json`), 'utf8'))
      const doc = parseOpml(read(name))
      expect(doc.title).toBe(expected.head.title)
      const want: { text: string; xmlUrl: string; htmlUrl?: string }[] = []
      const collect = (outlines: any[] | undefined) => {
        for (const o of outlines ?? []) {
          if (o.xmlUrl) want.push(o)
          collect(o.outlines)
        }
      }
      collect(expected.body.outlines)
      expect(allFeeds(doc)).toEqual(want.map((o) => ({ title: o.text, xmlUrl: new URL(o.xmlUrl).href, htmlUrl: o.htmlUrl ? new URL(o.htmlUrl).href : '' })))
    },
  )
})

describe('parseOpml on subscription lists (fixtures)', () => {
  it.each(walk(FIXTURES).filter((f) => f.endsWith('.opml')).map((f) => [f.slice(FIXTURES.length + 1), f]))('%s parses or fails with a one-line IngestError', (_, path) =>
    parsesOrFailsInOneLine(path),
  )

  it('reads folders and outlines without title attributes (an older reader’s export)', () => {
    const doc = parseOpml(fixture('subscriptions.opml'))
    expect(doc.title).toBe('Reading')
    expect(doc.folders.map((f) => f.name)).toEqual(['Programming', 'Hardware', 'Weblogs', 'Writers'])
    expect(doc.feeds[0]).toEqual({ title: 'Bright Lines', xmlUrl: 'https://brightlines.example/feed.xml', htmlUrl: 'https://brightlines.example/' })
    expect(doc.feeds.find((f) => f.title.startsWith('tea'))?.title).toBe('tea & types')
    expect(doc.feeds.find((f) => f.title === 'Ada Okafor')?.htmlUrl).toBe('')
  })

  it('reads an ISO-8859-1 file from bytes', () => {
    const doc = parseOpml(iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><head><title>Café</title></head><body><outline text="Ñews" xmlUrl="http://e.x/f"/></body></opml>', 'latin1'))
    expect(doc.title).toBe('Café')
    expect(doc.feeds[0]!.title).toBe('Ñews')
  })

  it('refuses a malformed file with a message naming the problem', () => {
    expect(() => parseOpml(fixture('malformed.opml'))).toThrow(/^Malformed OPML: /)
    expect(() => parseOpml('')).toThrow(/empty/)
    expect(() => parseOpml('<rss version="2.0"><channel/></rss>')).toThrow(/this is a feed/)
    expect(() => parseOpml('<html><body>hi</body></html>')).toThrow(IngestError)
  })
})

describe('parseOpml structure', () => {
  const doc = parseOpml(`<?xml version="1.0"?>
    <opml version="1.0"><head><title>  My   feeds </title></head><body>
      <outline text="Top" type="rss" xmlUrl="https://top.example/feed" htmlUrl="https://top.example/"/>
      <outline text="News">
        <outline text="World" xmlUrl="https://world.example/rss"/>
        <outline title="Tech">
          <outline text="Gadgets" xmlUrl="feed://gadgets.example/atom"/>
          <outline text="Dup" xmlUrl="https://gadgets.example/atom"/>
          <outline text="Bad scheme" xmlUrl="javascript:alert(1)"/>
        </outline>
        <outline text="Only notes"><outline text="a note"/></outline>
      </outline>
      <outline text="Note without url"/>
      <outline text="Directory" type="link" url="https://dir.example/list.opml"/>
      <outline text="News"><outline text="World again" xmlUrl="https://world2.example/rss"/></outline>
    </body></opml>`)

  it('flattens nested folders to path names, merges repeated folders, skips non-feeds', () => {
    expect(doc.title).toBe('My feeds')
    expect(doc.feeds).toEqual([{ title: 'Top', xmlUrl: 'https://top.example/feed', htmlUrl: 'https://top.example/' }])
    expect(doc.folders).toEqual([
      {
        name: 'News',
        feeds: [
          { title: 'World', xmlUrl: 'https://world.example/rss', htmlUrl: '' },
          { title: 'World again', xmlUrl: 'https://world2.example/rss', htmlUrl: '' },
        ],
      },
      // feed:// becomes http://; the same address twice in a folder is kept once.
      { name: 'News / Tech', feeds: [{ title: 'Gadgets', xmlUrl: 'http://gadgets.example/atom', htmlUrl: '' }, { title: 'Dup', xmlUrl: 'https://gadgets.example/atom', htmlUrl: '' }] },
    ])
  })
})

describe('exportOpml', () => {
  const sample = {
    title: 'Offprint & friends',
    feeds: [{ title: 'Top "quoted" <site>', xmlUrl: 'https://top.example/feed?a=1&b=2', htmlUrl: 'https://top.example/' }],
    folders: [
      { name: 'News', feeds: [{ title: 'World', xmlUrl: 'https://world.example/rss', htmlUrl: '' }] },
      { name: 'News / Tech', feeds: [{ title: 'Gadgets', xmlUrl: 'https://gadgets.example/atom', htmlUrl: 'https://gadgets.example/' }] },
      { name: 'Empty', feeds: [] },
    ],
  }

  it('writes OPML 2.0 with nested folders and escaped attributes', () => {
    const xml = exportOpml(sample)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')).toBe(true)
    expect(xml).toContain('<title>Offprint &amp; friends</title>')
    expect(xml).toContain('text="Top &quot;quoted&quot; &lt;site&gt;"')
    expect(xml).toContain('xmlUrl="https://top.example/feed?a=1&amp;b=2"')
    expect(xml).toMatch(/<outline text="News" title="News">\n\s+<outline type="rss" text="World"[^\n]*\/>\n\s+<outline text="Tech" title="Tech">/)
    expect(xml).not.toContain('Empty')
  })

  it('round-trips through parseOpml', () => {
    const { folders, ...rest } = sample
    expect(parseOpml(exportOpml(sample))).toEqual({ ...rest, folders: folders.filter((f) => f.feeds.length) })
  })

  it('round-trips any titles, folders and addresses (property)', () => {
    // Titles are read back with white space collapsed and characters XML cannot
    // carry removed; addresses come back normalized by URL.
    const title = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/g, '').replace(/\s+/g, ' ').trim())
    const feed = fc.record({ title, xmlUrl: fc.webUrl().map((u) => new URL(u).href), htmlUrl: fc.oneof(fc.constant(''), fc.webUrl().map((u) => new URL(u).href)) })
    const feeds = fc.uniqueArray(feed, { selector: (f: OpmlFeed) => f.xmlUrl, maxLength: 4 })
    const segment = title.filter((s) => s !== '' && !s.includes(' / ') && s !== '/' && !s.startsWith('/ ') && !s.endsWith(' /'))
    const folders = fc.uniqueArray(fc.record({ path: fc.array(segment, { minLength: 1, maxLength: 3 }), feeds: feeds.filter((f) => f.length > 0) }), {
      selector: (f) => f.path.join(' / '),
      maxLength: 4,
    })
    fc.assert(
      fc.property(title, feeds, folders, (docTitle, topFeeds, folderList) => {
        const input = { title: docTitle, feeds: topFeeds, folders: folderList.map((f) => ({ name: f.path.join(' / '), feeds: f.feeds })) }
        const back = parseOpml(exportOpml(input))
        expect(back.title).toBe(docTitle)
        expect(back.feeds).toEqual(topFeeds)
        const byName = (d: { folders: { name: string; feeds: OpmlFeed[] }[] }) => Object.fromEntries(d.folders.map((f) => [f.name, f.feeds]))
        expect(byName(back)).toEqual(byName(input))
      }),
      { numRuns: 200 },
    )
  })
})
