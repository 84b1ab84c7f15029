// Ingestion end to end, into the store: what a user waits for, not a parser in isolation.
//   ingest_feed_items_per_s  a generated 2,000-item feed (~1.5 KB of HTML and a thumbnail
//                            per item) served from 127.0.0.1, refreshed into a fresh library:
//                            fetch, decode, parse, sanitize, thumbnails downloaded and stored,
//                            duplicate checks, bodies and index written, search index updated.
//                            Floor 200/s, goal 2,000/s (DESIGN.md).
//   ingest_feed_items_no_images_per_s  the same feed without thumbnails.
//   ingest_pages_per_s       the page corpus imported as saved pages: extraction, sanitizing,
//                            images stored (served from memory), written. Goal ≥ 20/s.
// Median of 3 runs after a warm-up, each into a new library in a temporary folder.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Library } from '../../main/core/library/library'
import { createIngestService } from '../../main/core/ingest/service'
import type { Fetcher } from '../../main/core/ingest/fetcher'
import { generateRss } from './ingest-parse.bench'
import { hasCorpus, corpusPath, SKIPPED_LINE } from '../helpers/corpus'

type Emit = (name: string, value: number, unit: string) => void

const ITEMS = 2000
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const image = (key: string) => Buffer.concat([PNG, Buffer.from(key.padEnd(48, '.'))])

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]!
}

async function withLibrary<T>(fn: (lib: Library) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'offprint-bench-ingest-'))
  const lib = await Library.open({ dataDir: dir, sample: false })
  try {
    return await fn(lib)
  } finally {
    await lib.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function serve(handler: http.RequestListener): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(handler)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

async function feedItemsPerSecond(withImages: boolean): Promise<number> {
  let body = Buffer.alloc(0)
  const server = await serve((req, res) => {
    if (req.url === '/feed.xml') {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8')
      return res.end(body)
    }
    if (req.url?.startsWith('/img/')) {
      res.setHeader('content-type', 'image/png')
      return res.end(image(req.url))
    }
    res.statusCode = 404
    res.end()
  })
  const xml = generateRss(ITEMS, 7)
  body = Buffer.from(
    withImages ? xml.replaceAll('https://cdn.bench.example/', `${server.origin}/img/`) : xml.replace(/<media:thumbnail [^>]*\/>/g, ''),
  )
  const rates: number[] = []
  try {
    for (let run = 0; run < 4; run++) {
      const rate = await withLibrary(async (lib) => {
          const ingest = createIngestService(lib)
          await lib.addFeed({ title: 'Bench Daily', url: `${server.origin}/feed.xml` })
          const started = performance.now()
          const result = await ingest.refresh()
          await lib.flush()
          const seconds = (performance.now() - started) / 1000
          ingest.close()
          if (result.added !== ITEMS || result.failed.length) throw new Error(`refresh added ${result.added} of ${ITEMS}: ${JSON.stringify(result.failed)}`)
          if (withImages && !(await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.image) throw new Error('thumbnails were not stored')
          return ITEMS / seconds
        })
      if (run > 0) rates.push(rate) // the first run warms up the parser and the disk
    }
  } finally {
    await server.close()
  }
  return median(rates)
}

function pageCases(): { name: string; html: string }[] {
  const dir = corpusPath('pages')
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'source.html')))
    .map((name) => ({ name, html: readFileSync(join(dir, name, 'source.html'), 'utf8') }))
}

/** Images from memory: the figure is Offprint's work, not the network's. */
const memoryImages: Fetcher = {
  fetch: async (url) => {
    const bytes = new Uint8Array(image(url))
    return { status: 200, notModified: false, url, redirects: [], permanentRedirect: null, headers: { 'content-type': 'image/png' }, contentType: 'image/png', bytes }
  },
  close: () => {},
}

async function pagesPerSecond(): Promise<number> {
  const cases = pageCases()
  const rates: number[] = []
  for (let run = 0; run < 4; run++) {
    const rate = await withLibrary(async (lib) => {
      const ingest = createIngestService(lib, { fetcher: memoryImages })
      const started = performance.now()
      let saved = 0
      for (const c of cases) {
        const result = await ingest.importContent(`${c.name}.html`, c.html, { url: `http://fakehost/test/${c.name}.html` })
        saved += result.articles.length + result.duplicates
      }
      await lib.flush()
      const seconds = (performance.now() - started) / 1000
      if (saved !== cases.length) throw new Error(`saved ${saved} of ${cases.length} pages`)
      return cases.length / seconds
    })
    if (run > 0) rates.push(rate) // the first run warms up the extractor
  }
  return median(rates)
}

export async function run(emit: Emit): Promise<void> {
  emit('ingest_feed_items_per_s', await feedItemsPerSecond(true), 'items/s')
  emit('ingest_feed_items_no_images_per_s', await feedItemsPerSecond(false), 'items/s')
  // The page figure is over the real pages; the feed figures need no corpus.
  if (hasCorpus) emit('ingest_pages_per_s', await pagesPerSecond(), 'pages/s')
  else process.stderr.write(`bench ingest-store: ingest_pages_per_s not measured, ${SKIPPED_LINE}\n`)
}

// Run directly: npx tsx tests/bench/ingest-store.bench.ts
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run((name, value, unit) => console.log(`${name}: ${value.toFixed(1)} ${unit}`))
}
