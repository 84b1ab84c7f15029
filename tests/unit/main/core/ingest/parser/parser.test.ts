import { describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../../main/core/ingest/errors'
import { htmlToOneLine as htmlToText, parseDate, parseFeed, repairXml, titleFromText } from '../../../../../../main/core/ingest/parser'
import { sanitizeHtml } from '../../../../../../main/core/ingest/sanitize'

const identity = (html: string) => html
const NS =
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" ' +
  'xmlns:atom="http://www.w3.org/2005/Atom"'
const rss = (items: string, channel = '<title>Site</title><link>https://example.com/</link>') =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" ${NS}><channel>${channel}${items}</channel></rss>`
const atom = (entries: string, head = '<title>Atom Site</title><link href="https://example.org/"/>') =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" ${NS.replace(/xmlns:atom="[^"]*"/, '')}>${head}${entries}</feed>`

function expectIngestError(run: () => unknown, pattern: RegExp): IngestError {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(IngestError)
  const error = caught as IngestError
  expect(error.message).toMatch(pattern)
  expect(error.message).not.toMatch(/\n/)
  return error
}

describe('RSS 2.0', () => {
  it('maps an item to a NewArticle', () => {
    const feed = parseFeed(
      rss(`<item>
        <title>First &amp;amp; foremost</title>
        <link>https://example.com/a</link>
        <guid isPermaLink="false">id-1</guid>
        <dc:creator>Ada Lovelace</dc:creator>
        <pubDate>Tue, 05 Apr 2022 10:04:42 GMT</pubDate>
        <description>Short</description>
        <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
      </item>`),
      { url: 'https://example.com/feed.xml', sanitize: identity },
    )
    expect(feed).toEqual({
      format: 'rss',
      title: 'Site',
      siteUrl: 'https://example.com/',
      feedUrl: 'https://example.com/feed.xml',
      items: [
        {
          guid: 'id-1',
          url: 'https://example.com/a',
          title: 'First & foremost',
          author: 'Ada Lovelace',
          siteName: 'Site',
          published: '2022-04-05T10:04:42.000Z',
          html: '<p>Full <b>text</b></p>',
        },
      ],
    })
  })

  it('sends item HTML through the sanitizer with the item base, and keeps what it returns', () => {
    const calls: [string, string][] = []
    const feed = parseFeed(rss('<item><title>T</title><link>/a</link><description>&lt;p&gt;x&lt;/p&gt;</description></item>'), {
      sanitize: (html, base) => {
        calls.push([html, base])
        return '<p>clean</p>'
      },
    })
    expect(calls).toEqual([['<p>x</p>', 'https://example.com/']])
    expect(feed.items[0]!.html).toBe('<p>clean</p>')
  })

  it('with the real sanitizer, resolves relative HTML against the channel link and drops scripts', () => {
    const feed = parseFeed(
      rss(
        '<item><title>Post</title><link>posts/post-1</link><description><![CDATA[<p><a href="post-1">Read</a><img src="/i.png"><script>alert(1)</script></p>]]></description></item>',
        '<title>T</title><link>https://example.com/feed/</link>',
      ),
      { sanitize: sanitizeHtml },
    )
    const item = feed.items[0]!
    expect(item.url).toBe('https://example.com/feed/posts/post-1')
    expect(item.html).toContain('href="https://example.com/feed/post-1"')
    expect(item.html).toContain('src="https://example.com/i.png"')
    expect(item.html).not.toContain('script')
  })

  it('uses the guid as link when it is a permalink, not when isPermaLink="false"', () => {
    const feed = parseFeed(
      rss(`<item><title>a</title><guid>https://example.com/g1</guid></item>
           <item><title>b</title><guid isPermaLink="false">https://example.com/g2</guid></item>
           <item><title>c</title><link>https://example.com/link</link><guid>https://example.com/g3</guid></item>`),
      { sanitize: identity },
    )
    expect(feed.items.map((i) => i.url)).toEqual(['https://example.com/g1', undefined, 'https://example.com/link'])
    expect(feed.items.map((i) => i.guid)).toEqual(['https://example.com/g1', 'https://example.com/g2', 'https://example.com/g3'])
  })

  it('cleans titles: tags stripped, entities decoded, whitespace collapsed', () => {
    const feed = parseFeed(
      rss(`<item><title>  &lt;b&gt;Bold&lt;/b&gt;
            news &amp;#8217;s  &amp;hellip;  </title><link>https://example.com/1</link></item>
           <item><title><![CDATA[1 < 2 &amp; <em>3</em>]]></title><link>https://example.com/2</link></item>`),
      { sanitize: identity },
    )
    expect(feed.items.map((i) => i.title)).toEqual(['Bold news ’s …', '1 < 2 & 3'])
  })

  it('falls back to itunes:title, then media:title, then the first words of the text', () => {
    const long = 'word '.repeat(40)
    const feed = parseFeed(
      rss(`<item><itunes:title>Episode 12</itunes:title><guid>e12</guid></item>
           <item><media:title>Media title</media:title><guid>m1</guid></item>
           <item><description>&lt;p&gt;Just a &lt;b&gt;short&lt;/b&gt; note.&lt;/p&gt;</description><guid>n1</guid></item>
           <item><description>${long}</description><guid>n2</guid></item>
           <item><link>https://example.com/2024/my-first-post.html</link></item>`),
      { sanitize: identity },
    )
    const titles = feed.items.map((i) => i.title)
    expect(titles.slice(0, 3)).toEqual(['Episode 12', 'Media title', 'Just a short note.'])
    expect(titles[3]!.length).toBeLessThanOrEqual(81)
    expect(titles[3]!.endsWith('…')).toBe(true)
    expect(titles[4]).toBe('my first post')
  })

  it('drops items with nothing to show, keeps the rest', () => {
    const feed = parseFeed(rss('<item></item><item><author></author></item><item><title>kept</title></item>'), { sanitize: identity })
    expect(feed.items.map((i) => i.title)).toEqual(['kept'])
  })

  it('reads the author from <author>, dc:creator, itunes:author, then the feed', () => {
    const feed = parseFeed(
      rss(
        `<item><title>a</title><author>me@example.com (Real Name)</author></item>
         <item><title>b</title><itunes:author>Pod Host</itunes:author></item>
         <item><title>c</title></item>`,
        '<title>T</title><itunes:author>Feed Author</itunes:author>',
      ),
      { sanitize: identity },
    )
    expect(feed.items.map((i) => i.author)).toEqual(['Real Name', 'Pod Host', 'Feed Author'])
  })

  it('finds an image in media:content, media:thumbnail, image enclosures or itunes:image', () => {
    const feed = parseFeed(
      rss(`<item><title>a</title><media:content url="https://cdn/a-small.jpg" medium="image" width="100"/><media:content url="https://cdn/a-big.jpg" medium="image" width="1200"/></item>
           <item><title>b</title><media:thumbnail url="https://cdn/b.jpg"/></item>
           <item><title>c</title><enclosure url="https://cdn/ep.mp3" type="audio/mpeg" length="1"/><enclosure url="/c.png" type="image/png" length="1"/></item>
           <item><title>d</title><itunes:image href="https://cdn/d.jpg"/></item>
           <item><title>e</title><enclosure url="https://cdn/e.mp3" type="audio/mpeg" length="1"/></item>
           <item><title>f</title><media:group><media:content url="https://cdn/f.jpg" type="image/jpeg"/></media:group></item>`),
      { sanitize: identity },
    )
    expect(feed.items.map((i) => i.image)).toEqual([
      'https://cdn/a-big.jpg',
      'https://cdn/b.jpg',
      'https://example.com/c.png',
      'https://cdn/d.jpg',
      undefined,
      'https://cdn/f.jpg',
    ])
  })

  it('resolves relative links against xml:base, then the channel link, then opts.url', () => {
    const withBase = parseFeed(
      rss('<item xml:base="https://other.example/dir/"><title>a</title><link>x</link></item><item><title>b</title><link>/y</link></item>'),
      { url: 'https://feeds.example/feed', sanitize: identity },
    )
    expect(withBase.items.map((i) => i.url)).toEqual(['https://other.example/dir/x', 'https://example.com/y'])
    const noChannelLink = parseFeed(rss('<item><title>a</title><link>/relative/uri</link></item>', '<title>T</title>'), {
      url: 'http://127.0.0.1:8097/tests/feed.xml',
      sanitize: identity,
    })
    expect(noChannelLink.items[0]!.url).toBe('http://127.0.0.1:8097/relative/uri')
    const nothing = parseFeed(rss('<item><title>a</title><link>/relative/uri</link></item>', '<title>T</title>'), { sanitize: identity })
    expect(nothing.items[0]!.url).toBeUndefined()
  })

  it('never lets a javascript: or data: address through as a link or image', () => {
    const feed = parseFeed(
      rss('<item><title>a</title><link>javascript:alert(1)</link><media:thumbnail url="data:image/png;base64,AAAA"/></item>'),
      { sanitize: identity },
    )
    expect(feed.items[0]!.url).toBeUndefined()
    expect(feed.items[0]!.image).toBeUndefined()
  })

  it('takes feedUrl from opts.url, else from atom:link rel="self"', () => {
    const doc = rss('', '<title>T</title><atom:link rel="self" href="https://example.com/self.xml"/>')
    expect(parseFeed(doc, { sanitize: identity }).feedUrl).toBe('https://example.com/self.xml')
    expect(parseFeed(doc, { url: 'https://moved.example/feed', sanitize: identity }).feedUrl).toBe('https://moved.example/feed')
  })

  it('names an untitled feed after its site', () => {
    expect(parseFeed(rss('', '<link>https://www.example.net/</link>'), { sanitize: identity }).title).toBe('example.net')
  })

  it('reads items placed directly under <rss> without a <channel>', () => {
    const feed = parseFeed('<rss><item><title>orphan</title><link>https://e.x/1</link></item></rss>', { sanitize: identity })
    expect(feed.items.map((i) => i.title)).toEqual(['orphan'])
  })

  it('treats an empty feed as empty, not broken', () => {
    expect(parseFeed('<rss version="2.0"></rss>', { sanitize: identity }).items).toEqual([])
    expect(parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', { sanitize: identity }).items).toEqual([])
  })
})

