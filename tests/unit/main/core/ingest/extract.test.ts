import { readFileSync } from 'node:fs'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { extractPage, htmlToParagraphs as htmlToText, normalizeDate } from '../../../../../main/core/ingest/extract'
import { executableConstructs, fixture } from './pages-helpers'

const URL = 'https://courier.example/news/2024/03/ferry-vote'
const NEWS = readFileSync(fixture('news-page.html'), 'utf8')

// The same page with the "Recent articles" widget and the reply form moved inside the
// article's own container, where Readability's scoring alone would keep them.
const NEWS_CHROME_INSIDE = (() => {
  const start = NEWS.indexOf('<div class="post-tags">')
  const end = NEWS.indexOf('</form>') + '</form>\n        </div>'.length
  const chrome = NEWS.slice(start, end)
  const withoutChrome = NEWS.slice(0, start) + NEWS.slice(end)
  const marker = '<div class="ad-slot">'
  return withoutChrome.replace(marker, `${chrome}\n${marker}`)
})()

function parts(html: string) {
  const { document } = parseHTML(`<html><body>${html}</body></html>`)
  return document
}

describe.each([
  ['as published', NEWS],
  ['with the chrome inside the article container', NEWS_CHROME_INSIDE],
])('extractPage on a news page %s', (_label, source) => {
  const page = extractPage(source, URL)
  const doc = parts(page.html)

  it('reads the metadata', () => {
    expect(page.title).toBe('Harbour town votes to keep its ferry')
    expect(page.byline).toBe('Maren Holt')
    expect(page.siteName).toBe('The Coastal Courier')
    expect(page.published).toBe('2024-03-14T07:30:00.000Z')
    expect(page.lang).toBe('en-GB')
    expect(page.excerpt).toMatch(/^Residents of Port Alder voted/)
  })

  it('keeps the body, sub-headings, quote and image', () => {
    expect(page.text).toContain('Residents of Port Alder voted by a wide margin on Tuesday')
    expect(page.text).toContain('a review of passenger numbers every six months')
    const headings: string[] = []
    for (const h of doc.querySelectorAll('h2')) headings.push(h.textContent ?? '')
    expect(headings).toEqual(['A lifeline in the dark months', 'What happens to the budget now', 'Next steps'])
    expect(doc.querySelector('blockquote')?.textContent).toMatch(/Without the winter crossings/)
    expect(doc.querySelector('img')?.getAttribute('src')).toBe('https://courier.example/images/ferry-at-dawn.jpg')
  })

  it('keeps the inline "Read also" link as a link', () => {
    let readAlso = null
    for (const p of doc.querySelectorAll('p')) if (p.textContent?.startsWith('Read also:')) readAlso = p
    expect(readAlso).not.toBeNull()
    const link = readAlso!.querySelector('a')
    expect(link?.textContent).toBe('Council budget gap widens as fuel costs rise')
    expect(link?.getAttribute('href')).toBe('https://courier.example/news/2024/02/council-budget-gap-widens')
  })

  it('drops related news, recent articles, the reply form, sharing and ads', () => {
    for (const chrome of [
      'Related news', 'Ferry timetable consultation opens', 'Recent articles', 'Lifeboat crew honoured',
      'Leave a reply', 'Please enter your comment', 'Please enter your name here', 'Post Comment',
      'will not be published', 'Facebook', 'Twitter', 'Advertisement', 'News Sport Opinion', 'All rights reserved',
    ])
      expect(page.text, chrome).not.toContain(chrome)
    expect(doc.querySelector('form, input, textarea, button')).toBeNull()
    expect(page.html).not.toContain('ads.example')
  })

  it('keeps the article paragraph that follows the related block', () => {
    expect(page.text).toContain('Councillor Peter Lund, who proposed the cuts, said he accepted the result.')
  })

  it('returns sanitized HTML', () => {
    expect(executableConstructs(page.html)).toEqual([])
    expect(page.html).not.toMatch(/class=|id=|style=/)
  })
})

