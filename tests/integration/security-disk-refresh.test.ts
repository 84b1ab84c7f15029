// The disk filling up in the middle of a refresh (tests/integration/disk-faults.test.ts
// covers a note save on a full disk and a read-only folder; this is the gap between):
// a small tmpfs, feeds that bring more than it holds. The refresh must end with a clear
// message, never crash the process, leave no index entry without its text, lose no
// note, and work again once there is room.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { note, record } from '../security/figures'
import { hostileSession, storedArticles } from '../security/hostile-session'
import { paragraph, png, rss, startServer } from './ingest-helpers'

const mounted: string[] = []
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
})

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('disk full during a refresh', () => {
  it('ends with a clear message, leaves nothing half-stored, loses no note, and recovers once there is room', async (ctx) => {
    const dataDir = join(tempDir('offprint-diskfull-'), 'data')
    mkdirSync(dataDir)
    if (!tryMount(dataDir, '3m')) {
      console.warn('security-disk-refresh: skipped, mounting a tmpfs needs root (CI runs as root)')
      ctx.skip()
      return
    }
    mounted.push(dataDir)
    const server = await startServer((req, res) => {
      if (req.url?.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([png(req.url), Buffer.alloc(10_000, 3)]))
      const k = Number(/feed(\d)/.exec(req.url ?? '')?.[1] ?? 0)
      const items = Array.from({ length: 40 }, (_, i) => ({
        title: `Feed ${k} long story ${i}`,
        guid: `${k}-${i}`,
        link: `https://full.example/${k}/${i}`,
        html: `<p>${paragraph(`feed ${k} story ${i}`, 150)}</p><img src="/img/${k}-${i}.png" width="640" height="480">`,
      }))
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(`Feed ${k}`, items))
    })

    const { lib, dispatch, untyped } = await hostileSession({ dataDir })
    const first = await lib.addArticles(null, [{ title: 'Mine', url: 'https://mine.example/', html: `<p>${paragraph('mine')}</p>` }])
    const mine = await lib.notes.addComment(first.added[0]!.id, { name: 'Ada', text: 'Written before the refresh.' })
    for (let k = 0; k < 4; k++) await lib.addFeed({ title: `Feed ${k}`, url: server.url(`/feed${k}.rss`) })

    const result = await dispatch('feeds:refresh', {})
    // What the user sees: the refresh finished, and says which feeds could not be stored and why.
    expect(result.ok, JSON.stringify(result)).toBe(true)
    const data = (result as { data: { added: number; failed: { error: string }[] } }).data
    expect(data.failed.length).toBeGreaterThan(0)
    for (const f of data.failed) {
      expect(f.error).toMatch(/disk is full/i)
      expect(f.error).not.toMatch(/\n/)
    }
    expect(untyped).toEqual([])
    note('disk-full-refresh.message', data.failed[0]!.error)
    record('disk-full-refresh.feeds-failed', data.failed.length, 'feeds')
    record('disk-full-refresh.articles-stored-before-full', data.added, 'articles')
    // In the same session, the list shows only what was stored: no article whose text
    // never reached the disk, and none after the next save of the index either.
    for (const a of await storedArticles(lib)) expect(a.textVersion, `${a.title} listed without its text`).toBeGreaterThan(0)
    execFileSync('mount', ['-o', 'remount,size=4m', dataDir])
    await lib.addArticles(null, [{ title: 'Saved later', url: 'https://later.example/', html: `<p>${paragraph('later')}</p>` }])
    for (const a of await storedArticles(lib)) expect(a.textVersion, `${a.title} listed without its text`).toBeGreaterThan(0)
    execFileSync('mount', ['-o', 'remount,size=3m', dataDir])
    await lib.close().catch(() => {})

    // Reopened on the full disk: readable, consistent, the note there.
    const full = await Library.open({ dataDir, sample: false, search: null })
    expect(full.notices().filter((n) => n.level !== 'info')).toEqual([])
    for (const a of await storedArticles(full)) expect(a.textVersion, a.title).toBeGreaterThan(0)
    expect((await full.notes.get(first.added[0]!.id)).comments.map((c) => c.id)).toEqual([mine.id])
    await full.close().catch(() => {})

    // Room again: the same refresh completes.
    execFileSync('mount', ['-o', 'remount,size=64m', dataDir])
    const again = await hostileSession({ dataDir })
    const second = await again.dispatch('feeds:refresh', {})
    expect(second).toMatchObject({ ok: true, data: { failed: [] } })
    expect((await storedArticles(again.lib)).length).toBe(2 + 4 * 40)
    for (const a of await storedArticles(again.lib)) expect(a.textVersion).toBeGreaterThan(0)
    await server.close()
  }, 60_000)
})
