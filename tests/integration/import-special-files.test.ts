// `offprint import` given what is not a regular file: a folder, a device that never ends
// (/dev/zero) and a FIFO nobody writes to. Run as a user runs it, in a process of its
// own: each is refused in one line naming it, the files beside them still go in, and
// the command ends at once, with the library's lock released.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../main/core/library/folder-lock'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))

/** The CLI, killed after `timeout` ms (status null) if it has not ended by then. */
function offprint(args: string[], timeout: number) {
  const started = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started }
}

describe.runIf(process.platform === 'linux')('offprint import of files that are not files', () => {
  it('refuses a folder, /dev/zero and a FIFO in one line each, imports the page beside them, and ends at once', { timeout: 60_000 }, async () => {
    const data = tempDir('offprint-special-')
    const files = tempDir('offprint-special-files-')
    const folder = join(files, 'subscriptions.opml')
    mkdirSync(folder)
    const fifo = join(files, 'feed.xml')
    execFileSync('mkfifo', [fifo])
    const page = join(files, 'ferry.html')
    writeFileSync(page, `<!doctype html><html><head><title>The ferry keeps running</title></head><body><article><h1>The ferry keeps running</h1>${'<p>The harbour council voted to keep the morning crossing, after a winter of petitions from the island.</p>'.repeat(8)}</article></body></html>`)
    // An empty library (no sample articles), so the one listed below is the page.
    await (await Library.open({ dataDir: data, sample: false, search: null })).close()

    const r = offprint(['--data', data, 'import', folder, '/dev/zero', fifo, page, '--json'], 30_000)

    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `offprint import: ${folder} is a folder, not a file`,
      'offprint import: /dev/zero is a device, not a file',
      `offprint import: ${fifo} is a pipe (FIFO), not a file`,
    ])
    expect(JSON.parse(r.stdout)).toEqual([{ id: expect.any(String), title: 'The ferry keeps running' }])
    // tsx's start is most of it; reading /dev/zero to its 2 GB cap alone took longer.
    expect(r.ms).toBeLessThan(15_000)
    expect(existsSync(join(data, LOCK_FILE))).toBe(false)
    const list = offprint(['--data', data, 'list', '--json'], 30_000)
    expect(list.code, list.stderr).toBe(0)
    expect((JSON.parse(list.stdout) as { title: string }[]).map((a) => a.title)).toEqual(['The ferry keeps running'])
  })
})
