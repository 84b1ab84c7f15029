// Property tests for everything that reads untrusted bytes: whatever comes in, the
// result is a value or an IngestError (never another exception, never a hang), and
// the HTML that comes out of it is reader markup only, as a browser would read it.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { decodeFeedBytes } from '../../../../../main/core/ingest/decode'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { extractPage } from '../../../../../main/core/ingest/extract'
import { parseFeed, type ParsedFeed } from '../../../../../main/core/ingest/parser'
import { parseOpml } from '../../../../../main/core/ingest/opml'
import { sanitizeHtml } from '../../../../../main/core/ingest/sanitize'
import { decodeDocument, sniffKind } from '../../../../../main/core/ingest/sniff'
import { record } from '../../../../security/figures'
import '../../../../security/seed'
import { browserViolations, excerpt, hostileHtml } from '../../../../security/html-grammar'

const BASE = 'https://news.example/section/story.html'
const cases: Record<string, number> = {}
const count = (name: string) => (cases[name] = (cases[name] ?? 0) + 1)

afterAll(() => {
  let total = 0
  for (const [name, n] of Object.entries(cases)) {
    record(`property.${name}`, n, 'cases')
    if (!name.endsWith('-refused')) total += n
  }
  record('property.parsers-total', total, 'cases')
})

/** Runs fn; anything thrown must be an IngestError with a one-line message. */
function valueOrIngestError<T>(fn: () => T): T | IngestError {
  try {
    return fn()
  } catch (err) {
    if (!(err instanceof IngestError)) throw new Error(`threw ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err })
    expect(err.message).not.toMatch(/\n/)
    expect(err.message.length).toBeLessThanOrEqual(400)
    return err
  }
}

function checkFeed(feed: ParsedFeed, input: string) {
  for (const url of [feed.siteUrl, feed.feedUrl]) expect(url === '' || /^https?:\/\//.test(url), `feed address ${url} from ${excerpt(input)}`).toBe(true)
  for (const item of feed.items) {
    expect(browserViolations(item.html), `item html from ${excerpt(input)}`).toEqual([])
    for (const url of [item.url ?? '', item.image ?? '']) expect(url === '' || /^https?:\/\//.test(url), `item address ${url} from ${excerpt(input)}`).toBe(true)
    expect(typeof item.title).toBe('string')
  }
}

// --- seeds the mutators start from: one document of each kind ----------------------------

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Seed &amp; feed</title><link>https://seed.example/</link><description>d</description>
<item><title>One</title><link>https://seed.example/1</link><guid>g1</guid><pubDate>Tue, 05 Apr 2022 10:00:00 GMT</pubDate>
<description><![CDATA[<p>First <b>item</b> <img src="/a.png"> <a href="/x">x</a></p>]]></description>
<content:encoded>&lt;p onclick="x()"&gt;Full text&lt;/p&gt;</content:encoded><media:content url="https://seed.example/m.jpg" medium="image"/></item>
<item><title>Two</title><link>/2</link><enclosure url="https://seed.example/e.png" type="image/png" length="1"/><description>Second</description></item>
</channel></rss>`

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/"><title type="html">Atom &lt;b&gt;seed&lt;/b&gt;</title>
<link href="/"/><link rel="self" href="/feed"/><id>urn:x</id><updated>2022-04-05T10:00:00Z</updated>
<entry><title>E1</title><link href="e1"/><id>urn:e1</id><updated>2022-04-05T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Entry <a href="javascript:alert(1)">one</a></p></div></content></entry>
<entry><title type="text">E2 &lt;script&gt;</title><id>urn:e2</id><summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary></entry>
</feed>`

const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF seed</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>R1</title><link>https://rdf.example/1</link><description>&lt;p&gt;RDF item&lt;/p&gt;</description></item>
</rdf:RDF>`

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON seed',
  home_page_url: 'https://json.example/',
  items: [
    { id: '1', url: 'https://json.example/1', title: 'J1', content_html: '<p>Json <script>alert(1)</script></p>', image: 'javascript:alert(1)' },
    { id: '2', content_text: 'Plain', date_published: '2022-04-05T10:00:00Z', attachments: [{ url: '/a.png', mime_type: 'image/png' }] },
  ],
})

const OPML = `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>Subs</title></head><body>
<outline text="Tech"><outline text="A" type="rss" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/>
<outline text="Nested"><outline text="B" xmlUrl="feed://b.example/rss"/></outline></outline>
<outline text="C" xmlUrl="javascript:alert(1)"/><outline text="D" xmlUrl="file:///etc/passwd"/></body></opml>`

const SEEDS = [RSS, ATOM, RDF, JSON_FEED, OPML]

// Tokens that break XML in the ways real attacks and real damage do.
const XML_TOKENS = [
  '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', '&a;', '&b;', '&xxe;',
  '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!ENTITY xxe SYSTEM "file:///etc/passwd">', '<![CDATA[', ']]>', '<!--', '-->',
  '\u0000', '\ufeff', '\ud800', '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="bogus"?>',
  '<script>alert(1)</script>', '&#0;', '&#x110000;', '&#xD800;', '&amp;amp;', '</channel>', '<item>', '</item>', '<entry>',
  '<rss>', '</rss>', '<feed>', '<opml>', '<outline xmlUrl="https://z.example/">', '"', "'", '<', '>', '&', '{', '[', '"items":',
  '\\u0000', '":null', '__proto__', '"constructor":{"prototype":{"x":1}}', 'xmlns:x="', '<x:y>', '</x:y>', '\r\n', '\u2028',
]

type Mutation = { at: number; kind: 'flip' | 'delete' | 'insert' | 'token' | 'truncate' | 'duplicate'; value: number }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'delete', 'insert', 'token', 'token', 'truncate', 'duplicate'),
  value: fc.nat(),
})

