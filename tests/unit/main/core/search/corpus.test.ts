// Real article text from the shared corpus (Readability's expected output of
// real news pages, several languages), read in place.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseHTML } from 'linkedom'
import { doc, engineWith, ids } from './helpers'
import { tokenSpans } from '../../../../../main/core/search/tokenize'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'

function load() {
  const PAGES = corpusPath('pages')
  return readdirSync(PAGES)
    .filter((name) => existsSync(join(PAGES, name, 'expected.html')))
    .map((name) => {
      const html = readFileSync(join(PAGES, name, 'expected.html'), 'utf8')
      const meta = JSON.parse(readFileSync(join(PAGES, name, 'expected-metadata.json'), 'utf8')) as { title?: string; byline?: string; siteName?: string }
      const text = (parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body.textContent ?? '').replace(/\s+/g, ' ').trim()
      return doc({ id: name, title: meta.title ?? '', text, author: meta.byline ?? '', siteName: meta.siteName ?? '' })
    })
    .filter((d) => d.text.length > 500)
}

describeCorpus('search over real pages', () => {
  const pages = load()

  it('finds each page by five consecutive words from its middle, as a phrase', async () => {
    const e = await engineWith(pages)
    let found = 0
    for (const p of pages) {
      const spans = tokenSpans(p.text, true)
      const at = Math.floor(spans.length / 2)
      const phrase = spans.slice(at, at + 5).map((s) => p.text.slice(s.start, s.end)).join(' ')
      const hits = ids(e.search(`"${phrase}"`, { limit: 50 }))
      if (hits.includes(p.id)) found++
      else console.log(`not found: ${p.id} by "${phrase}"`)
    }
    expect(found).toBe(pages.length)
  })

  it('puts a page first when searched by its headline', async () => {
    const e = await engineWith(pages)
    const titled = pages.filter((p) => p.title.split(/\s+/).length >= 4)
    let first = 0
    for (const p of titled) if (ids(e.search(p.title, { limit: 3 }))[0] === p.id) first++
    console.log(`headline search: ${first}/${titled.length} first`)
    expect(first / titled.length).toBeGreaterThanOrEqual(0.9)
  })

  it('gives every hit a snippet of at most 240 characters that contains a match', async () => {
    const e = await engineWith(pages)
    for (const q of ['government', 'javascript', 'climate', 'firefox', 'président']) {
      for (const h of e.search(q, { limit: 20 }).hits) {
        expect(h.snippet.length).toBeLessThanOrEqual(240)
        expect(h.matches.length).toBeGreaterThan(0)
      }
    }
  })
})
