// Builds a large, realistic library for benchmarks and tests, through the same
// Library.addArticles path that ingestion uses (so its speed is the import figure).
//   node --import tsx tests/bench/generate-library.ts DIR [COUNT]
import { Library } from '../../main/core/library/library'
import { makeArticle } from '../helpers/articles'

export async function generateLibrary(dataDir: string, count: number, opts: { feeds?: number; batch?: number } = {}): Promise<{ seconds: number; itemsPerSecond: number }> {
  const lib = await Library.open({ dataDir, sample: false, search: null })
  const feedCount = opts.feeds ?? 50
  const batch = opts.batch ?? 2500
  const feeds = []
  const folder = await lib.addFolder('News')
  for (let f = 0; f < feedCount; f++) {
    feeds.push(await lib.addFeed({ title: `Feed ${f}`, url: `https://feed${f}.example/rss`, siteUrl: `https://feed${f}.example/`, folderId: f % 2 ? folder.id : null }))
  }
  const started = performance.now()
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i)
    // One feed per batch, as a refresh adds one feed's items at a time.
    const feed = feeds[(i / batch) % feedCount]!
    await lib.addArticles(feed.id, Array.from({ length: n }, (_, k) => makeArticle(i + k)))
  }
  const seconds = (performance.now() - started) / 1000
  await lib.close()
  return { seconds, itemsPerSecond: count / seconds }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const dir = process.argv[2]
  if (!dir) {
    console.error('usage: generate-library.ts DIR [COUNT]')
    process.exit(2)
  }
  const n = Number(process.argv[3] ?? 50_000)
  const r = await generateLibrary(dir, n)
  console.log(`generated ${n} articles in ${dir} (${r.seconds.toFixed(1)} s, ${Math.round(r.itemsPerSecond)} items/s)`)
}
