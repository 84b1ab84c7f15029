// The ingestion commands of the CLI, run as the CLI runs them (a context in, an exit
// code and printed lines out), against a library folder and a local server.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ingestCommands } from '../../main/cli/ingest-commands'
import { UsageError } from '../../main/cli/context'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { fixturePath, fixtureText, routes, startServer } from './ingest-helpers'

let stdout: string[]
let stderr: string[]

beforeEach(() => {
  stdout = []
  stderr = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true))
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** A data folder with an empty library (no sample articles, whose feeds are not ours to fetch). */
async function emptyDataDir(): Promise<string> {
  const dir = tempDir('offprint-cli-')
  const lib = await Library.open({ dataDir: dir, sample: false, search: null })
  await lib.close()
  return dir
}

function run(name: string, dataDir: string, args: string[], values: Record<string, unknown> = {}) {
  return ingestCommands[name]!.run({ args, values, json: Boolean(values.json), dataDir })
}

const text = () => stdout.join('')
const json = () => JSON.parse(text()) as unknown

describe('offprint ingestion commands', () => {
  it('subscribe, refresh with progress on stderr, feeds --json', async () => {
    const wire = fixtureText('feeds/world-news.rss')
    const server = await startServer(routes({ '/rss.xml': wire, '/down.xml': (_q, r) => ((r.statusCode = 500), r.end()) }))
    const data = await emptyDataDir()

    expect(await run('subscribe', data, [server.url('/rss.xml')], { folder: 'World' })).toBe(0)
    expect(text()).toBe(`Subscribed to Harbour Wire - World (${server.url('/rss.xml')}) in World: 24 new articles.\n`)

    const lib = await Library.open({ dataDir: data, search: null })
    await lib.addFeed({ title: 'Down', url: server.url('/down.xml') })
    await lib.close()

    stdout.length = 0
    expect(await run('refresh', data, [])).toBe(0)
    expect(text()).toBe('Refreshed 2 feeds: 0 new, 0 updated, 1 failed.\n')
    const lines = stderr.join('').split('\n').filter(Boolean)
    expect(lines.map((l) => l.slice(0, 6)).sort()).toEqual(['[1/2] ', '[2/2] '])
    expect(lines.map((l) => l.slice(6)).sort()).toEqual([`Down: HTTP 500 fetching ${server.url('/down.xml')}`, 'Harbour Wire - World: 0 new'])

    stdout.length = 0
    expect(await run('feeds', data, [], { json: true })).toBe(0)
    const feeds = json() as Record<string, unknown>[]
    expect(feeds).toHaveLength(2)
    expect(feeds[0]).toEqual({
      id: expect.any(String),
      title: 'Harbour Wire - World',
      url: server.url('/rss.xml'),
      siteUrl: 'https://www.harbourwire.example/news/',
      folder: 'World',
      unread: 24,
      total: 24,
      error: null,
      lastFetched: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      icon: null,
    })
    expect(feeds[1]).toMatchObject({ title: 'Down', folder: null, unread: 0, total: 0, error: `HTTP 500 fetching ${server.url('/down.xml')}`, lastFetched: null })
  })

  it('import prints what came in, --json gives [{id, title}], and a bad file fails in one line', async () => {
    const data = await emptyDataDir()
    const page = new URL('../fixtures/news-page.html', import.meta.url).pathname
    const missing = join(data, 'nope.opml')
    const list = fixturePath('opml/reading-list.opml')

    const code = await run('import', data, [page, list, missing], { json: true })

    expect(code).toBe(1)
    expect(json()).toEqual([{ id: expect.any(String), title: 'Harbour town votes to keep its ferry' }])
    expect(stderr.join('')).toBe(`offprint import: ${missing}: no such file\n`)

    stdout.length = 0
    stderr.length = 0
    expect(await run('import', data, [list])).toBe(0)
    expect(text()).toBe(`${list}: subscribed to 0 feeds (7 already there); run \`offprint refresh\` to fetch them.\n`)
    await expect(run('import', data, [])).rejects.toBeInstanceOf(UsageError)
  })

  it('export-opml writes the subscriptions, and refuses bad usage', async () => {
    const data = await emptyDataDir()
    await run('import', data, [fixturePath('opml/subscriptions.opml')])
    const file = join(data, 'out.opml')
    stdout.length = 0
    expect(await run('export-opml', data, [file])).toBe(0)
    expect(text()).toBe(`Saved 22 subscriptions to ${file}.\n`)
    const xml = readFileSync(file, 'utf8')
    expect(xml).toContain('<outline text="Programming" title="Programming">')
    expect(xml.match(/xmlUrl=/g)).toHaveLength(22)
    await expect(run('export-opml', data, [])).rejects.toThrow('usage: offprint export-opml FILE')
    await expect(run('export-opml', data, [join(data, 'no/such/dir/out.opml')])).rejects.toThrow(/^Could not write .*out\.opml: ENOENT$/)
    await expect(run('subscribe', data, ['https://x.example/feed'], { folder: '  ' })).rejects.toThrow('--folder needs a folder name.')
  })
})
