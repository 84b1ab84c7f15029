// Path traversal wherever a file name comes from input: a backup's tar entries
// ("../", absolute names, symbolic and hard links out of the folder), the files of a
// restored library itself (article ids that spell a path), names given to Import,
// and the file names the exports suggest. Nothing may be read, written or deleted
// outside the library's folder.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { restoreLibrary } from '../../main/core/library/backup'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { note, record, rejection } from '../security/figures'
import { hostileSession } from '../security/hostile-session'
import { makeTarGz, type TarEntry } from '../security/tar'
import { routes, rss, paragraph, startServer } from './ingest-helpers'

const tally = { tried: 0, blocked: 0 }
afterAll(() => {
  record('paths.payloads-tried', tally.tried, 'payloads')
  record('paths.payloads-blocked', tally.blocked, 'payloads')
})

/** root/ holds the library at root/home/data and a victim folder beside it. */
function sandbox() {
  const root = tempDir('offprint-paths-')
  const outside = join(root, 'outside')
  mkdirSync(outside)
  writeFileSync(join(outside, 'victim.json'), '{"secret":"VICTIM-FILE"}')
  const dataDir = join(root, 'home', 'data')
  return { root, outside, dataDir, victim: join(outside, 'victim.json') }
}

/** Every path under root (links not followed), relative. */
function listing(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((p) => p.split('\\').join('/')).sort()
}

/** Symbolic links inside `dir` that resolve outside it. */
function escapingLinks(dir: string): string[] {
  const out: string[] = []
  if (!existsSync(dir)) return out
  for (const p of readdirSync(dir, { recursive: true }) as string[]) {
    const full = join(dir, p)
    if (!lstatSync(full).isSymbolicLink()) continue
    let target: string
    try {
      target = realpathSync(full)
    } catch {
      continue // dangling: points nowhere
    }
    if (relative(realpathSync(dir), target).startsWith('..')) out.push(`${p} -> ${target}`)
  }
  return out
}

const MANIFEST: TarEntry = { name: 'offprint-backup.json', content: JSON.stringify({ format: 1, app: 'offprint', articles: 0 }) }

