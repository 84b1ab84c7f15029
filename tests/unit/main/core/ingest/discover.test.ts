import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { commonFeedPaths, discoverFeeds } from '../../../../../main/core/ingest/discover'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'

const page = (name: string) => readFileSync(corpusPath('feeds', 'NetNewsWire/html-for-feed-discovery', name), 'utf8')
const fixturePage = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../fixtures/pages/${name}`, import.meta.url)), 'utf8')

describe('discoverFeeds on home pages as sites write them (fixtures)', () => {
  it.each([
    ['monthly-article.html', 'https://www.monthly.example/culture/archive/2025/02/harbour-lights/583201/', [
      { url: 'https://www.monthly.example/feed/all/', title: 'The Monthly', type: 'application/rss+xml' },
      { url: 'https://www.monthly.example/feed/best-of/', title: 'Best of The Monthly', type: 'application/rss+xml' },
    ]],
    ['studio-home.html', 'http://studio.example/', [{ url: 'http://studio.example/feed/', title: 'Studio News Feed', type: 'application/rss+xml' }]],
    ['weblog-home.html', 'http://weblog.example/', [{ url: 'http://weblog.example/xml/rss.xml', title: 'RSS', type: 'application/rss+xml' }]],
    ['column-home.html', 'https://fourcorners.example/', [{ url: 'http://feeds.relay.example/fourcorners', title: 'RSS', type: 'application/rss+xml' }]],
  ])('%s', (name, base, expected) => {
    expect(discoverFeeds(fixturePage(name), base)).toEqual(expected)
  })
})

describeCorpus('discoverFeeds on NetNewsWire’s home pages', () => {
  it.each([
    ['coco.html', 'https://www.theatlantic.com/entertainment/archive/2017/11/coco/546695/', [
      { url: 'https://www.theatlantic.com/feed/all/', title: 'The Atlantic', type: 'application/rss+xml' },
      { url: 'https://www.theatlantic.com/feed/best-of/', title: 'Best of The Atlantic', type: 'application/rss+xml' },
    ]],
    ['furbo.html', 'http://furbo.org/', [{ url: 'http://furbo.org/feed/', title: 'Iconfactory News Feed', type: 'application/rss+xml' }]],
    ['inessential.html', 'http://inessential.com/', [{ url: 'http://inessential.com/xml/rss.xml', title: 'RSS', type: 'application/rss+xml' }]],
    ['sixcolors.html', 'https://sixcolors.com/', [{ url: 'http://feedpress.me/sixcolors', title: 'RSS', type: 'application/rss+xml' }]],
  ])('%s', (name, base, expected) => {
    expect(discoverFeeds(page(name), base)).toEqual(expected)
  })
})

describe('discoverFeeds', () => {
  const html = (head: string, body = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`

  it('finds RSS, Atom and JSON Feed links, resolved and deduplicated, in order', () => {
    const found = discoverFeeds(
      html(`
        <link rel="alternate" type="application/rss+xml" title="  Main   feed " href="/feed/">
        <link rel="alternate" type="application/atom+xml" href="atom.xml">
        <link rel="alternate" type="application/feed+json" title="JSON" href="https://example.com/feed.json">
        <link rel="ALTERNATE" type="Application/RSS+XML; charset=utf-8" href="https://example.com/feed/">
        <link rel="alternate" type="application/rdf+xml" href="/index.rdf">`),
      'https://example.com/blog/post',
    )
    expect(found).toEqual([
      { url: 'https://example.com/feed/', title: 'Main feed', type: 'application/rss+xml' },
      { url: 'https://example.com/blog/atom.xml', title: '', type: 'application/atom+xml' },
      { url: 'https://example.com/feed.json', title: 'JSON', type: 'application/feed+json' },
      { url: 'https://example.com/index.rdf', title: '', type: 'application/rdf+xml' },
    ])
  })

  it('honours <base href>', () => {
    const found = discoverFeeds(html('<base href="https://cdn.example.net/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml">'), 'https://example.com/')
    expect(found.map((f) => f.url)).toEqual(['https://cdn.example.net/site/rss.xml'])
  })

  it('ignores stylesheets, icons, oEmbed, the WordPress REST API, commented-out links and javascript: hrefs', () => {
    const found = discoverFeeds(
      html(`
        <link rel="stylesheet" type="text/css" href="/style.css">
        <link rel="icon" href="/favicon.ico">
        <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
        <link rel="alternate" type="application/json" title="JSON" href="https://example.com/wp-json/wp/v2/pages/2">
        <!-- <link rel="alternate" type="application/rss+xml" href="/old-feed"> -->
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <link rel="alternate" hreflang="fr" href="/fr/">
        <link rel="alternate" type="application/json" title="JSON Feed" href="/feed.json">`),
      'https://example.com/',
    )
    expect(found).toEqual([{ url: 'https://example.com/feed.json', title: 'JSON Feed', type: 'application/json' }])
  })

  it('finds links placed in the body, and returns [] for a page without any', () => {
    expect(discoverFeeds(html('', '<link rel="alternate" type="application/atom+xml" href="/a.atom">'), 'https://e.x/').map((f) => f.url)).toEqual(['https://e.x/a.atom'])
    expect(discoverFeeds(html('<title>none</title>'), 'https://e.x/')).toEqual([])
    expect(discoverFeeds('', 'https://e.x/')).toEqual([])
  })
})

describe('commonFeedPaths', () => {
  it('lists the usual places at the root', () => {
    expect(commonFeedPaths('https://example.com/')).toEqual([
      'https://example.com/feed',
      'https://example.com/rss',
      'https://example.com/rss.xml',
      'https://example.com/atom.xml',
      'https://example.com/feed.xml',
      'https://example.com/index.xml',
      'https://example.com/feed.json',
    ])
  })

  it('tries a blog’s own folder first, then the root', () => {
    const paths = commonFeedPaths('https://example.com/blog/index.html?x=1')
    expect(paths.slice(0, 2)).toEqual(['https://example.com/blog/feed', 'https://example.com/blog/rss'])
    expect(paths).toContain('https://example.com/feed.json')
    expect(paths).toHaveLength(14)
    expect(commonFeedPaths('https://example.com/blog')[0]).toBe('https://example.com/blog/feed')
    // An article's deep path is not a site of its own.
    expect(commonFeedPaths('https://example.com/2024/05/17/a-post/')[0]).toBe('https://example.com/feed')
  })

  it('accepts a bare host name and refuses what is not a web address', () => {
    expect(commonFeedPaths('example.com')[0]).toBe('https://example.com/feed')
    expect(commonFeedPaths('mailto:me@example.com')).toEqual([])
    expect(commonFeedPaths('http://')).toEqual([])
  })
})