function mutate(seed: string, mutations: Mutation[]): string {
  let s = seed
  for (const m of mutations) {
    const at = s.length ? m.at % (s.length + 1) : 0
    switch (m.kind) {
      case 'flip':
        s = s.slice(0, at) + String.fromCharCode(m.value % 0x3000) + s.slice(at + 1)
        break
      case 'delete':
        s = s.slice(0, at) + s.slice(at + 1 + (m.value % 40))
        break
      case 'insert':
        s = s.slice(0, at) + String.fromCharCode(m.value % 256) + s.slice(at)
        break
      case 'token':
        s = s.slice(0, at) + XML_TOKENS[m.value % XML_TOKENS.length] + s.slice(at)
        break
      case 'truncate':
        s = s.slice(0, at)
        break
      case 'duplicate':
        s = s.slice(0, at) + s.slice(at, at + (m.value % 200)).repeat(2) + s.slice(at + (m.value % 200))
        break
    }
  }
  return s
}

const damagedDocument = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([seed, ms]) => mutate(seed, ms))

const contentType = fc.constantFrom(
  undefined,
  '',
  'application/rss+xml',
  'text/xml; charset=utf-16',
  'text/html; charset="bogus"',
  'application/xml; charset=windows-1251',
  'text/plain; charset=utf-32',
  'application/json; charset=iso-8859-1',
  ';;;charset=',
)