describe('path traversal', () => {
  it('a backup with ../, absolute, symlinked and hard-linked entries writes nothing outside', async () => {
    const { root, outside, dataDir, victim } = sandbox()
    // An existing library the restore must not lose.
    const lib = await Library.open({ dataDir, sample: false, search: null })
    await lib.addFolder('Mine')
    await lib.close()
    const archives: Record<string, TarEntry[]> = {
      'dot-dot': [MANIFEST, { name: '../escaped.json', content: 'x' }, { name: 'notes/../../../escaped2.json', content: 'x' }],
      absolute: [MANIFEST, { name: join(root, 'escaped-abs.json'), content: 'x' }],
      'symlink to a folder outside': [MANIFEST, { name: 'notes', type: 'symlink', linkname: outside }],
      'write through a symlink': [MANIFEST, { name: 'notes', type: 'symlink', linkname: outside }, { name: 'notes/planted.json', content: 'x' }],
      'relative symlink out': [MANIFEST, { name: 'articles', type: 'symlink', linkname: '../../outside' }, { name: 'articles/planted.json', content: 'x' }],
      'symlink over a library file': [MANIFEST, { name: 'settings.json', type: 'symlink', linkname: victim }],
      'hard link to a file outside': [MANIFEST, { name: 'library.json', type: 'hardlink', linkname: victim }],
      'relative hard link out': [MANIFEST, { name: 'state.json', type: 'hardlink', linkname: '../../outside/victim.json' }],
      'symlink loop': [MANIFEST, { name: 'a', type: 'symlink', linkname: '.' }, { name: 'index', type: 'symlink', linkname: 'a/a/a' }],
      'no manifest': [{ name: 'library.json', content: '{}' }],
      'not a tar': [],
    }
    const archivesDir = tempDir('offprint-archives-')
    const before = listing(root).filter((p) => !p.startsWith('home'))
    for (const [name, entries] of Object.entries(archives)) {
      tally.tried++
      const file = join(archivesDir, `${name.replace(/\W+/g, '-')}.tar.gz`)
      writeFileSync(file, name === 'not a tar' ? Buffer.from('not a tar at all') : makeTarGz(entries))
      let outcome: string
      try {
        const r = await restoreLibrary(file, dataDir)
        outcome = `restored (${r.articles} articles; the previous library kept)`
      } catch (err) {
        outcome = `refused: ${(err as Error).message}`
        expect((err as Error).message).not.toMatch(/\n/)
      }
      note(`paths.backup.${name}`, outcome)
      expect(readFileSync(victim, 'utf8'), name).toBe('{"secret":"VICTIM-FILE"}')
      expect(listing(root).filter((p) => !p.startsWith('home')), name).toEqual(before)
      expect(escapingLinks(dirname(dataDir)), name).toEqual([])
      // Whatever happened, a library still opens there (the restored one or the old one).
      const reopened = await Library.open({ dataDir, sample: false, search: null })
      await reopened.close()
      tally.blocked++
    }
  }, 60_000)

  it('a restored library whose article ids spell paths reads, writes and deletes only inside its folder', async () => {
    const { root, dataDir, victim } = sandbox()
    const hostileIds = ['../../outside/victim', '../../../../../../tmp/offprint-victim', '..\\..\\outside\\victim', '/etc/passwd', 'aa/../../x']
    const feed = { id: 'feed1', title: 'Crafted', url: 'http://127.0.0.1:9/feed', siteUrl: '', folderId: null, fullText: false }
    const articles = hostileIds.map((id, i) => ({
      id,
      feedId: 'feed1',
      title: `Crafted ${i}`,
      url: `https://crafted.example/${i}`,
      siteName: '',
      author: '',
      published: '2001-01-01T00:00:00.000Z',
      added: '2001-01-01T00:00:00.000Z',
      guid: `g${i}`,
      excerpt: '',
      image: '',
      contentHash: `h${i}`,
      words: 3,
    }))
    const archive = makeTarGz([
      MANIFEST,
      { name: 'library.json', content: JSON.stringify({ version: 3, folders: [], feeds: [feed], shards: { '2001-01-01': articles.length } }) },
      { name: 'index/2001-01-01.json', content: JSON.stringify({ version: 1, day: '2001-01-01', articles }) },
      { name: 'state.json', content: JSON.stringify({ version: 1, read: hostileIds, starred: [] }) },
      { name: 'settings.json', content: JSON.stringify({ version: 1, retentionDays: 1 }) },
    ])
    const file = join(root, 'crafted.tar.gz')
    writeFileSync(file, archive)
    tally.tried += hostileIds.length
    await restoreLibrary(file, dataDir)
    const before = listing(root).filter((p) => !p.startsWith('home'))

    // Everything the app does with stored ids: show, search, update from the feed,
    // retention, removing the feed.
    const server = await startServer(
      routes({ '/feed': rss('Crafted', articles.map((a) => ({ title: `${a.title} updated`, guid: a.guid, link: a.url, html: paragraph(`update ${a.guid}`) }))) }),
    )
    const { lib, dispatch } = await hostileSession({ dataDir })
    await lib.ready()
    for (const id of hostileIds) {
      const shown = await lib.get(id)
      expect(shown.text).not.toContain('VICTIM')
    }
    await lib.updateFeed('feed1', { url: server.url('/feed') })
    const refreshed = await dispatch('feeds:refresh', {})
    expect(refreshed.ok).toBe(true)
    await lib.updateSettings({ retentionDays: 1 })
    await lib.applyRetention()
    expect(await dispatch('feeds:remove', { id: 'feed1' })).toMatchObject({ ok: true })
    await lib.flush()

    expect(readFileSync(victim, 'utf8')).toBe('{"secret":"VICTIM-FILE"}')
    expect(existsSync('/tmp/offprint-victim.json')).toBe(false)
    expect(listing(root).filter((p) => !p.startsWith('home'))).toEqual(before)
    tally.blocked += hostileIds.length
    note('paths.crafted-article-ids', 'read, updated, expired and removed inside the library folder only')
  }, 30_000)

  it('names given to Import and the names exports suggest never carry a path', async () => {
    const jail = tempDir('offprint-jail-')
    const dataDir = join(jail, 'data')
    const { lib, dispatch } = await hostileSession({ dataDir })
    const opml = '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/feed"/></body></opml>'
    const names = ['../../../../tmp/evil.opml', '/etc/passwd', '..\\..\\evil.opml', 'C:\\Windows\\evil.opml', 'a/../../b.opml', 'evil\u0000.opml', `${'x'.repeat(490)}.opml`]
    for (const name of names) {
      tally.tried++
      const r = await dispatch('library:import', { name, content: opml })
      expect(r.ok, name).toBe(true)
      tally.blocked++
    }
    expect(readdirSync(jail)).toEqual(['data'])
    for (const channel of ['notes:export', 'library:exportOpml'] as const) {
      const r = await dispatch(channel, channel === 'notes:export' ? { format: 'md' } : undefined)
      expect(r.ok).toBe(true)
      expect((r as { data: { filename: string } }).data.filename).toMatch(/^[A-Za-z0-9._-]+$/)
    }
    // An article id that spells a path never reaches a file name: the bridge refuses it.
    for (const articleId of ['../../etc/passwd', '..', 'a/b', 'x'.repeat(65)]) {
      tally.tried++
      expect(await dispatch('notes:export', { format: 'md', articleId }), articleId).toMatchObject({ ok: false, code: 'invalid_input' })
      expect(await dispatch('notes:addComment', { articleId, name: 'n', text: 't' }), articleId).toMatchObject({ ok: false, code: 'invalid_input' })
      tally.blocked++
    }
    // The core refuses them too when called directly (the CLI's way in).
    const err = await rejection(lib.notes.addComment('../../x', { name: 'n', text: 't' }))
    expect(err.message).toMatch(/Not a valid article id/)
  })
})
