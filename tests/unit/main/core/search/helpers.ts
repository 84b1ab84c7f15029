import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { SearchEngine, type SearchDoc } from '../../../../../main/core/search/index'
import type { Tuning } from '../../../../../main/core/search/engine'

const dirs: string[] = []
const engines: SearchEngine[] = []

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close().catch(() => {})
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A fresh directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'offprint-search-'))
  dirs.push(dir)
  return dir
}

/** Opens an engine that is closed after the test (closing twice is harmless). */
export async function open(dir: string, tuning?: Partial<Tuning>): Promise<SearchEngine> {
  const e = await SearchEngine.open(dir, tuning)
  engines.push(e)
  return e
}

export async function engineWith(docs: Partial<SearchDoc>[], dir = tempDir()): Promise<SearchEngine> {
  const e = await open(dir)
  await e.rebuild(docs.map(doc))
  return e
}

let n = 0
export function doc(d: Partial<SearchDoc>): SearchDoc {
  return {
    id: d.id ?? `d${++n}`,
    title: d.title ?? '',
    text: d.text ?? '',
    author: d.author ?? '',
    siteName: d.siteName ?? '',
    feedId: d.feedId === undefined ? 'feed-a' : d.feedId,
    published: d.published ?? '2025-01-01T00:00:00Z',
    notes: d.notes ?? '',
  }
}

export function ids(result: { hits: { id: string }[] }): string[] {
  return result.hits.map((h) => h.id)
}