describe('feed, OPML and page readers under arbitrary input', () => {
  it('decodeFeedBytes: any bytes (also gzipped) and any Content-Type give text or an IngestError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(gzipSync(b)))), contentType, (bytes, type) => {
        count('decodeFeedBytes')
        const out = valueOrIngestError(() => decodeFeedBytes(bytes, type))
        if (typeof out === 'string') expect(out.charCodeAt(0)).not.toBe(0xfeff)
      }),
      { numRuns: 1500 },
    )
  })

  it('parseFeed: damaged feeds of every format give a clean feed or an IngestError', () => {
    fc.assert(
      fc.property(damagedDocument, fc.boolean(), contentType, (doc, asBytes, type) => {
        count('parseFeed.damaged')
        const input = asBytes ? new TextEncoder().encode(doc) : doc
        const out = valueOrIngestError(() => parseFeed(input, { url: 'https://fuzz.example/feed', contentType: type, sanitize: sanitizeHtml }))
        if (out instanceof IngestError) count('parseFeed.damaged-refused')
        else checkFeed(out, doc)
      }),
      { numRuns: 1500 },
    )
  })

  it('parseFeed: random bytes and random text give an IngestError or a clean feed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 1500 }), fc.string({ maxLength: 1500, unit: 'binary' })), (input) => {
        count('parseFeed.random')
        const out = valueOrIngestError(() => parseFeed(input, { sanitize: sanitizeHtml }))
        if (!(out instanceof IngestError)) checkFeed(out, String(input))
      }),
      { numRuns: 800 },
    )
  })

  it('parseFeed: items whose HTML is hostile markup come out inert', () => {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    fc.assert(
      fc.property(fc.array(hostileHtml, { minLength: 1, maxLength: 3 }), fc.constantFrom('rss', 'atom', 'json'), (bodies, format) => {
        count('parseFeed.hostile-items')
        const doc =
          format === 'json'
            ? JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: bodies.map((b, i) => ({ id: String(i), content_html: b, url: `https://j.example/${i}` })) })
            : format === 'rss'
              ? `<rss version="2.0"><channel><title>x</title><link>https://r.example/</link>${bodies.map((b, i) => `<item><title>t${i}</title><link>/p${i}</link><description>${esc(b)}</description></item>`).join('')}</channel></rss>`
              : `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>${bodies.map((b, i) => `<entry><id>e${i}</id><title>t</title><content type="html">${esc(b)}</content></entry>`).join('')}</feed>`
        const out = valueOrIngestError(() => parseFeed(doc, { url: 'https://fuzz.example/feed', sanitize: sanitizeHtml }))
        if (!(out instanceof IngestError)) checkFeed(out, doc)
      }),
      { numRuns: 400 },
    )
  })

  it('parseOpml: damaged and random documents give feeds with web addresses only, or an IngestError', () => {
    fc.assert(
      fc.property(fc.oneof(damagedDocument, fc.string({ maxLength: 800 })), fc.boolean(), (doc, asBytes) => {
        count('parseOpml')
        const out = valueOrIngestError(() => parseOpml(asBytes ? new TextEncoder().encode(doc) : doc))
        if (out instanceof IngestError) return
        for (const feed of [...out.feeds, ...out.folders.flatMap((f) => f.feeds)]) {
          expect(feed.xmlUrl).toMatch(/^https?:\/\//)
          expect(feed.htmlUrl === '' || /^https?:\/\//.test(feed.htmlUrl)).toBe(true)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('sniffing and decoding documents never throws anything but an IngestError', () => {
    fc.assert(
      fc.property(fc.oneof(damagedDocument.map((d) => new TextEncoder().encode(d)), fc.uint8Array({ maxLength: 600 })), contentType, (bytes, type) => {
        count('decodeDocument')
        const out = valueOrIngestError(() => decodeDocument(bytes, type))
        if (!(out instanceof IngestError)) expect(['opml', 'feed', 'html', 'unknown']).toContain(sniffKind(out.text))
      }),
      { numRuns: 800 },
    )
  })

  it('extractPage: hostile pages give an inert article or an IngestError', () => {
    const page = fc.record({
      head: fc.array(
        fc.constantFrom(
          '<base href="javascript:alert(1)//">',
          '<base href="https://other.example/dir/">',
          '<meta property="og:title" content="&lt;script&gt;">',
          '<meta property="article:published_time" content="9999-99-99">',
          '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
          '<title></title><script>alert(1)</script>',
          '<link rel="canonical" href="javascript:alert(1)">',
          '<script type="application/ld+json">{"@type":"NewsArticle","headline":"<img src=x onerror=alert(1)>","datePublished":"x"}</script>',
        ),
        { maxLength: 3 },
      ),
      body: fc.array(fc.oneof(hostileHtml, fc.constant(`<p>${'A readable sentence about the story at hand. '.repeat(12)}</p>`)), { minLength: 1, maxLength: 4 }),
    })
    fc.assert(
      fc.property(page, fc.constantFrom(BASE, ''), ({ head, body }, url) => {
        count('extractPage')
        const html = `<!doctype html><html><head>${head.join('')}</head><body><article>${body.join('')}</article></body></html>`
        const out = valueOrIngestError(() => extractPage(html, url))
        if (out instanceof IngestError) return
        expect(browserViolations(out.html), excerpt(html)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})

describe('sanitizeHtml under a grammar of XSS building blocks', () => {
  it('never throws, and its output is reader markup only, as a browser parses it (twice)', () => {
    let changed = 0
    let hostile = 0
    fc.assert(
      fc.property(hostileHtml, fc.constantFrom(BASE, '', 'javascript:alert(1)', 'http://x.example/'), (html, base) => {
        count('sanitizeHtml.grammar')
        // The checker itself must see the danger in the raw input, or it proves nothing.
        if (browserViolations(html).length > 0) hostile++
        const out = sanitizeHtml(html, base)
        expect(typeof out).toBe('string')
        if (out !== html) changed++
        expect(browserViolations(out), `from ${excerpt(html)}\nto ${excerpt(out)}`).toEqual([])
      }),
      { numRuns: 4000 },
    )
    // The grammar is hostile: the sanitizer had work to do in most cases.
    expect(changed).toBeGreaterThan(cases['sanitizeHtml.grammar']! * 0.5)
    expect(hostile).toBeGreaterThan(cases['sanitizeHtml.grammar']! * 0.5)
    record('property.sanitizeHtml.grammar-inputs-with-violations', hostile, 'cases')
  })

  it('never throws on arbitrary strings, and leaves nothing executable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (html) => {
        count('sanitizeHtml.random')
        expect(browserViolations(sanitizeHtml(html, BASE))).toEqual([])
      }),
      { numRuns: 1500 },
    )
  })
})
