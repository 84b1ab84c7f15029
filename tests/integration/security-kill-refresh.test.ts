// SIGKILL in the middle of refreshes, again and again: a child process refreshes five
// feeds from a local server (new items, updated items, images, highlights re-anchored
// on updated text) and writes comments in between, and is killed at a random moment.
// After each kill the library must open with no damage notice, every article in the
// index must have its text, and nothing the user wrote may be missing.
import { rmSync } from 'node:fs'
import type http from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../main/core/library/library'
import { NotesService } from '../../main/core/notes/notes-service'
import { createIngestService } from '../../main/core/ingest/service'
import { rng } from '../helpers/articles'
import { tempDir } from '../helpers/tmp'
import { runUntilKilled } from '../helpers/kill-child'
import { note, record } from '../security/figures'
import { localFetcher, paragraph, png, rss, startServer } from './ingest-helpers'

const childSource = fileURLToPath(new URL('../security/refresh-child.ts', import.meta.url))
// Bundled once, so each of the many child starts costs node's start, not a TypeScript
// compile of the core; placed under node_modules so its packages resolve as the app's do.
const child = fileURLToPath(new URL(`../../node_modules/.cache/offprint-security/refresh-child-${process.pid}.mjs`, import.meta.url))
const FEEDS = 5

beforeAll(async () => {
  await build({ entryPoints: [childSource], outfile: child, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
})
afterAll(() => rmSync(child, { force: true }))

function feedHandler() {
  let generation = 0
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '/'
    if (path.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(png(path))
    const k = Number(/feed(\d+)/.exec(path)?.[1] ?? 0)
    const gen = ++generation
    const items = [
      // Stories that stay, their text revised every third fetch (bodies rewritten, highlights re-anchored).
      ...Array.from({ length: 30 }, (_, i) => ({
        title: `Feed ${k} story ${i}`,
        guid: `${k}-s${i}`,
        link: `https://kill.example/${k}/s${i}`,
        html: `<p>${paragraph(`feed ${k} story ${i}`)} Revision ${Math.floor(gen / 3)} of this story.</p>`,
      })),
      // New ones every time, a few with an image.
      ...Array.from({ length: 10 }, (_, j) => ({
        title: `Feed ${k} news ${gen}.${j}`,
        guid: `${k}-n${gen}-${j}`,
        link: `https://kill.example/${k}/n${gen}/${j}`,
        html: `<p>${paragraph(`news ${gen} ${j} of feed ${k}`)}</p>${j < 3 ? `<img src="/img/${gen}-${k}-${j}.png" width="400" height="300">` : ''}`,
      })),
    ]
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(`Feed ${k}`, items))
  }
}

async function runAndKill(dataDir: string, seed: number, killAfterMs: number): Promise<{ saved: [string, string][]; refreshes: number; feedsStored: number }> {
  const saved: [string, string][] = []
  let refreshes = 0
  let feedsStored = 0
  await runUntilKilled([child, dataDir, String(seed)], killAfterMs, ([kind, a, b]) => {
    if (kind === 'saved') saved.push([a!, b!])
    if (kind === 'refreshed') refreshes++
    if (kind === 'feed') feedsStored++
  })
  return { saved, refreshes, feedsStored }
}

describe('SIGKILL during refresh', () => {
  it('after every kill the library opens undamaged, every article has its text, and no note is lost', async () => {
    const server = await startServer(feedHandler())
    const dataDir = tempDir('offprint-kill-')

    // The user's library before any of it: feeds, a first refresh, notes, stars.
    const lib = await Library.open({ dataDir, sample: false })
    for (let k = 0; k < FEEDS; k++) await lib.addFeed({ title: `Feed ${k}`, url: server.url(`/feed${k}.rss`) })
    const ingest = createIngestService(lib, { fetcher: localFetcher() })
    await ingest.refresh()
    const notes = new NotesService(lib)
    const comments: [string, string][] = []
    const highlights: [string, string][] = []
    const starred: string[] = []
    const { items } = await lib.list({ filter: 'all', sort: 'oldest', offset: 0, limit: 40 })
    for (const [i, a] of items.entries()) {
      if (i % 3 === 0) comments.push([a.id, (await notes.addComment(a.id, { name: 'Ada', text: `Before the storm ${i}` })).id])
      if (i % 4 === 0) highlights.push([a.id, (await notes.addHighlight(a.id, { start: 0, end: 30, note: `Highlight ${i}` })).id])
      if (i % 5 === 0) {
        await lib.setStarred(a.id, true)
        starred.push(a.id)
      }
    }
    ingest.close()
    await lib.close()

    const random = rng(909)
    let kills = 0
    let refreshes = 0
    let checkedBodies = 0
    const rounds = 6
    const landed: string[] = []
    for (let round = 1; round <= rounds; round++) {
      const run = await runAndKill(dataDir, round, 150 + Math.floor(random() * 2000))
      kills++
      refreshes += run.refreshes
      landed.push(`${run.refreshes} refreshes + ${run.feedsStored % FEEDS}/${FEEDS} feeds`)
      comments.push(...run.saved)

      const again = await Library.open({ dataDir, sample: false })
      try {
        expect(again.notices().filter((n) => n.level !== 'info'), `round ${round}`).toEqual([])
        // Every index entry has its body: never an article without its text.
        for (const meta of (await again.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1_000_000 })).items) {
          expect((await again.get(meta.id)).textVersion, `${meta.id} after round ${round}`).toBeGreaterThan(0)
          checkedBodies++
        }
        for (const [articleId, id] of comments) {
          expect((await again.notes.get(articleId)).comments.some((c) => c.id === id), `comment ${id} after round ${round}`).toBe(true)
        }
        for (const [articleId, id] of highlights) {
          expect((await again.notes.get(articleId)).highlights.some((h) => h.id === id && !h.deletedAt), `highlight ${id} after round ${round}`).toBe(true)
        }
        for (const id of starred) expect(again.isStarred(id)).toBe(true)
        await again.searchIndexReady()
        expect(again.search!.search('story', { limit: 5 }).total).toBeGreaterThan(0)
      } finally {
        await again.close()
      }
    }

    // And it still refreshes.
    const last = await Library.open({ dataDir, sample: false, search: null })
    const after = await createIngestService(last, { fetcher: localFetcher() }).refresh()
    expect(after.failed).toEqual([])
    expect(after.added).toBeGreaterThan(0)
    await last.close()

    record('faults.sigkill-during-refresh.kills', kills, 'kills')
    record('faults.sigkill-during-refresh.survived', kills, 'kills')
    record('faults.sigkill-during-refresh.refreshes-completed-between-kills', refreshes, 'refreshes')
    record('faults.sigkill-during-refresh.notes-checked', comments.length + highlights.length, 'notes')
    record('faults.sigkill-during-refresh.bodies-checked', checkedBodies, 'articles')
    note('faults.sigkill-during-refresh', `${kills} kills, landing after ${landed.join('; ')}; no damage notice, no article without its text, no note lost`)
  }, 120_000)
})
