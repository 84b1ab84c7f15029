// Where the shared test corpus (real feeds, OPML files and pages) is, if anywhere.
// CI clones the repository with the shared folder beside it, so the corpus is at
// ../shared/corpus from the repository root; OFFPRINT_CORPUS names another folder.
// A clone of the repository alone has no corpus: its suites are skipped, every other
// test runs on the project's own fixtures (tests/fixtures), and the run says so in one
// line (`setup`, vitest's global setup, prints it once per run rather than per file).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function locate(): string | null {
  const named = process.env.OFFPRINT_CORPUS
  if (named) {
    // A folder named on purpose and missing is a mistake, not a reason to skip quietly.
    const dir = resolve(named)
    if (!existsSync(dir)) throw new Error(`OFFPRINT_CORPUS=${named}: no such folder`)
    return dir
  }
  const beside = join(root, '..', 'shared', 'corpus')
  return existsSync(beside) ? beside : null
}

/** The corpus folder, or null when this checkout has none. */
export const CORPUS_DIR: string | null = locate()

export const hasCorpus = CORPUS_DIR !== null

/** The one line a run without the corpus prints. */
export const SKIPPED_LINE = 'corpus suites skipped: no ../shared/corpus (put the shared corpus there or set OFFPRINT_CORPUS=DIR to run them)'

/**
 * A path inside the corpus. Only for corpus suites (describeCorpus, itCorpus), which
 * run only where the corpus is; anywhere else this throws.
 */
export function corpusPath(...parts: string[]): string {
  if (!CORPUS_DIR) throw new Error(`${SKIPPED_LINE} — corpusPath() called outside a corpus suite`)
  return join(CORPUS_DIR, ...parts)
}

/**
 * A suite over the real corpus. Without the corpus its body is never run (it may read
 * corpus files as it is collected): a single skipped test stands in for it.
 */
export function describeCorpus(name: string, body: () => void): void {
  if (hasCorpus) describe(name, body)
  else describe.skip(name, () => it('needs the shared corpus', () => {}))
}

/** One test over the real corpus inside an ordinary suite; skipped without the corpus. */
export function itCorpus(name: string, fn: () => unknown, timeout?: number): void {
  it.skipIf(!hasCorpus)(name, fn, timeout)
}

/** Vitest global setup (vitest.config.ts): the skip line, once per run. */
export function setup(): void {
  if (!hasCorpus) console.log(SKIPPED_LINE)
}
