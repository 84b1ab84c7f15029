// Where a feed's icon comes from: the feed's own declaration (fixture feeds written as
// sites write them, synthetic ones, and real corpus feeds where the corpus is), the home
// page's <link> tags, /favicon.ico; and the search itself, over a fake network that
// records what was asked.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { faviconUrl, findFeedIcon, iconCandidates, iconDue, iconHome, MAX_ICON_PROBES, pageIconLinks } from '../../../../../main/core/ingest/feed-icon'
import { parseFeed } from '../../../../../main/core/ingest/parser'
import { IngestError } from '../../../../../main/core/ingest/errors'
import type { Fetcher, FetchResult } from '../../../../../main/core/ingest/fetcher'
import { MediaStore } from '../../../../../main/core/ingest/media-store'
import { tempDir } from '../../../../helpers/tmp'
import { ICO_16_32, PNG_1x1, SVG } from './images'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'
import { readBytes } from './parser/corpus-helpers'

const sanitize = (html: string) => html
const fixture = (path: string) => fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url))
const fileIcon = (path: string, url = 'https://feeds.example.test/feed') => parseFeed(readBytes(path), { url, sanitize }).icon
const fixtureIcon = (name: string) => fileIcon(fixture(`feeds/${name}`))
const corpusIcon = (name: string) => fileIcon(corpusPath('feeds', name))
const textIcon = (text: string, url = 'https://site.example.test/feed.xml') => parseFeed(text, { url, sanitize }).icon

