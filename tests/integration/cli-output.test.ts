// What the command line prints to a terminal: a feed's control characters and bidi
// overrides never reach it raw, and a reader that stops reading (`| head`) ends the
// command cleanly, with the library released.
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../helpers/tmp'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))

function offprint(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// ESC sequences that retitle the window and clear the screen, BEL, NUL, DEL, a right-to-left
// override and isolate: what a hostile feed puts in its title and text, as it is stored.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u0000Evil\u007f\u202eTitle\u2067'
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

function hostileLibrary() {
  const dir = tempDir()
  const data = join(dir, 'data')
  const feed = join(dir, 'feed.json')
  writeFileSync(
    feed,
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: `Feed ${HOSTILE}`,
      home_page_url: 'https://feed.example/',
      items: [{ id: '1', url: 'https://feed.example/a', title: `Article ${HOSTILE}`, content_text: `Quillwort grows here ${HOSTILE} among other words to read.` }],
    }),
  )
  const imported = offprint(['--data', data, 'import', feed])
  expect(imported.code, imported.stderr).toBe(0)
  return { data, imported }
}

describe('offprint output on a terminal', () => {
  it('list, feeds, show and search print a feed’s control and bidi characters as visible escapes', () => {
    const { data, imported } = hostileLibrary()
    const [article] = JSON.parse(offprint(['--data', data, 'search', 'quillwort', '--json']).stdout) as { id: string; title: string }[]
    expect(article!.title).toBe(`Article ${HOSTILE}`)

    const runs = {
      import: imported,
      list: offprint(['--data', data, 'list']),
      feeds: offprint(['--data', data, 'feeds']),
      show: offprint(['--data', data, 'show', article!.id]),
      search: offprint(['--data', data, 'search', 'quillwort']),
    }
    for (const [name, r] of Object.entries(runs)) {
      expect(r.code, name).toBe(0)
      expect(r.stdout, name).toContain('Evil')
      expect(r.stdout, name).not.toMatch(RAW)
      // Shown, not hidden: the reader sees that something was there.
      expect(r.stdout, name).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u0000Evil\\u007f\\u202eTitle\\u2067')
    }
  })

  it('JSON output keeps the exact text, with nothing raw for a terminal either', () => {
    const { data } = hostileLibrary()
    for (const args of [['list', '--json'], ['feeds', '--json'], ['search', 'quillwort', '--json']]) {
      const r = offprint(['--data', data, ...args])
      expect(r.code, args[0]).toBe(0)
      expect(r.stdout, args[0]).not.toMatch(RAW)
      expect(r.stdout, args[0]).toContain(JSON.stringify(HOSTILE).slice(1, -1).replace('\u007f', '\\u007f').replace('\u202e', '\\u202e').replace('\u2067', '\\u2067'))
      const titles = (JSON.parse(r.stdout) as { title: string }[]).map((x) => x.title)
      expect(titles.some((t) => t.endsWith(HOSTILE)), args[0]).toBe(true)
    }
  })

  it('error messages on stderr are escaped too', () => {
    const data = tempDir()
    // A message that quotes what it was given (here a value on the command line).
    const r = offprint(['--data', data, 'list', '--limit', `\u001b]0;pwned\u0007\u202e9`])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^offprint list: --limit must be a whole number/)
    expect(r.stderr).toContain("not '\\u001b]0;pwned\\u0007\\u202e9'")
    expect(r.stderr).not.toMatch(RAW)
  })
})

describe('offprint output into a pipe that closes early', () => {
  it('`offprint list | head -1`: the command ends cleanly, the library is released at once', async () => {
    const data = tempDir()
    // A first command makes the library (the sample), so the timed one only reads it.
    expect(offprint(['--data', data, 'stats']).code).toBe(0)
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--data', data, 'list', '--limit', '500'], { stdio: ['ignore', 'pipe', 'pipe'] })
    // The reader goes away before the first line: every write the command makes fails with EPIPE.
    child.stdout.destroy()
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    // Released, not left behind for the next program to find stale and take over.
    expect(existsSync(join(data, 'offprint.lock'))).toBe(false)
    const next = offprint(['--data', data, 'stats'])
    expect(next.stderr).toBe('')
    expect(next.code).toBe(0)
  })
})
