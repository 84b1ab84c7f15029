// SIGKILL at random moments while a process writes notes, statuses and articles,
// many times over: every note reported saved is there after, and nothing is corrupt.
import { describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { rng } from '../helpers/articles'
import { runUntilKilled } from '../helpers/kill-child'

const child = fileURLToPath(new URL('./fixtures/writer-child.ts', import.meta.url))

async function runAndKill(dataDir: string, seed: number, killAfterMs: number): Promise<{ saved: [string, string][]; starred: string[] }> {
  const saved: [string, string][] = []
  const starred: string[] = []
  await runUntilKilled(['--import', 'tsx', child, dataDir, String(seed)], killAfterMs, ([kind, a, b]) => {
    if (kind === 'saved') saved.push([a!, b!])
    if (kind === 'starred') starred.push(a!)
  })
  return { saved, starred }
}

describe('crash safety', () => {
  it('loses no saved note and corrupts nothing across 12 SIGKILLs at random moments', async () => {
    const dir = tempDir()
    const random = rng(2026)
    const allSaved: [string, string][] = []
    const allStarred = new Set<string>()
    for (let round = 1; round <= 12; round++) {
      const { saved, starred } = await runAndKill(dir, round, 20 + Math.floor(random() * 400))
      allSaved.push(...saved)
      for (const s of starred) allStarred.add(s)

      const lib = await Library.open({ dataDir: dir, sample: false, search: null })
      expect(lib.notices().filter((n) => n.level !== 'info')).toEqual([])
      for (const [articleId, commentId] of allSaved) {
        const doc = await lib.notes.get(articleId)
        expect(doc.comments.some((c) => c.id === commentId), `note ${commentId} on ${articleId} after round ${round}`).toBe(true)
      }
      for (const id of allStarred) expect(lib.isStarred(id)).toBe(true)
      for (const meta of (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 100_000 })).items) {
        expect((await lib.get(meta.id)).textVersion).toBeGreaterThan(0)
      }
      await lib.close()
    }
    expect(allSaved.length).toBeGreaterThan(50)
    expect(readdirSync(dir).filter((n) => n.includes('damaged'))).toEqual([])
  }, 120_000)
})
