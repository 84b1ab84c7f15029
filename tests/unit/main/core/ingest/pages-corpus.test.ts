// Extraction quality over the shared page corpus (mozilla/readability and Omnivore
// cases). Both suites parsed source.html as http://fakehost/test/page.html.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseHTML } from 'linkedom'
import { expect, it } from 'vitest'
import { extractPage, type ExtractedPage } from '../../../../../main/core/ingest/extract'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'
import { executableConstructs } from './pages-helpers'

const PAGE_URL = 'http://fakehost/test/page.html'

interface Expected {
  title?: string | null
  publishedTime?: string | null
  publishedDate?: string | null
}

function words(text: string): Map<string, number> {
  const bag = new Map<string, number>()
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1)
  return bag
}

/** F1 of two word multisets: 1 when the same words occur the same number of times. */
function wordBagF1(got: string, want: string): number {
  const a = words(got)
  const b = words(want)
  let common = 0
  let na = 0
  let nb = 0
  for (const n of a.values()) na += n
  for (const n of b.values()) nb += n
  for (const [w, n] of a) common += Math.min(n, b.get(w) ?? 0)
  if (na === 0 && nb === 0) return 1
  if (common === 0) return 0
  const precision = common / na
  const recall = common / nb
  return (2 * precision * recall) / (precision + recall)
}

const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim()

interface Row {
  name: string
  page: ExtractedPage | null
  error: string
  expected: Expected
  f1: number
  titleOk: boolean
}

function runCorpus(): Row[] {
  const dir = corpusPath('pages')
  const rows: Row[] = []
  for (const name of readdirSync(dir).sort()) {
    const caseDir = join(dir, name)
    if (!existsSync(join(caseDir, 'source.html'))) continue
    const source = readFileSync(join(caseDir, 'source.html'), 'utf8')
    const expected = JSON.parse(readFileSync(join(caseDir, 'expected-metadata.json'), 'utf8')) as Expected
    const { document } = parseHTML(`<!doctype html><html><body>${readFileSync(join(caseDir, 'expected.html'), 'utf8')}</body></html>`)
    const wantText = document.body.textContent ?? ''
    let page: ExtractedPage | null = null
    let error = ''
    try {
      page = extractPage(source, PAGE_URL)
    } catch (err) {
      error = String(err)
    }
    rows.push({
      name,
      page,
      error,
      expected,
      f1: page ? wordBagF1(page.text, wantText) : 0,
      titleOk: page !== null && squash(page.title) === squash(expected.title),
    })
  }
  return rows
}

describeCorpus('extractPage over the page corpus', () => {
  const rows = runCorpus()
  const titleRate = rows.filter((r) => r.titleOk).length / rows.length
  const meanF1 = rows.reduce((sum, r) => sum + r.f1, 0) / rows.length

  it('reports its figures', () => {
    const weak = rows.filter((r) => r.f1 < 0.9 || !r.titleOk)
    console.log(
      `pages: ${rows.length}, extracted: ${rows.filter((r) => r.page).length}, ` +
        `title match: ${rows.filter((r) => r.titleOk).length}/${rows.length} (${(titleRate * 100).toFixed(1)}%), ` +
        `text F1 mean: ${meanF1.toFixed(3)}, min: ${Math.min(...rows.map((r) => r.f1)).toFixed(3)}\n` +
        weak.map((r) => `  ${r.name}: F1 ${r.f1.toFixed(3)}${r.titleOk ? '' : `, title ${JSON.stringify(r.page?.title)} ≠ ${JSON.stringify(r.expected.title)}`}${r.error ? `, ${r.error}` : ''}`).join('\n'),
    )
    expect(rows.length).toBeGreaterThanOrEqual(50)
  })

  it('matches the expected title on at least 95% of pages', () => {
    expect(titleRate).toBeGreaterThanOrEqual(0.95)
  })

  it('extracts the expected text (word-bag F1 mean ≥ 0.9)', () => {
    expect(meanF1).toBeGreaterThanOrEqual(0.9)
  })

  it('returns sanitized HTML with absolute links and nothing executable', () => {
    for (const r of rows) {
      if (!r.page) continue
      expect(executableConstructs(r.page.html), r.name).toEqual([])
      const { document } = parseHTML(`<html><body>${r.page.html}</body></html>`)
      for (const el of document.querySelectorAll('[href], [src]'))
        expect(el.getAttribute('href') ?? el.getAttribute('src'), r.name).toMatch(/^(https?:|mailto:|data:image\/)/)
    }
  })

  it('finds the publication date where the page states one', () => {
    let stated = 0
    let found = 0
    for (const r of rows) {
      const want = r.expected.publishedTime ?? r.expected.publishedDate
      if (!want || !r.page) continue
      stated++
      if (r.page.published && Date.parse(r.page.published) === Date.parse(want)) found++
      else console.log(`  published ${r.name}: ${JSON.stringify(r.page.published)} vs ${JSON.stringify(want)}`)
      if (r.page.published) expect(r.page.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    }
    console.log(`published date: ${found}/${stated} of the pages whose expectation states one`)
    expect(found / stated).toBeGreaterThanOrEqual(0.85)
  })
})