describe('the icon a feed declares', () => {
  it('JSON Feed: favicon before icon (fixtures declare both)', () => {
    expect(fixtureIcon('favicon-and-icon.json')).toBe('https://static.tidewater.example/images/tile-128x128.png')
    expect(fixtureIcon('touch-icon.json')).toBe('http://linework.example/style/touch-icon.png')
    expect(textIcon('{"version":"https://jsonfeed.org/version/1.1","title":"T","icon":"/big.png","items":[]}')).toBe('https://site.example.test/big.png')
  })

  it('Atom: <icon>, never the wide <logo>', () => {
    expect(fixtureIcon('gadget-front.atom')).toBe('https://cdn.gadgetfront.example/brand/gadgetfront-32x32.png')
    expect(fixtureIcon('notebook.atom')).toBe('https://notebook.example/assets/images/icon.png?v=7f3k2q')
    // logo-only.atom has a <logo> and no <icon>.
    expect(fixtureIcon('logo-only.atom')).toBeUndefined()
    const atom = (inner: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.test/blog/"><title>A</title><id>x</id>${inner}<entry><id>e</id><title>E</title></entry></feed>`
    expect(textIcon(atom('<logo>wide.png</logo><icon>img/icon.png</icon>'))).toBe('https://atom.example.test/blog/img/icon.png')
    expect(textIcon(atom('<logo>wide.png</logo>'))).toBeUndefined()
  })

  it("RSS 2.0: the channel's <image>, relative to the channel link; never an item's", () => {
    expect(fixtureIcon('world-news.rss')).toBe('https://static.harbourwire.example/img/harbourwire-120x60.gif')
    // <url>/graphics/lanternbox_logo_gradient.png</url> under <link>https://www.lanternbox.example/…
    expect(fixtureIcon('relative-image.rss')).toBe('https://www.lanternbox.example/graphics/lanternbox_logo_gradient.png')
    const rss = (channel: string, item = '') =>
      `<rss version="2.0"><channel><title>R</title><link>https://rss.example.test/</link>${channel}<item><title>I</title><link>https://rss.example.test/1</link>${item}</item></channel></rss>`
    expect(textIcon(rss('', '<image><url>https://rss.example.test/item.png</url></image>'))).toBeUndefined()
    expect(textIcon(rss('<image><url>javascript:alert(1)</url></image>'))).toBeUndefined()
    expect(textIcon(rss('<image><url>/i.png</url><title>R</title><link>https://rss.example.test/</link></image>'))).toBe('https://rss.example.test/i.png')
  })

  it('RSS 1.0 / RDF: the <image> beside the channel', () => {
    expect(fixtureIcon('science-digest.rdf')).toBe('http://digest.example/icons/banner/title.gif')
    expect(fixtureIcon('site-summary.rdf')).toBe('http://markup.example/universal/images/markup_tiny.gif')
  })

  it('a feed that declares nothing has no icon key', () => {
    const parsed = parseFeed('<rss version="2.0"><channel><title>R</title><item><title>I</title></item></channel></rss>', { url: 'https://x.test/f', sanitize })
    expect('icon' in parsed).toBe(false)
  })
})

describeCorpus('the icon real feeds declare (corpus)', () => {
  it('JSON Feed: favicon before icon (3960.json and curt.json declare both)', () => {
    expect(corpusIcon('NetNewsWire/3960.json')).toBe('https://cdn.3960.org/images/tile-128x128.png')
    expect(corpusIcon('NetNewsWire/curt.json')).toBe('http://curtclifton.net/style/touch-icon.png')
  })

  it('Atom: <icon>, never the wide <logo>', () => {
    expect(corpusIcon('sample-feeds/real-world/the-verge-front-pages.xml')).toBe('https://cdn.vox-cdn.com/community_logos/52801/VER_Logomark_32x32..png')
    expect(corpusIcon('NetNewsWire/root-author.atom')).toBe('https://fvsch.com/assets/images/icon.png?v=ql0r5y')
    // heise.atom has a <logo> and no <icon>.
    expect(corpusIcon('rss-parser/heise.atom')).toBeUndefined()
  })

  it("RSS 2.0: the channel's <image>, relative to the channel link", () => {
    expect(corpusIcon('sample-feeds/real-world/bbc-news-world.xml')).toBe('https://news.bbcimg.co.uk/nol/shared/img/bbc_news_120x60.gif')
    // <url>/graphics/vbox_logo2_gradient.png</url> under <link>https://www.virtualbox.org/…
    expect(corpusIcon('node-feedparser/relative-channel-image-url.xml')).toBe('https://www.virtualbox.org/graphics/vbox_logo2_gradient.png')
  })

  it('RSS 1.0 / RDF: the <image> beside the channel', () => {
    expect(corpusIcon('rss-parser/rss-1.rss')).toBe('http://science.sciencemag.org/icons/banner/title.gif')
    expect(corpusIcon('sample-feeds/examples/rdf-site-summary-example.xml')).toBe('http://xml.com/universal/images/xml_tiny.gif')
  })

  it('ranks the icons of real home pages (NetNewsWire discovery pages)', () => {
    const read = (name: string) => readFileSync(corpusPath('feeds', 'NetNewsWire/html-for-feed-discovery', name), 'utf8')
    const atlantic = 'https://cdn.theatlantic.com/assets/static/a/theatlantic/common/img/'
    expect(pageIconLinks(read('coco.html'), 'https://www.theatlantic.com/')).toEqual(
      ['apple-touch-icon-ipad.png', 'favicon.ico', 'apple-touch-icon-iphone-retina.png', 'apple-touch-icon-ipad-retina.png', 'apple-touch-icon-iphone.png'].map((f) => atlantic + f),
    )
    // Its "shortcut icon" is written with src= instead of href=: not an icon link.
    expect(pageIconLinks(read('sixcolors.html'), 'https://sixcolors.com/')).toEqual(
      ['-60', '-76', '-120', '-152', '', '-180'].map((s) => `https://sixcolors.com/apple-touch-icon${s}.png`),
    )
    expect(pageIconLinks(read('furbo.html'), 'http://furbo.org/')).toEqual(['http://furbo.org/favicon.ico'])
  })
})

describe('icons a home page declares', () => {
  const page = (head: string) => `<!doctype html><html><head><title>Site</title>${head}</head><body><link rel="icon" href="/in-body.png"><p>hi</body></html>`

  it('takes icon, shortcut icon and apple-touch icons, resolving relative addresses', () => {
    const html = page('<link rel="shortcut icon" href="favicon.ico"><link rel="stylesheet" href="x.css"><link rel="apple-touch-icon-precomposed" href="//cdn.example.test/touch.png">')
    expect(pageIconLinks(html, 'https://site.example.test/blog/')).toEqual(['https://site.example.test/blog/favicon.ico', 'https://cdn.example.test/touch.png'])
    // <base href> moves relative addresses; links after </head> are not the site's icon.
    expect(pageIconLinks(page('<base href="https://static.example.test/a/"><link rel="icon" href="i.png">'), 'https://site.example.test/')).toEqual(['https://static.example.test/a/i.png'])
  })

  it('prefers the raster size closest to 64×64', () => {
    const html = page(
      '<link rel="icon" type="image/png" sizes="16x16" href="/16.png">' +
        '<link rel="icon" type="image/png" sizes="192x192" href="/192.png">' +
        '<link rel="icon" type="image/png" sizes="48x48" href="/48.png">' +
        '<link rel="apple-touch-icon" sizes="180x180" href="/180.png">' +
        '<link rel="icon" sizes="32x32 96x96" href="/multi.ico">',
    )
    expect(pageIconLinks(html, 'https://s.test/')).toEqual(['https://s.test/48.png', 'https://s.test/multi.ico', 'https://s.test/16.png', 'https://s.test/180.png', 'https://s.test/192.png'])
  })

  it('skips SVG (never stored), non-images and non-web addresses; a known raster type beats an unknown one', () => {
    const html = page(
      '<link rel="icon" type="image/svg+xml" sizes="any" href="/icon.svg">' +
        '<link rel="icon" href="/plain.svg?v=2">' +
        '<link rel="mask-icon" href="/mask.png">' +
        '<link rel="icon" href="data:image/png;base64,AAAA">' +
        '<link rel="icon" type="text/html" href="/page">' +
        '<link rel="icon" sizes="64x64" href="/generated?size=64">' +
        '<link rel="icon" type="image/x-icon" href="/favicon.ico">',
    )
    expect(pageIconLinks(html, 'https://s.test/')).toEqual(['https://s.test/favicon.ico', 'https://s.test/generated?size=64'])
  })

  it('ranks the icons of home pages as sites write them (fixtures)', () => {
    const read = (name: string) => readFileSync(fixture(`pages/${name}`), 'utf8')
    const monthly = 'https://cdn.monthly.example/assets/static/a/monthly/common/img/'
    // Closest to 64 px first: 76, the favicon (taken for 32), 120, 152, then one with no sizes (taken for 180).
    expect(pageIconLinks(read('monthly-article.html'), 'https://www.monthly.example/')).toEqual(
      ['apple-touch-icon-76.png', 'favicon.ico', 'apple-touch-icon-120.png', 'apple-touch-icon-152.png', 'apple-touch-icon.png'].map((f) => monthly + f),
    )
    // Its "shortcut icon" is written with src= instead of href=: not an icon link. 180 and
    // the one with no sizes (taken for 180) tie, and keep their page order.
    expect(pageIconLinks(read('column-home.html'), 'https://fourcorners.example/')).toEqual(
      ['-57', '-72', '-114', '-144', '-180', ''].map((s) => `https://fourcorners.example/apple-touch-icon${s}.png`),
    )
    expect(pageIconLinks(read('studio-home.html'), 'http://studio.example/')).toEqual(['http://studio.example/favicon.ico'])
  })
})

describe('candidates and timing', () => {
  it('the home is the site, else the feed address origin; /favicon.ico is at its origin', () => {
    expect(iconHome({ siteUrl: 'https://blog.example.test/me/', url: 'https://feeds.example.test/x' })).toBe('https://blog.example.test/me/')
    expect(iconHome({ siteUrl: '', url: 'https://feeds.example.test/x/rss.xml' })).toBe('https://feeds.example.test/')
    expect(iconHome({ siteUrl: 'javascript:alert(1)', url: '' })).toBe('')
    expect(faviconUrl('https://blog.example.test/me/')).toBe('https://blog.example.test/favicon.ico')
  })

  it('feed icon first, then page links, /favicon.ico always among at most three', () => {
    const home = 'https://s.test/'
    expect(iconCandidates('https://cdn.test/i.png', ['https://s.test/a.png', 'https://s.test/b.png'], home)).toEqual(['https://cdn.test/i.png', 'https://s.test/a.png', 'https://s.test/favicon.ico'])
    expect(iconCandidates(undefined, ['https://s.test/a.png', 'https://s.test/b.png', 'https://s.test/c.png'], home)).toEqual(['https://s.test/a.png', 'https://s.test/b.png', 'https://s.test/favicon.ico'])
    expect(iconCandidates(undefined, ['https://s.test/favicon.ico'], home)).toEqual(['https://s.test/favicon.ico'])
    expect(iconCandidates('https://s.test/logo.svg', [], home)).toEqual(['https://s.test/favicon.ico'])
  })

  it('is due for a feed without an icon not looked at in 30 days', () => {
    const now = new Date('2025-06-30T00:00:00Z')
    expect(iconDue({}, now)).toBe(true)
    expect(iconDue({ icon: 'offprint-media://m/x', iconChecked: undefined }, now)).toBe(false)
    expect(iconDue({ iconChecked: '2025-06-20T00:00:00Z' }, now)).toBe(false)
    expect(iconDue({ iconChecked: '2025-05-30T00:00:00Z' }, now)).toBe(true)
    expect(iconDue({ iconChecked: 'garbage' }, now)).toBe(true)
    expect(iconDue({ iconChecked: '2030-01-01T00:00:00Z' }, now)).toBe(true)
  })
})

describe('findFeedIcon', () => {
  function fakeNetwork(table: Record<string, { bytes: Uint8Array; type: string } | number>): Fetcher & { asked: string[] } {
    const asked: string[] = []
    return {
      asked,
      async fetch(url) {
        asked.push(url)
        const entry = table[url]
        if (entry === undefined || typeof entry === 'number') throw new IngestError(`HTTP ${entry ?? 404} fetching ${url}`, url)
        return { status: 200, notModified: false, url, redirects: [], permanentRedirect: null, headers: {}, contentType: entry.type, bytes: entry.bytes } satisfies FetchResult
      },
      close() {},
    }
  }
  const html = (s: string) => ({ bytes: Buffer.from(s), type: 'text/html' })
  const feed = { siteUrl: 'https://s.test/', url: 'https://s.test/feed.xml' }

  it("uses the feed's icon without fetching the page", async () => {
    const net = fakeNetwork({ 'https://cdn.test/i.png': { bytes: PNG_1x1, type: 'image/png' } })
    const icon = await findFeedIcon(feed, 'https://cdn.test/i.png', { fetcher: net, media: new MediaStore(tempDir()) })
    expect(icon).toMatch(/^offprint-media:\/\/m\/[0-9a-f]{64}\.png$/)
    expect(net.asked).toEqual(['https://cdn.test/i.png'])
  })

  it('falls back to the page, then /favicon.ico, skipping an SVG served as an icon', async () => {
    const net = fakeNetwork({
      'https://s.test/': html('<head><link rel="icon" href="/fake.png"></head>'),
      'https://s.test/fake.png': { bytes: SVG, type: 'image/png' },
      'https://s.test/favicon.ico': { bytes: ICO_16_32, type: 'image/x-icon' },
    })
    const icon = await findFeedIcon(feed, 'https://cdn.test/gone.png', { fetcher: net, media: new MediaStore(tempDir()) })
    expect(icon).toMatch(/\.ico$/)
    expect(net.asked).toEqual(['https://cdn.test/gone.png', 'https://s.test/', 'https://s.test/fake.png', 'https://s.test/favicon.ico'])
  })

  it(`tries at most ${MAX_ICON_PROBES} images and gives '' when none is an image`, async () => {
    const links = ['a', 'b', 'c', 'd'].map((n) => `<link rel="icon" href="/${n}.png">`).join('')
    const net = fakeNetwork({ 'https://s.test/': html(`<head>${links}</head>`) })
    expect(await findFeedIcon(feed, 'https://cdn.test/x.png', { fetcher: net, media: new MediaStore(tempDir()) })).toBe('')
    expect(net.asked.filter((u) => u !== 'https://s.test/')).toEqual(['https://cdn.test/x.png', 'https://s.test/a.png', 'https://s.test/favicon.ico'])
  })
})
