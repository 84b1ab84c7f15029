// Turning a selection in the rendered article into the plain-text offsets the core
// anchors highlights to, and painting stored highlights back onto the page. The
// rendered text here is what a browser's DOM holds (the text nodes, in order), taken
// from linkedom; the plain text is the core's own htmlToText of the same HTML.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { htmlToLines as htmlToText } from '../../../../../main/core/library/text'
import { sanitizeHtml } from '../../../../../main/core/ingest/sanitize'
import { alignText, findQuote, plainToRendered, renderedToPlain } from '../../../../../renderer/features/notes/text-map'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'

/** The text a browser shows for the HTML: its text nodes, concatenated (= body.textContent). */
function renderedText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body><div id="b">${html}</div></body></html>`)
  return document.getElementById('b')!.textContent ?? ''
}

/** A selection of `words` in the rendered text, as the user would make it. */
function select(rendered: string, words: string, from = 0) {
  const start = rendered.indexOf(words, from)
  if (start < 0) throw new Error(`not rendered: ${words}`)
  return { start, end: start + words.length }
}

function roundTrip(html: string, words: string) {
  const rendered = renderedText(html)
  const plain = htmlToText(html)
  const al = alignText(rendered, plain)
  const range = renderedToPlain(al, rendered, plain, select(rendered, words))
  return { rendered, plain, al, range }
}

describe('selection to plain-text offsets', () => {
  it('maps a selection inside one paragraph exactly', () => {
    const html = '<h2>Harbor board votes</h2>\n<p>The board voted on <b>Tuesday</b> to replace moorings.</p>\n<p>Second paragraph.</p>'
    const { plain, range } = roundTrip(html, 'voted on Tuesday to')
    expect(plain.slice(range!.start, range!.end)).toBe('voted on Tuesday to')
  })

  it('spans paragraphs: the plain text has one newline where the page had markup and source whitespace', () => {
    const html = '<p>Ends here.</p>\n\n   <blockquote><p>Starts   there,\n with   spaces</p></blockquote>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    // From "here." in the first block to "there" in the quote, as a drag would select.
    const start = rendered.indexOf('here.')
    const range = renderedToPlain(alignText(rendered, plain), rendered, plain, { start, end: rendered.indexOf('there') + 5 })
    // A newline in the source stays one in the plain text, where the page shows a space.
    expect(plain).toBe('Ends here.\nStarts there,\nwith spaces')
    expect(plain.slice(range!.start, range!.end)).toBe('here.\nStarts there')
  })

  it('trims whitespace at the edges of a selection', () => {
    const html = '<p>alpha beta gamma</p>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    const range = renderedToPlain(alignText(rendered, plain), rendered, plain, { start: 5, end: 11 })
    expect(plain.slice(range!.start, range!.end)).toBe('beta')
  })

  it('handles entities and non-breaking spaces as the core decodes them', () => {
    const html = '<p>Fish &amp; chips&nbsp;cost &pound;5 &#8212; “cheap”</p>'
    const { plain, range } = roundTrip(html, 'chips\u00a0cost £5 — “cheap”')
    expect(plain.slice(range!.start, range!.end)).toBe('chips cost £5 — “cheap”')
  })

  it('returns null for a selection of whitespace only', () => {
    const html = '<p>one</p>\n\n<p>two</p>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    const gap = rendered.indexOf('\n\n')
    expect(renderedToPlain(alignText(rendered, plain), rendered, plain, { start: gap, end: gap + 2 })).toBeNull()
  })

  it('stays in step where the page shows text the core does not have', () => {
    // An entity the core leaves undecoded (HTML 5's, not HTML 4's): the page shows "ě", the plain text "&ecaron;".
    const html = '<p>Caf&ecaron; owners said the caf&ecaron; opened at nine.</p><p>Later the mayor arrived.</p>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    expect(plain).toContain('&ecaron;')
    const al = alignText(rendered, plain)
    const after = renderedToPlain(al, rendered, plain, select(rendered, 'the mayor arrived'))
    expect(plain.slice(after!.start, after!.end)).toBe('the mayor arrived')
    // A selection over the disagreement still lands on the right words, found by quote.
    const across = renderedToPlain(al, rendered, plain, select(rendered, 'owners said'))
    expect(plain.slice(across!.start, across!.end)).toBe('owners said')
  })

  it('picks the occurrence the user selected when the words repeat', () => {
    const html = '<p>the tide</p><p>and the tide</p><p>and the tide again</p>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    const al = alignText(rendered, plain)
    const third = rendered.lastIndexOf('the tide')
    const range = renderedToPlain(al, rendered, plain, { start: third, end: third + 8 })
    expect(range!.start).toBe(plain.lastIndexOf('the tide'))
  })
})

describe('painting highlights on the page', () => {
  it('maps a stored range back onto the same rendered words', () => {
    const html = '<h1>Title</h1>\n<p>The harbor board voted on Tuesday.</p>\n<ul><li>one</li><li>two items</li></ul>'
    const rendered = renderedText(html)
    const plain = htmlToText(html)
    const al = alignText(rendered, plain)
    const start = plain.indexOf('Tuesday.\none\ntwo')
    const painted = plainToRendered(al, rendered, plain, { start, end: start + 'Tuesday.\none\ntwo'.length })
    // List items touch in the page's text nodes ("onetwo"): the same characters, other spacing.
    expect(rendered.slice(painted!.start, painted!.end)).toBe('Tuesday.</p>\n<ul><li>one</li><li>two'.replace(/<[^>]+>/g, ''))
  })

  it('finds a highlight by its quote when its range falls where the texts disagree', () => {
    const rendered = 'A café by the sea opened today.'
    const plain = 'A caf&eacute; by the sea opened today.'
    const al = alignText(rendered, plain)
    const start = plain.indexOf('caf&eacute; by')
    const painted = plainToRendered(al, rendered, plain, { start, end: start + 14 }, 'café by')
    expect(rendered.slice(painted!.start, painted!.end)).toBe('café by')
  })
})

describe('findQuote', () => {
  it('ignores whitespace differences and prefers the occurrence nearest the hint', () => {
    const text = 'red fish\nblue fish. red  fish blue fish.'
    const near = findQuote(text, 'red fish blue', 20)
    expect(near).toEqual({ start: 20, end: 34 })
    expect(findQuote(text, 'red fish blue', 0)).toEqual({ start: 0, end: 13 })
    expect(findQuote(text, 'green')).toBeNull()
  })
})

describeCorpus('real article pages', () => {
  const PAGES = corpusPath('pages')
  const pages = readdirSync(PAGES).filter((d) => existsSync(join(PAGES, d, 'expected.html')))

  it('every word of every corpus article maps to the same word in the plain text', () => {
    let checked = 0
    for (const name of pages) {
      const html = sanitizeHtml(readFileSync(join(PAGES, name, 'expected.html'), 'utf8'), 'http://fakehost/test/page.html')
      const rendered = renderedText(html)
      const plain = htmlToText(html)
      const al = alignText(rendered, plain)
      // The two texts are the same article: every visible character has its twin.
      expect(al.unmatched, name).toBe(0)
      // Sampled selections of three words land on those three words.
      const words = [...rendered.matchAll(/\S+\s+\S+\s+\S+/g)]
      for (let i = 0; i < words.length; i += Math.max(1, Math.floor(words.length / 40))) {
        const m = words[i]!
        const range = renderedToPlain(al, rendered, plain, { start: m.index, end: m.index + m[0].length })
        // Whitespace may differ (the core drops some that the page shows), never the words.
        expect(plain.slice(range!.start, range!.end).replace(/\s+/g, ''), name).toBe(m[0].replace(/\s+/g, ''))
        const back = plainToRendered(al, rendered, plain, range!)
        expect(rendered.slice(back!.start, back!.end), name).toBe(m[0].trim())
        checked++
      }
    }
    expect(checked).toBeGreaterThan(500)
  })
})

describe('property: any selection of whole words survives the round trip', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9’'“”—,.;:!?é]{1,9}$/)
  const inline = fc.oneof(
    word,
    word.map((w) => `<b>${w}</b>`),
    word.map((w) => `<a href="https://x.example/">${w}</a>`),
    word.map((w) => `${w}&amp;`),
    fc.constant('&nbsp;'),
  )
  const para = fc
    .tuple(fc.array(inline, { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', '  ', '\n '))
    .map(([ws, gap]) => ws.join(gap))
  const block = fc.oneof(
    para.map((p) => `<p>${p}</p>`),
    para.map((p) => `<h3>${p}</h3>`),
    fc.array(para, { minLength: 1, maxLength: 3 }).map((ps) => `<ul>${ps.map((p) => `<li>${p}</li>`).join('\n')}</ul>`),
    para.map((p) => `<blockquote><p>${p}</p></blockquote>`),
    para.map((p) => `<p>${p}<br>${p}</p>`),
  )
  const doc = fc.array(block, { minLength: 1, maxLength: 8 }).map((bs) => bs.join('\n'))

  it('maps to plain text holding the same characters, and back to the same rendered words', () => {
    fc.assert(
      fc.property(doc, fc.nat(), fc.nat(), (html, a, b) => {
        const rendered = renderedText(html)
        const plain = htmlToText(html)
        const al = alignText(rendered, plain)
        expect(al.unmatched).toBe(0)
        const words = [...rendered.matchAll(/\S+/g)]
        if (words.length === 0) return
        const i = a % words.length
        const j = i + (b % Math.min(6, words.length - i))
        const start = words[i]!.index
        const end = words[j]!.index + words[j]![0].length
        const range = renderedToPlain(al, rendered, plain, { start, end })!
        expect(plain.slice(range.start, range.end).replace(/\s+/g, '')).toBe(rendered.slice(start, end).replace(/\s+/g, ''))
        const back = plainToRendered(al, rendered, plain, range)!
        expect(back).toEqual({ start, end })
      }),
      { numRuns: 300 },
    )
  })
})
