// Full-page extraction and sanitizing speed over the shared page corpus
// (54 real article pages). Budget (DESIGN.md): ≥ 20 pages/s; sanitizing ~20 MB/s.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { extractPage } from '../../main/core/ingest/extract'
import { sanitizeHtml } from '../../main/core/ingest/sanitize'
import { hasCorpus, corpusPath, SKIPPED_LINE } from '../helpers/corpus'

const PAGE_URL = 'http://fakehost/test/page.html'


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export async function run(emit: (name: string, value: number, unit: string) => void): Promise<void> {
  // Every figure here is over the real pages: without the corpus there is nothing to time.
  if (!hasCorpus) {
    process.stderr.write(`bench ingest-pages: ${SKIPPED_LINE}\n`)
    return
  }
  const dir = corpusPath('pages')
  const cases = readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'source.html')))
    .map((name) => ({
      source: readFileSync(join(dir, name, 'source.html'), 'utf8'),
      article: readFileSync(join(dir, name, 'expected.html'), 'utf8'),
    }))

  // Warm-up: the first pass pays for JIT and module initialisation.
  for (const c of cases) extractPage(c.source, PAGE_URL)

  const extractRates: number[] = []
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now()
    for (const c of cases) extractPage(c.source, PAGE_URL)
    extractRates.push(cases.length / ((performance.now() - started) / 1000))
  }
  emit('page_extract_pages_per_s', median(extractRates), 'pages/s')

  const articleBytes = cases.reduce((n, c) => n + Buffer.byteLength(c.article), 0)
  const sanitizeRates: number[] = []
  for (let pass = 0; pass < 5; pass++) {
    const started = performance.now()
    for (const c of cases) sanitizeHtml(c.article, PAGE_URL)
    sanitizeRates.push(articleBytes / (1024 * 1024) / ((performance.now() - started) / 1000))
  }
  emit('sanitize_mb_per_s', median(sanitizeRates), 'MB/s')
}

// Run directly: npx tsx tests/bench/ingest-pages.bench.ts
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run((name, value, unit) => console.log(`${name}: ${value.toFixed(2)} ${unit}`))
}