describe('Atom', () => {
  it('maps entries, preferring the HTML alternate link and content over summary', () => {
    const feed = parseFeed(
      atom(`<entry>
        <title type="html">A &lt;b&gt;bold&lt;/b&gt; move &amp;lt;3</title>
        <id>urn:uuid:1</id>
        <link href="https://example.org/plain"/>
        <link rel="alternate" type="text/html" href="https://example.org/page.html"/>
        <link rel="edit" href="https://example.org/edit"/>
        <author><name>John Doe</name></author>
        <updated>2003-12-13T18:30:02Z</updated>
        <published>2003-12-13T08:29:29-04:00</published>
        <summary>Summary</summary>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Content</p></div></content>
      </entry>`),
      { sanitize: identity },
    )
    expect(feed.siteUrl).toBe('https://example.org/')
    expect(feed.items[0]).toEqual({
      guid: 'urn:uuid:1',
      url: 'https://example.org/page.html',
      title: 'A bold move <3',
      author: 'John Doe',
      siteName: 'Atom Site',
      published: '2003-12-13T12:29:29.000Z',
      html: '<p>Content</p>',
    })
  })

  it('takes a type="text" title literally and escapes text content', () => {
    const feed = parseFeed(
      atom('<entry><id>1</id><title type="text">History of the &lt;blink&gt; tag</title><content type="text">a &lt; b\n\nnext</content></entry>'),
      { sanitize: identity },
    )
    expect(feed.items[0]!.title).toBe('History of the <blink> tag')
    expect(feed.items[0]!.html).toBe('<p>a &lt; b</p>\n<p>next</p>')
  })

  it('resolves links against nested xml:base and the document address', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/base/"><title>T</title>
        <entry xml:base="sub/"><id>1</id><title>a</title><link href="rel"/></entry>
        <entry><id>2</id><title>b</title><link href="/abs"/></entry></feed>`,
      { url: 'https://host.example/feed.atom', sanitize: identity },
    )
    expect(feed.items.map((i) => i.url)).toEqual(['https://host.example/base/sub/rel', 'https://host.example/abs'])
  })

  it('uses an http id as the link when there is no link', () => {
    const feed = parseFeed(atom('<entry><id>https://example.org/post/1</id><title>t</title></entry>'), { sanitize: identity })
    expect(feed.items[0]!.url).toBe('https://example.org/post/1')
  })

  it('falls back to the feed author', () => {
    const feed = parseFeed(atom('<entry><id>1</id><title>t</title></entry>', '<title>T</title><author><name>Feed Person</name></author>'), {
      sanitize: identity,
    })
    expect(feed.items[0]!.author).toBe('Feed Person')
  })
})

describe('RSS 1.0 / RDF', () => {
  it('maps items with dc:date and rdf:about', () => {
    const feed = parseFeed(
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://example.com/rss"><title>RDF Site</title><link>https://example.com/</link><description>d</description></channel>
        <item rdf:about="https://example.com/1"><title>One</title><link>https://example.com/1</link><dc:date>2002-09-05T10:05:44+01:00</dc:date><dc:creator>Writer</dc:creator></item>
      </rdf:RDF>`,
      { sanitize: identity },
    )
    expect(feed.format).toBe('rdf')
    expect(feed.title).toBe('RDF Site')
    expect(feed.items).toEqual([
      { guid: 'https://example.com/1', url: 'https://example.com/1', title: 'One', author: 'Writer', siteName: 'RDF Site', published: '2002-09-05T09:05:44.000Z', html: '' },
    ])
  })
})

