// The offprint command line, run as a user runs it, on a fresh data folder.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../helpers/tmp'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))

function offprint(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('offprint CLI', () => {
  it('lists the sample library in a new data folder, shows an article and its related items', () => {
    const data = tempDir()
    const list = offprint(['--data', data, 'list', '--json'])
    expect(list.code).toBe(0)
    const items = JSON.parse(list.stdout) as Record<string, unknown>[]
    expect(items.length).toBeGreaterThanOrEqual(12)
    expect(Object.keys(items[0]!).sort()).toEqual(['feedId', 'id', 'published', 'read', 'siteName', 'starred', 'title', 'url'])
    expect(new Date(items[0]!.published as string).toISOString()).toBe(items[0]!.published)
    const all = JSON.parse(offprint(['--data', data, 'list', '--json', '--limit', '1000']).stdout) as { id: string }[]
    const oldest = JSON.parse(offprint(['--data', data, 'list', '--json', '--oldest', '--limit', '1000']).stdout) as { id: string }[]
    expect(oldest.map((a) => a.id)).toEqual([...all].reverse().map((a) => a.id))

    const show = offprint(['--data', data, 'show', items[0]!.id as string, '--json'])
    expect(show.code).toBe(0)
    const article = JSON.parse(show.stdout)
    expect(Object.keys(article).sort()).toEqual(['author', 'feedId', 'html', 'id', 'published', 'read', 'siteName', 'starred', 'text', 'title', 'url'])
    expect(article.text.length).toBeGreaterThan(500)

    const related = offprint(['--data', data, 'related', items[0]!.id as string, '--json'])
    expect(related.code).toBe(0)
    const r = JSON.parse(related.stdout)
    expect(r.related.length).toBeGreaterThan(0)
    expect(Object.keys(r.related[0]).sort()).toEqual(['id', 'score', 'title'])
    expect(Object.keys(r.recent[0]).sort()).toEqual(['id', 'published', 'title'])
    expect(r.recent.some((x: { id: string }) => x.id === items[0]!.id)).toBe(false)
    expect(Array.isArray(r.readAlso)).toBe(true)
  })

  it('searches: ranked hits with snippets, phrases, filters, and a clear message for nothing found', () => {
    const data = tempDir()
    const r = offprint(['--data', data, 'search', 'seagrass', '--json'])
    expect(r.code).toBe(0)
    const hits = JSON.parse(r.stdout) as { id: string; title: string; score: number; snippet: string }[]
    expect(hits.length).toBeGreaterThan(2)
    expect(Object.keys(hits[0]!).sort()).toEqual(['id', 'score', 'snippet', 'title'])
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a))
    expect(hits[0]!.snippet.toLowerCase()).toContain('seagrass')
    const phrase = JSON.parse(offprint(['--data', data, 'search', '"heat pump"', '--json']).stdout) as { title: string }[]
    expect(phrase.length).toBeGreaterThan(0)
    expect(JSON.parse(offprint(['--data', data, 'search', 'seagrass', '--starred', '--json']).stdout)).toEqual([])
    const none = offprint(['--data', data, 'search', 'xylophonequartz'])
    expect(none.code).toBe(0)
    expect(none.stdout).toContain('No articles match.')
    expect(offprint(['--data', data, 'search']).code).toBe(2)
  })

  it('takes the data folder from OFFPRINT_DATA', () => {
    const data = tempDir()
    const r = offprint(['list', '--json', '--limit', '3'], { OFFPRINT_DATA: data })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toHaveLength(3)
  })

  it('fails with one line and a non-zero exit on bad ids, options and commands', () => {
    const data = tempDir()
    const cases: [string[], number, RegExp][] = [
      [['--data', data, 'show', 'nope'], 1, /^offprint show: No article with id nope\.\n$/],
      [['--data', data, 'related', 'nope', '--json'], 1, /No article with id nope/],
      [['--data', data, 'list', '--limit', '0'], 2, /--limit must be a whole number/],
      [['--data', data, 'list', '--unread', '--starred'], 2, /cannot be used together/],
      [['--data', data, 'list', '--bogus'], 2, /^offprint: Unknown option '--bogus'/],
      [['--data', data, 'frobnicate'], 2, /unknown command 'frobnicate'/],
      [['--data', data, 'show'], 2, /usage: offprint show ID/],
    ]
    for (const [args, code, message] of cases) {
      const r = offprint(args)
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stdout).toBe('')
    }
  })

  it('backs up, restores and reports stats without losing notes', async () => {
    const data = tempDir()
    const backup = `${tempDir()}/library.offprint`
    const { Library } = await import('../../main/core/library/library')
    const lib = await Library.open({ dataDir: data, search: null })
    const id = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.id
    await lib.notes.addComment(id, { name: 'Ada', text: 'Backed up with the library.' })
    await lib.close()

    expect(offprint(['--data', data, 'backup', backup]).code).toBe(0)
    const restoredInto = `${tempDir()}/restored`
    const r = offprint(['--data', restoredInto, 'restore', backup, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).articles).toBeGreaterThanOrEqual(12)
    const stats = JSON.parse(offprint(['--data', restoredInto, 'stats', '--json']).stdout)
    expect(stats.counts).toMatchObject({ comments: 1, annotatedArticles: 1 })
    expect(stats.counts.articles).toBeGreaterThanOrEqual(12)
    expect(stats.bytes.total).toBeGreaterThan(stats.bytes.index)

    // Restoring over an existing library keeps the old one aside.
    const again = offprint(['--data', restoredInto, 'restore', backup, '--json'])
    expect(JSON.parse(again.stdout).previous).toMatch(/before-restore/)
    const bad = offprint(['--data', restoredInto, 'restore', `${data}/library.json`])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/is not an Offprint backup/)
  })
})
