// Child process for the kill-during-refresh test: opens the library as the app does
// (search included), refreshes every feed from the test's local server over and over,
// and writes a comment between refreshes, printing a line for each comment only once
// the library said it was saved. The parent kills it with SIGKILL at a random moment.
import { IngestError } from '../../main/core/ingest/errors'
import { createFetcher, type Fetcher } from '../../main/core/ingest/fetcher'
import { createIngestService } from '../../main/core/ingest/service'
import { Library } from '../../main/core/library/library'

const [dataDir, seed] = [process.argv[2]!, Number(process.argv[3] ?? 1)]
const inner = createFetcher({ timeoutMs: 5000 })
// Only the parent's server on 127.0.0.1 may be reached.
const fetcher: Fetcher = {
  fetch: (url, opts) => (new URL(url).hostname === '127.0.0.1' ? inner.fetch(url, opts) : Promise.reject(new IngestError(`Offline in tests: ${url}`, url))),
  close: () => inner.close(),
}
const lib = await Library.open({ dataDir, sample: false })
const ingest = createIngestService(lib, { fetcher, concurrency: 4 })
process.stdout.write('ready\n')

for (let round = 0; ; round++) {
  const result = await ingest.refresh(undefined, (step) => {
    if (step.feedId) process.stdout.write(`feed ${step.done}\n`)
  })
  process.stdout.write(`refreshed ${result.added} ${result.updated} ${result.failed.length}\n`)
  const { items } = await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 50 })
  const target = items[(seed * 7 + round) % items.length]
  if (target) {
    const c = await lib.notes.addComment(target.id, { name: 'Killed', text: `Written in round ${seed}.${round}` })
    process.stdout.write(`saved ${target.id} ${c.id}\n`)
  }
}