describe('JSON Feed', () => {
  const json = (version: string, items: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ version, title: 'JSON Site', home_page_url: 'https://example.com/', feed_url: 'https://example.com/feed.json', items, ...extra })

  it.each(['https://jsonfeed.org/version/1', 'https://jsonfeed.org/version/1.1', '1.1', '1.0', 'http://jsonfeed.org/version/1.1/'])(
    'accepts version %s',
    (version) => {
      const feed = parseFeed(json(version, [{ id: 1, url: '/p/1', title: 'T', content_html: '<p>x</p>' }]), { sanitize: identity })
      expect(feed.format).toBe('json')
      expect(feed.items).toEqual([{ guid: '1', url: 'https://example.com/p/1', title: 'T', siteName: 'JSON Site', html: '<p>x</p>' }])
      expect(feed.feedUrl).toBe('https://example.com/feed.json')
    },
  )

  it('reads 1.0 author and 1.1 authors, text content, images and dates', () => {
    const feed = parseFeed(
      json('1.1', [
        { id: 'a', title: 'A', author: { name: 'Old Style' }, content_text: 'x < y', date_published: '2019-10-12T07:20:50.52Z' },
        { id: 'b', title: 'B', authors: [{ name: 'One' }, { name: 'Two' }], summary: 'sum', image: 'https://i/b.png', date_modified: 'not a date' },
        { id: 'c', content_html: '<p>A note without a title</p>', attachments: [{ url: 'https://i/c.jpg', mime_type: 'image/jpeg' }] },
      ]),
      { sanitize: identity },
    )
    expect(feed.items.map((i) => i.author)).toEqual(['Old Style', 'One', undefined])
    expect(feed.items[0]!.html).toBe('<p>x &lt; y</p>')
    expect(feed.items[0]!.published).toBe('2019-10-12T07:20:50.520Z')
    expect(feed.items[1]!.published).toBeUndefined()
    expect(feed.items[1]!.image).toBe('https://i/b.png')
    expect(feed.items[2]!.title).toBe('A note without a title')
    expect(feed.items[2]!.image).toBe('https://i/c.jpg')
  })

  it('reads RSS-in-JSON (rss.channel.item)', () => {
    const doc = { rss: { version: '2.0', channel: { title: 'Scripting', link: 'http://scripting.com/', item: [{ description: 'Hello <b>world</b>', link: 'http://scripting.com/1', pubDate: 'Mon, 26 Jun 2017 19:40:58 GMT', guid: 'http://scripting.com/1' }] } } }
    const feed = parseFeed(JSON.stringify(doc), { sanitize: identity })
    expect(feed.title).toBe('Scripting')
    expect(feed.items[0]).toMatchObject({ title: 'Hello world', url: 'http://scripting.com/1', published: '2017-06-26T19:40:58.000Z' })
  })

  it('recovers the complete items of a truncated JSON Feed', () => {
    const full = json('1.1', [1, 2, 3].map((n) => ({ id: String(n), title: `Item ${n}`, content_text: 'x'.repeat(50) })))
    const feed = parseFeed(full.slice(0, full.lastIndexOf('Item 3') + 3), { sanitize: identity })
    expect(feed.items.map((i) => i.title)).toEqual(['Item 1', 'Item 2'])
  })

  it('rejects JSON that is not a feed, and broken JSON, with IngestError', () => {
    expectIngestError(() => parseFeed('{"verion": "1.0"', { sanitize: identity }), /Malformed JSON/)
    expectIngestError(() => parseFeed('{"hello": "world"}', { sanitize: identity }), /not a feed/i)
    expectIngestError(() => parseFeed('[1,2]', { sanitize: identity }), /not a feed/i)
  })
})

