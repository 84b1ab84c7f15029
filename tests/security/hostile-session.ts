// A library in a temporary folder with the real ingest service and the bridge's
// dispatcher over it, as the app runs them, for the hostile-input tests: what a user
// would see is the dispatcher's Result (a clear one-line error, or what was stored).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect } from 'vitest'
import type { Result } from '../../common/bridge'
import { createDispatcher } from '../../main/core/bridge/dispatch'
import { createHandlers } from '../../main/core/bridge/handlers/index'
import type { Fetcher } from '../../main/core/ingest/fetcher'
import { createIngestService } from '../../main/core/ingest/service'
import { Library } from '../../main/core/library/library'
import { localFetcher, openLibrary } from '../integration/ingest-helpers'
import { tempDir } from '../helpers/tmp'

const opened: Library[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close().catch(() => {})))
})

/** `now`: the clock the library, its notes and the ingest service all read. */
export async function hostileSession(opts: { fetcher?: Fetcher; dataDir?: string; now?: () => Date } = {}) {
  let lib: Library
  if (opts.now) {
    lib = await Library.open({ dataDir: opts.dataDir ?? tempDir('offprint-session-'), sample: false, search: null, now: opts.now })
    opened.push(lib)
  } else lib = await openLibrary(opts.dataDir)
  const fetcher = opts.fetcher ?? localFetcher()
  const ingest = createIngestService(lib, { fetcher, now: opts.now })
  const untyped: unknown[] = []
  const dispatch = createDispatcher(createHandlers({ library: lib, ingest, openExternal: async () => false }), (err) => untyped.push(err))
  return { lib, ingest, dispatch, untyped }
}

/** The failure a user is shown: typed, one line, naming what failed. */
export function expectCleanError(result: Result<unknown>, mentions?: RegExp): string {
  expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(false)
  if (result.ok) return ''
  expect(['failed', 'invalid_input', 'not_found']).toContain(result.code)
  expect(result.message).not.toMatch(/\n/)
  expect(result.message.length).toBeLessThanOrEqual(400)
  if (mentions) expect(result.message).toMatch(mentions)
  return result.message
}

/** Every stored article with its body. */
export async function storedArticles(lib: Library) {
  const { items } = await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1_000_000 })
  return Promise.all(items.map((m) => lib.get(m.id)))
}

/** Files under `dir` whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile() && statSync(p).size < 200 * 2 ** 20 && readFileSync(p).includes(needle)) found.push(p)
    }
  }
  walk(dir)
  return found
}

/** Total size of the files under `dir`. */
export function folderBytes(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size
  }
  return total
}
