// Storage figures (issue: storage whose cost does not grow with the library).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Library } from '../../main/core/library/library'
import { generateLibrary } from './generate-library'
import { NotesService } from '../../main/core/notes/notes-service'

type Emit = (name: string, value: number, unit: string) => void

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!
const gc = () => (globalThis as { gc?: () => void }).gc?.()

async function timeOpen(dataDir: string, runs = 7): Promise<{ open: number; full: number }> {
  const opens: number[] = []
  const fulls: number[] = []
  for (let i = 0; i < runs; i++) {
    gc()
    // Let the collector finish sweeping what the last run left (a whole 50k library):
    // swept lazily, that work would land inside this run's timing, which no app start has.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const t0 = performance.now()
    const lib = await Library.open({ dataDir, sample: false, search: null })
    // "Open" ends when the first screen of the list can be shown.
    await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 50 })
    const t1 = performance.now()
    await lib.ready()
    const t2 = performance.now()
    opens.push(t1 - t0)
    fulls.push(t2 - t0)
    await lib.close()
  }
  return { open: median(opens), full: median(fulls) }
}

async function timeHighlightSaves(dataDir: string, n = 200): Promise<number> {
  const lib = await Library.open({ dataDir, sample: false, search: null })
  await lib.ready()
  const notes = new NotesService(lib)
  const ids = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 500 })).items.map((a) => a.id)
  const times: number[] = []
  for (let i = 0; i < n + 10; i++) {
    const t = performance.now()
    // Through the notes service, as the app saves one: selectors computed from the stored text.
    await notes.addHighlight(ids[i % ids.length]!, { start: 10, end: 60, note: `Highlight ${i}` })
    if (i >= 10) times.push(performance.now() - t)
  }
  await lib.close()
  return p95(times)
}

async function timeCommentSaves(dataDir: string, n = 200): Promise<number> {
  const lib = await Library.open({ dataDir, sample: false, search: null })
  await lib.ready()
  const ids = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 500 })).items.map((a) => a.id)
  const times: number[] = []
  for (let i = 0; i < n + 10; i++) {
    const t = performance.now()
    await lib.notes.addComment(ids[i % ids.length]!, { name: 'Bench', text: `Comment ${i}: a considered thought about this article.` })
    if (i >= 10) times.push(performance.now() - t)
  }
  await lib.close()
  return p95(times)
}

export async function run(emit: Emit): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'offprint-bench-'))
  try {
    const empty = join(root, 'empty')
    const small = join(root, 'small')
    const big = join(root, 'big')
    await (await Library.open({ dataDir: empty, sample: false, search: null })).close()
    await generateLibrary(small, 100, { feeds: 5, batch: 100 })
    const gen = await generateLibrary(big, 50_000)
    emit('store_import_items_per_s', gen.itemsPerSecond, 'items/s')

    const e = await timeOpen(empty)
    const b = await timeOpen(big)
    emit('open_empty_ms', e.open, 'ms')
    emit('open_50k_ms', b.open, 'ms')
    emit('open_50k_ratio_to_empty', b.open / e.open, 'x')
    emit('open_50k_all_loaded_ms', b.full, 'ms')

    gc()
    const before = process.memoryUsage().heapUsed
    const lib = await Library.open({ dataDir: big, sample: false, search: null })
    await lib.ready()
    await lib.counts()
    gc()
    emit('core_heap_50k_mb', (process.memoryUsage().heapUsed - before) / 1024 / 1024, 'MB')
    emit('process_rss_50k_mb', process.memoryUsage().rss / 1024 / 1024, 'MB')
    const ids = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 300 })).items.map((a) => a.id)
    const stars: number[] = []
    for (let i = 0; i < 200; i++) {
      const t = performance.now()
      await lib.setStarred(ids[i % ids.length]!, i % 2 === 0)
      stars.push(performance.now() - t)
    }
    emit('star_toggle_p95_ms_50k', p95(stars), 'ms')
    await lib.close()

    const saveSmall = await timeCommentSaves(small)
    const saveBig = await timeCommentSaves(big)
    emit('comment_save_p95_ms_100', saveSmall, 'ms')
    emit('comment_save_p95_ms_50k', saveBig, 'ms')
    emit('comment_save_ratio_50k_to_100', saveBig / saveSmall, 'x')
    emit('highlight_save_p95_ms_50k', await timeHighlightSaves(big), 'ms')

    const cli = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url))
    const cliTimes: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      execFileSync(process.execPath, [cli, '--data', big, 'list', '--json', '--limit', '20'], { stdio: ['ignore', 'pipe', 'inherit'] })
      cliTimes.push(performance.now() - t)
    }
    emit('cli_list_50k_ms', median(cliTimes), 'ms')
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
