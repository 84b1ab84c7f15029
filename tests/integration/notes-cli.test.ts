// The notes commands, run as a user runs them: comments and replies, highlights,
// export and import, and the messages for what is wrong.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../helpers/tmp'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))

function offprint(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function json<T>(r: { code: number | null; stdout: string; stderr: string }): T {
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as T
}

interface Tree {
  id: string
  name: string
  text: string
  created: string
  replies: Tree[]
}

describe('offprint comment, highlight and notes', () => {
  it('writes a thread, highlights a passage, exports it and imports it into another library without duplicates', () => {
    const data = tempDir()
    const [article] = json<{ id: string; title: string }[]>(offprint('--data', data, 'list', '--json', '--limit', '1'))
    const id = article!.id

    const top = json<{ id: string; name: string; text: string; created: string }>(offprint('--data', data, 'comment', 'add', id, '--name', 'Ada', '--text', 'Worth a second read.', '--json'))
    expect(top).toMatchObject({ name: 'Ada', text: 'Worth a second read.' })
    expect(new Date(top.created).toISOString()).toBe(top.created)
    // A reply whose text begins with a dash, as lists and rebuttals do.
    const reply = json<{ id: string }>(offprint('--data', data, 'comment', 'add', id, '--name', 'Cy', '--text', '- Only the second half.', '--reply-to', top.id, '--json'))
    const deeper = offprint('--data', data, 'comment', 'add', id, '--name', 'Ada', '--text', 'Fair.', '--reply-to', reply.id)
    expect(deeper.stdout).toMatch(/^Saved comment [\w-]{12} \(a reply to [\w-]{12}\)\.\n$/)

    const tree = json<Tree[]>(offprint('--data', data, 'comment', 'list', id, '--json'))
    expect(tree).toHaveLength(1)
    expect(Object.keys(tree[0]!).sort()).toEqual(['created', 'id', 'name', 'replies', 'text'])
    expect(tree[0]!.replies[0]).toMatchObject({ id: reply.id, name: 'Cy', text: '- Only the second half.' })
    expect(tree[0]!.replies[0]!.replies[0]).toMatchObject({ name: 'Ada', text: 'Fair.', replies: [] })
    expect(offprint('--data', data, 'comment', 'list', id).stdout).toMatch(/^Ada, .*\n {2}Worth a second read\.\n {2}Cy, .*\n {4}- Only the second half\.\n {4}Ada, /)

    const { text } = json<{ text: string }>(offprint('--data', data, 'show', id, '--json'))
    const quote = text.split(/(?<=\.)\s/).find((s) => s.length > 40)!.trim()
    const h = json<{ id: string; note: string; quote: { exact: string } }>(offprint('--data', data, 'highlight', 'add', id, '--quote', quote, '--note', 'The crux.', '--json'))
    expect(h).toMatchObject({ note: 'The crux.', quote: { exact: quote } })
    expect(json<{ id: string }[]>(offprint('--data', data, 'highlight', 'list', id, '--json')).map((x) => x.id)).toEqual([h.id])

    const md = offprint('--data', data, 'notes', 'export', '--format', 'md')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain(`> ${quote}`)
    expect(md.stdout).toContain('The crux.')
    expect(md.stdout).toContain('- Only the second half.')

    const file = `${tempDir()}/notes.json`
    const written = offprint('--data', data, 'notes', 'export', '--format', 'json', '--out', file)
    expect(written.code).toBe(0)
    expect(written.stderr).toContain(file)
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('offprint-notes')

    // A new folder gets the same sample articles under ids of its own: the notes find them
    // by address, and land once.
    const other = tempDir()
    const same = json<{ id: string; title: string }[]>(offprint('--data', other, 'list', '--json')).find((a) => a.title === article!.title)!
    expect(json(offprint('--data', other, 'notes', 'import', file, '--json'))).toEqual({ comments: 3, highlights: 1, alreadyHere: 0, invalid: 0, unknownArticles: 0 })
    expect(offprint('--data', other, 'notes', 'import', file).stdout).toBe('Imported 0 comments and 0 highlights (4 already here).\n')
    const copied = json<Tree[]>(offprint('--data', other, 'comment', 'list', same.id, '--json'))
    expect(copied[0]!.replies[0]!.replies[0]!.text).toBe('Fair.')
  })

  it('imports a 4,000-deep reply chain, a reply cycle and a self-reply, and lists and exports all of them', () => {
    const data = tempDir()
    const [article] = json<{ id: string; url: string }[]>(offprint('--data', data, 'list', '--json', '--limit', '1'))
    const id = article!.id
    const N = 4000
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
    const comments = [
      ...Array.from({ length: N }, (_, i) => ({ id: `c${i}`, parentId: i ? `c${i - 1}` : null, name: `P${i}`, text: `reply ${i}`, created: at(i) })),
      { id: 'ra', parentId: 'rc', name: 'Ada', text: 'one', created: at(N + 1) },
      { id: 'rb', parentId: 'ra', name: 'Bob', text: 'two', created: at(N + 2) },
      { id: 'rc', parentId: 'rb', name: 'Cy', text: 'three', created: at(N + 3) },
      { id: 'self', parentId: 'self', name: 'Sam', text: 'me', created: at(N + 4) },
    ]
    const file = `${tempDir()}/deep.json`
    writeFileSync(file, JSON.stringify({ format: 'offprint-notes', version: 1, exported: at(0), articles: [{ articleId: id, title: '', url: article!.url, comments, highlights: [] }] }))
    expect(json(offprint('--data', data, 'notes', 'import', file, '--json'))).toMatchObject({ comments: N + 4, invalid: 0 })

    const listed = offprint('--data', data, 'comment', 'list', id)
    expect(listed.code, listed.stderr).toBe(0)
    const heads = listed.stdout.split('\n').filter((l) => /^\s*(P\d+|Ada|Bob|Cy|Sam), /.test(l))
    expect(heads).toHaveLength(N + 4)
    expect(heads[N - 1]).toMatch(new RegExp(`^ {2,80}P${N - 1}, 2026-01-03 \\d\\d:\\d\\d, in reply to P${N - 2}  \\(c${N - 1}\\)$`))
    // The cycle's members and the self-reply, each at the top level.
    expect(heads.slice(N).map((l) => l.split(',')[0])).toEqual(['Ada', 'Bob', 'Cy', 'Sam'])

    const tree = json<Tree[]>(offprint('--data', data, 'comment', 'list', id, '--json'))
    expect(tree.map((t) => t.name)).toEqual(['P0', 'Ada', 'Bob', 'Cy', 'Sam'])

    const md = offprint('--data', data, 'notes', 'export', '--format', 'md')
    expect(md.code, md.stderr).toBe(0)
    expect(md.stdout.split('\n').filter((l) => /^\s*- \*\*(P\d+|Ada|Bob|Cy|Sam)\*\*/.test(l))).toHaveLength(N + 4)
    expect(md.stdout).toContain(`- **P${N - 1}**, 2026-01-03 (in reply to P${N - 2}): reply ${N - 1}`)
  })

  it('says what is wrong, in one line, and saves nothing', () => {
    const data = tempDir()
    const [article] = json<{ id: string }[]>(offprint('--data', data, 'list', '--json', '--limit', '1'))
    const id = article!.id
    const cases: [string[], number, RegExp][] = [
      [['comment', 'add', id, '--name', 'Ada'], 1, /Please enter your comment!/],
      [['comment', 'add', id, '--text', 'Hello'], 1, /Please enter your name here/],
      [['comment', 'add', id, '--name', 'Ada', '--text', 'Hi', '--reply-to', 'missing'], 1, /no longer exists/],
      [['comment', 'add', 'nope', '--name', 'Ada', '--text', 'Hi'], 1, /No article with id nope/],
      [['comment', 'remove', id], 2, /usage: offprint comment add ID/],
      [['highlight', 'add', id], 2, /needs --quote TEXT/],
      [['highlight', 'add', id, '--quote', 'words that are not in this article at all, xylophone'], 1, /not in the article/],
      [['notes', 'export', '--format', 'pdf'], 2, /--format must be md or json, not 'pdf'/],
      [['notes', 'import', `${data}/missing.json`], 2, /Cannot read/],
      [['notes', 'import', `${data}/library.json`], 1, /./],
    ]
    for (const [args, code, message] of cases) {
      const r = offprint('--data', data, ...args)
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
    expect(json(offprint('--data', data, 'comment', 'list', id, '--json'))).toEqual([])
    expect(json(offprint('--data', data, 'highlight', 'list', id, '--json'))).toEqual([])
  })
})