describe('malformed documents', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `<item><title>Item ${i + 1}</title><link>https://e.x/${i + 1}</link></item>`).join('')

  it('keeps the complete items of a truncated download', () => {
    const whole = rss(items(5))
    const cut = whole.slice(0, whole.indexOf('Item 4') + 3)
    const feed = parseFeed(cut, { sanitize: identity })
    expect(feed.items.map((i) => i.title)).toEqual(['Item 1', 'Item 2', 'Item 3'])
  })

  it('keeps the other items when one item has a misnested tag', () => {
    const doc = rss(`${items(2)}<item><title>Broken</item>${items(1).replace('Item 1', 'After')}`)
    const feed = parseFeed(doc, { sanitize: identity })
    expect(feed.items.map((i) => i.title)).toEqual(expect.arrayContaining(['Item 1', 'Item 2', 'After']))
  })

  it('keeps the good items when one item makes the sanitizer throw', () => {
    const feed = parseFeed(rss('<item><title>a</title><description>bad</description></item><item><title>b</title><description>good</description></item>'), {
      sanitize: (html) => {
        if (html === 'bad') throw new Error('boom')
        return html
      },
    })
    expect(feed.items.map((i) => i.title)).toEqual(['b'])
  })

  it('repairXml closes what is open and drops stray closing tags', () => {
    expect(repairXml('<a><b>x</a>')).toBe('<a><b>x</b></a>')
    expect(repairXml('<a>x</c></a>')).toBe('<a>x</a>')
    expect(repairXml('<a><b>text<br>more<![CDATA[')).toBe('<a><b>text<br>more</b></a>')
  })

  it('says what is wrong, in one line, naming the source', () => {
    const url = 'https://example.com/feed'
    const empty = expectIngestError(() => parseFeed('', { url, sanitize: identity }), /empty/)
    expect(empty.source).toBe(url)
    expect(empty.message).toBe(`The feed is empty (${url})`)
    expectIngestError(() => parseFeed('<!-- only a comment -->', { sanitize: identity }), /empty/)
    expectIngestError(() => parseFeed('<!DOCTYPE html><html><head><title>x</title></head></html>', { sanitize: identity }), /HTML page/)
    expectIngestError(() => parseFeed('<opml version="2.0"><body/></opml>', { sanitize: identity }), /OPML/)
    expectIngestError(() => parseFeed('<catalog><book/></catalog>', { sanitize: identity }), /root element is <catalog>/)
    expectIngestError(() => parseFeed('just some text', { sanitize: identity }), /Not a feed/)
    expectIngestError(() => parseFeed(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), { sanitize: identity }), /Compressed feed is corrupt/)
  })
})

