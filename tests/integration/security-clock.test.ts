// The clock jumping: a machine whose clock runs a century ahead, or falls back to
// 1970 (a dead CMOS battery), or swings back and forth between refreshes. Retention
// must never take a starred or annotated article, a wrong clock must not expire the
// library, and a thread of comments must stay in the order it was written.
import { afterAll, describe, expect, it } from 'vitest'
import type { ArticleNotes } from '../../common/model'
import { paragraph, rss, startServer } from './ingest-helpers'
import { note, record } from '../security/figures'
import { hostileSession } from '../security/hostile-session'
import { tempDir } from '../helpers/tmp'

const DAY = 86_400_000
let jumps = 0
afterAll(() => record('faults.clock-jumps-survived', jumps, 'jumps'))

/** A feed whose items are dated relative to the real time of the test's story. */
function feedServer(realNow: () => Date) {
  let round = 0
  return startServer((_req, res) => {
    round++
    const items = Array.from({ length: 12 }, (_, i) => ({
      title: `Story ${i}`,
      guid: `s${i}`,
      link: `https://clock.example/${i}`,
      html: paragraph(`story ${i}`),
      // Twelve days of stories, one a day, dated by the publisher's (correct) clock.
      date: new Date(realNow().getTime() - (i + 1) * DAY).toUTCString(),
    }))
    // Published an hour before it is fetched.
    items.push({ title: `Fresh ${round}`, guid: `f${round}`, link: `https://clock.example/f${round}`, html: paragraph(`fresh ${round}`), date: new Date(realNow().getTime() - 3_600_000).toUTCString() })
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Clock', items))
  })
}

describe('clock jumps', () => {
  it('a clock a century ahead, or back in 1970, neither expires the library nor ever takes starred or annotated articles', async () => {
    const real = new Date('2026-06-01T12:00:00Z')
    let clock = real
    // The publishers' clocks are right all along.
    let publisher = real
    const server = await feedServer(() => publisher)
    const dataDir = tempDir('offprint-clock-')
    const { lib, dispatch } = await hostileSession({ dataDir, now: () => clock })
    const call = async (channel: string, input?: unknown) => {
      const r = await dispatch(channel, input)
      if (!r.ok) throw new Error(`${channel}: ${r.message}`)
      return r.data
    }
    await call('feeds:subscribe', { url: server.url('/clock.rss') })
    await call('settings:set', { retentionDays: 30 })
    const all = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 100 })).items
    expect(all.length).toBe(13)
    const ids = all.map((a) => a.id)
    await call('articles:setRead', { ids, read: true })
    await call('articles:setStarred', { id: ids[3], starred: true })
    await call('notes:addComment', { articleId: ids[5], name: 'Ada', text: 'Mine.' })
    const countAfter = async () => (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1000 })).total

    // A century ahead: every article is "100 years old" by the clock.
    clock = new Date(real.getTime() + 100 * 365 * DAY)
    jumps++
    await call('feeds:refresh', {})
    const ahead = await countAfter()
    note('clock.century-ahead', `${ahead} of ${ids.length + 1} articles kept after a refresh`)
    expect(ahead).toBeGreaterThanOrEqual(ids.length)

    // Back to 1970: nothing is old, nothing goes.
    clock = new Date(0)
    jumps++
    await call('feeds:refresh', {})
    expect(await countAfter()).toBeGreaterThanOrEqual(ids.length)

    // Right again, 60 days later: the next refresh brings today's stories, and retention
    // does its job on read articles past 30 days, keeping the starred and annotated ones.
    clock = publisher = new Date(real.getTime() + 60 * DAY)
    jumps++
    const before = await countAfter()
    await call('feeds:refresh', {})
    const left = new Set((await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1000 })).items.map((a) => a.id))
    expect(left.has(ids[3]!)).toBe(true)
    expect(left.has(ids[5]!)).toBe(true)
    for (const id of ids) if (id !== ids[3] && id !== ids[5]) expect(left.has(id), `read ${id}, 60+ days old`).toBe(false)
    note('clock.correct-again', `retention removed ${before + 1 - left.size} read articles past 30 days, kept the starred and the annotated one`)
    await server.close()
  })

  it('a thread keeps the order it was written in while the clock swings back and forth', async () => {
    let clock = new Date('2026-06-01T12:00:00Z')
    const { lib, dispatch } = await hostileSession({ now: () => clock })
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('T', [{ title: 'Thread', guid: 't', link: 'https://t.example/', html: paragraph('thread') }])))
    await dispatch('feeds:subscribe', { url: server.url('/t.rss') })
    const [article] = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items
    const swings = [0, -365 * 50, 100 * 365, -1, -30, 5, -(56 * 365), 1]
    const written: string[] = []
    let parentId: string | null = null
    for (const [i, days] of swings.entries()) {
      clock = new Date(clock.getTime() + days * DAY)
      jumps++
      const r = await dispatch('notes:addComment', { articleId: article!.id, name: 'Ada', text: `Comment ${i}`, parentId: i % 2 ? parentId : null })
      expect(r.ok).toBe(true)
      const c = (r as { data: { id: string } }).data
      if (i % 2 === 0) parentId = c.id
      written.push(`Comment ${i}`)
    }
    const notes = (await dispatch('notes:get', { articleId: article!.id })) as { ok: true; data: ArticleNotes }
    const flat: string[] = []
    const walk = (nodes: ArticleNotes['comments']) => {
      for (const n of nodes) {
        flat.push(n.text)
        walk(n.replies)
      }
    }
    walk(notes.data.comments)
    // Top-level comments in writing order, each reply under the comment it answers.
    expect(flat).toEqual(written)
    await server.close()
  })
})