describe('extractPage', () => {
  const body = (extra: string) =>
    `<html><head><title>T</title></head><body><article><h1>T</h1>${extra}${'<p>The quick brown fox jumps over the lazy dog, again and again, on every page of this test article. </p>'.repeat(8)}</article></body></html>`

  it('throws an IngestError naming the address when there is no article', () => {
    const url = 'https://empty.example/x'
    let error: unknown
    try {
      extractPage('<html><head><title>x</title></head><body></body></html>', url)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(IngestError)
    expect((error as IngestError).message).toBe(`No readable article found in ${url}`)
    expect((error as IngestError).source).toBe(url)
  })

  it('resolves links against the page address, or its <base>', () => {
    const page = extractPage(body('<p>See <a href="other.html">this other page of the site for more</a>.</p>'), 'https://a.example/dir/page.html')
    expect(page.html).toContain('href="https://a.example/dir/other.html"')
    const withBase = extractPage(body('<p>See <a href="other.html">this other page of the site for more</a>.</p>').replace('<head>', '<head><base href="/root/">'), 'https://a.example/dir/page.html')
    expect(withBase.html).toContain('href="https://a.example/root/other.html"')
  })

  it('promotes lazy images and drops script links', () => {
    const page = extractPage(
      body('<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/real.jpg" alt="Real"> <a href="javascript:void(0)">menu</a> text text text text text.</p>'),
      'https://a.example/p',
    )
    expect(page.html).toContain('src="https://a.example/img/real.jpg"')
    expect(page.html).not.toContain('javascript')
  })

  it('reads the published date from the sources pages use', () => {
    const cases: [string, string][] = [
      ['<meta property="article:published_time" content="2021-05-06T10:00:00Z">', '2021-05-06T10:00:00.000Z'],
      ['<meta name="parsely-pub-date" content="2021-05-06T10:00:00-04:00">', '2021-05-06T14:00:00.000Z'],
      ['<meta name="DC.date.issued" content="2021-05-06">', '2021-05-06T00:00:00.000Z'],
      ['<meta itemprop="datePublished" content="2021-05-06T10:00:00Z">', '2021-05-06T10:00:00.000Z'],
      ['<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":"NewsArticle","datePublished":"2021-05-06T10:00:00Z"}]}</script>', '2021-05-06T10:00:00.000Z'],
    ]
    for (const [head, want] of cases) expect(extractPage(body('').replace('<head>', `<head>${head}`), 'https://a.example/p').published, head).toBe(want)
    expect(extractPage(body('<p>Posted <time datetime="2020-02-03T04:05:06Z">Feb 3</time></p>'), 'https://a.example/p').published).toBe('2020-02-03T04:05:06.000Z')
    expect(extractPage(body(''), 'https://a.example/p').published).toBe('')
  })

  it('falls back to the host name for the site name', () => {
    expect(extractPage(body(''), 'https://www.paper.example/p').siteName).toBe('paper.example')
  })
})

describe('normalizeDate', () => {
  it('accepts the formats pages use and refuses nonsense', () => {
    expect(normalizeDate('2024-03-14T08:30:00+01:00')).toBe('2024-03-14T07:30:00.000Z')
    expect(normalizeDate('20240314')).toBe('2024-03-14T00:00:00.000Z')
    expect(normalizeDate('1710405000')).toBe('2024-03-14T08:30:00.000Z')
    expect(normalizeDate('Thu, 14 Mar 2024 08:30:00 GMT')).toBe('2024-03-14T08:30:00.000Z')
    expect(normalizeDate('yesterday')).toBe('')
    expect(normalizeDate('0000-00-00')).toBe('')
    expect(normalizeDate('2999-01-01')).toBe('')
    expect(normalizeDate('')).toBe('')
  })
})

describe('htmlToText', () => {
  it('separates blocks and keeps inline text together', () => {
    expect(htmlToText('<h2>Head</h2><p>One <a href="x">two</a>\n three</p><ul><li>a</li><li>b</li></ul><p>x<br>y</p>')).toBe('Head\n\nOne two three\n\na\n\nb\n\nx\ny')
  })
})