describe('parseDate', () => {
  it.each([
    ['Tue, 05 Apr 2022 10:04:42 GMT', '2022-04-05T10:04:42.000Z'],
    ['Thu, 17 Jul 2014 14:17:45 -0700', '2014-07-17T21:17:45.000Z'],
    ['Sat, 19 Mar 1988 07:15:00 EST', '1988-03-19T12:15:00.000Z'],
    ['19 Mar 88 07:15 PDT', '1988-03-19T14:15:00.000Z'],
    ['Sun, 6 Mar 2022 9:05:00 +0530', '2022-03-06T03:35:00.000Z'],
    ['Monday, 07-March-2022 12:00:00 GMT', '2022-03-07T12:00:00.000Z'],
    ['2003-12-13T18:30:02Z', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13T18:30:02.25+01:00', '2003-12-13T17:30:02.250Z'],
    ['2003-12-13 18:30:02', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13', '2003-12-13T00:00:00.000Z'],
    ['20031213T183002Z', '2003-12-13T18:30:02.000Z'],
    ['Tue Apr 05 2022 10:04:42 GMT+0100', '2022-04-05T09:04:42.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso)
  })

  it.each(['', 'soon', '1', '2022-13-45', '32 Foo 2020 10:00', 'Tue, 05 Apr 2022 10:04:42 XYZT'])('rejects %j', (raw) => {
    expect(parseDate(raw)).toBeUndefined()
  })
})

describe('text helpers', () => {
  it('htmlToText strips scripts, comments and tags and decodes entities, keeping no-break spaces', () => {
    expect(htmlToText('<p>a&nbsp;b</p><script>x()</script><!-- c --><p>d &#x2014; e &#146;</p>')).toBe('a\u00a0b d — e ’')
  })

  it('titleFromText cuts at a word boundary', () => {
    expect(titleFromText('<p>one two three four</p>', 12)).toBe('one two…')
  })
})
