import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SearchEngine } from '../../../../../main/core/search/index'
import { doc, engineWith, ids, open, tempDir } from './helpers'

const docs = [
  doc({ id: 'a', title: 'Harbour bridge closes for repairs', text: 'The bridge will close in June while engineers replace the cables.', feedId: 'city' }),
  doc({ id: 'b', title: 'New library opens', text: 'The library has a reading garden and a children\'s room.', feedId: 'city', notes: 'visit with the kids' }),
  doc({ id: 'c', title: 'Storm warning for the coast', text: 'Gales are expected along the coast tonight; ferries are cancelled.', feedId: 'weather' }),
]

const logFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('search-log-'))

/** An engine left open without save or close, as a crash would leave it. */
async function crashAfter(dir: string, act: (e: SearchEngine) => void): Promise<void> {
  const e = await SearchEngine.open(dir)
  act(e)
}

describe('persistence', () => {
  it('saves and reopens with the same answers', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    const before = e.search('bridge')
    const related = e.related('a')
    await e.save()
    await e.close()
    const again = await open(dir)
    expect(again.needsRebuild).toBe(false)
    expect(again.size).toBe(3)
    expect(again.search('bridge')).toEqual(before)
    expect(ids(again.search('kids'))).toEqual(['b'])
    expect(again.related('a')).toEqual(related)
  })

  it('starts empty and asks for a rebuild when there is no index yet', async () => {
    const e = await open(tempDir())
    expect(e.needsRebuild).toBe(true)
    expect(e.size).toBe(0)
    expect(e.search('anything')).toEqual({ total: 0, hits: [] })
    expect(e.related('nope')).toEqual({ related: [], sameStory: [] })
    await e.rebuild([])
    expect(e.needsRebuild).toBe(false)
  })

  it('keeps changes made after the last save through a crash (the log is replayed)', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    await e.close()
    await crashAfter(dir, (x) => {
      x.upsert([doc({ id: 'd', title: 'Tram line extended', text: 'The tram now reaches the airport.' })])
      x.remove(['c'])
      x.upsert([{ ...docs[1]!, notes: 'closed on mondays' }])
    })
    const again = await open(dir)
    expect(again.needsRebuild).toBe(false)
    expect(again.size).toBe(3)
    expect(ids(again.search('airport'))).toEqual(['d'])
    expect(ids(again.search('storm'))).toEqual([])
    expect(ids(again.search('mondays'))).toEqual(['b'])
    expect(ids(again.search('kids'))).toEqual([])
    expect(again.search('garden').hits[0]!.snippet).toContain('reading garden')
  })

  it('drops a torn last record and goes on', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    await e.close()
    await crashAfter(dir, (x) => x.upsert([doc({ id: 'd', text: 'tram airport' })]))
    const log = join(dir, logFiles(dir)[0]!)
    appendFileSync(log, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 1, 0, 0, 0, 123, 34]))
    const again = await open(dir)
    expect(again.size).toBe(4)
    expect(ids(again.search('tram'))).toEqual(['d'])
    again.upsert([doc({ id: 'e', text: 'night bus timetable' })])
    await again.close()
    const third = await open(dir)
    expect(ids(third.search('timetable'))).toEqual(['e'])
    expect(ids(third.search('tram'))).toEqual(['d'])
  })

  it('moves a corrupt index aside, asks for a rebuild, and the rebuild works', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    await e.close()
    const file = join(dir, 'search-index.bin')
    const bytes = readFileSync(file)
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff
    writeFileSync(file, bytes)
    const broken = await open(dir)
    expect(broken.needsRebuild).toBe(true)
    expect(broken.size).toBe(0)
    expect(existsSync(`${file}.corrupt`)).toBe(true)
    await broken.rebuild(docs)
    expect(broken.needsRebuild).toBe(false)
    expect(ids(broken.search('ferries'))).toEqual(['c'])
    await broken.close()
    const again = await open(dir)
    expect(again.needsRebuild).toBe(false)
    expect(ids(again.search('ferries'))).toEqual(['c'])
    expect(logFiles(dir)).toHaveLength(1)
  })

  it('never throws on garbage, empty or truncated index files', async () => {
    for (const damage of [
      (b: Buffer) => Buffer.from('not an index at all'),
      () => Buffer.alloc(0),
      (b: Buffer) => b.subarray(0, b.length - 100),
    ]) {
      const dir = tempDir()
      const e = await engineWith(docs, dir)
      await e.close()
      const file = join(dir, 'search-index.bin')
      writeFileSync(file, damage(readFileSync(file)))
      const broken = await open(dir)
      expect(broken.needsRebuild).toBe(true)
      expect(broken.search('bridge').total).toBe(0)
    }
  })

  it('asks for a rebuild when the index is from an older version, or its log is gone', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    await e.close()
    const file = join(dir, 'search-index.bin')
    const bytes = readFileSync(file)
    bytes.writeUInt32LE(0, 8)
    writeFileSync(file, bytes)
    expect((await open(dir)).needsRebuild).toBe(true)

    const dir2 = tempDir()
    const e2 = await engineWith(docs, dir2)
    await e2.close()
    for (const f of logFiles(dir2)) rmSync(join(dir2, f))
    expect((await open(dir2)).needsRebuild).toBe(true)
  })

  it('save() is cheap for small changes: the snapshot is left alone, the change still survives', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    await e.save()
    const snap = join(dir, 'search-index.bin')
    const before = statSync(snap).mtimeMs
    e.upsert([doc({ id: 'd', text: 'tram to the airport' })])
    await Promise.all([e.save(), e.save(), e.save()])
    expect(statSync(snap).mtimeMs).toBe(before)
    await crashAfter(dir, () => {})
    const again = await open(dir)
    expect(ids(again.search('airport'))).toEqual(['d'])
  })

  it('answers from the old index during a rebuild and keeps changes made meanwhile', async () => {
    const e = await engineWith(docs)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    async function* slow() {
      yield doc({ id: 'x', text: 'first of the new set' })
      await gate
      yield doc({ id: 'y', text: 'second of the new set' })
    }
    const done = e.rebuild(slow())
    await new Promise((r) => setTimeout(r, 10))
    expect(ids(e.search('bridge'))).toEqual(['a'])
    e.upsert([doc({ id: 'z', text: 'added during the rebuild' })])
    e.remove(['x'])
    release()
    await done
    expect(ids(e.search('set'))).toEqual(['y'])
    expect(ids(e.search('during'))).toEqual(['z'])
    expect(ids(e.search('bridge'))).toEqual([])
    expect(e.size).toBe(2)
  })

  it('rewrites the log when replaced texts make up most of it', async () => {
    const dir = tempDir()
    const e = await open(dir, { logGarbageMin: 0, snapshotAfterRecords: 1 })
    await e.rebuild(docs)
    for (let i = 0; i < 20; i++) e.upsert([{ ...docs[0]!, text: `Version ${i} of a long text. ${'The bridge is closed. '.repeat(50)}` }])
    await e.save()
    const [log] = logFiles(dir)
    expect(logFiles(dir)).toHaveLength(1)
    expect(statSync(join(dir, log!)).size).toBeLessThan(4000)
    expect(e.search('version').hits[0]!.snippet).toContain('Version 19')
    await e.close()
    const again = await open(dir)
    expect(again.search('version').hits[0]!.snippet).toContain('Version 19')
  })

  it('keeps the old index when a rebuild fails', async () => {
    const dir = tempDir()
    const e = await engineWith(docs, dir)
    async function* failing() {
      yield doc({ id: 'x', text: 'half of a new set' })
      throw new Error('library read failed')
    }
    await expect(e.rebuild(failing())).rejects.toThrow('library read failed')
    expect(ids(e.search('bridge'))).toEqual(['a'])
    expect(ids(e.search('half'))).toEqual([])
    await e.close()
    expect(logFiles(dir)).toHaveLength(1)
    expect(ids((await open(dir)).search('bridge'))).toEqual(['a'])
  })

  it('does not save an index that still awaits its rebuild as if it were whole', async () => {
    const dir = tempDir()
    const e = await open(dir)
    expect(e.needsRebuild).toBe(true)
    e.upsert([doc({ id: 'only', text: 'one article of many' })])
    expect(ids(e.search('article'))).toEqual(['only'])
    await e.close()
    expect((await open(dir)).needsRebuild).toBe(true)
  })

  it('refuses calls after close', async () => {
    const e = await engineWith(docs)
    await e.close()
    expect(() => e.search('bridge')).toThrow(/closed/)
    expect(() => e.upsert([doc({})])).toThrow(/closed/)
  })
})

describe('index consistency (model-based)', () => {
  const words = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron', 'inlet', 'juniper']
  type Op = { kind: 'upsert'; id: number; words: number[]; field: number } | { kind: 'remove'; id: number } | { kind: 'save' } | { kind: 'reopen' } | { kind: 'crash' }
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('upsert' as const), id: fc.nat(11), words: fc.array(fc.nat(words.length - 1), { maxLength: 4 }), field: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(11) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'save' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
  )

  it('finds exactly the documents that contain a word, through upserts, removals, compaction, saves, crashes and reopens', async () => {
    // Tiny thresholds: freeze, compact, snapshot and rewrite the log all the time.
    const tuning = { liveDocs: 2, maxSegments: 2, snapshotAfterRecords: 3, snapshotAfterBytes: 1 << 30, logGarbageMin: 0 }
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const dir = tempDir()
        let e = await SearchEngine.open(dir, tuning)
        await e.rebuild([])
        const model = new Map<string, Set<string>>()
        const fieldOf = new Map<string, number>()
        for (const o of ops) {
          if (o.kind === 'upsert') {
            const text = o.words.map((w) => words[w]).join(' ')
            const fields = ['title', 'text', 'notes', 'author'] as const
            e.upsert([doc({ id: `k${o.id}`, [fields[o.field]!]: text })])
            model.set(`k${o.id}`, new Set(o.words.map((w) => words[w]!)))
            fieldOf.set(`k${o.id}`, o.field)
          } else if (o.kind === 'remove') {
            e.remove([`k${o.id}`])
            model.delete(`k${o.id}`)
          } else if (o.kind === 'save') await e.save()
          else if (o.kind === 'reopen') {
            await e.close()
            e = await SearchEngine.open(dir, tuning)
          } else {
            e = await SearchEngine.open(dir, tuning)
          }
        }
        expect(e.size).toBe(model.size)
        for (const w of words) {
          const expected = [...model].filter(([, ws]) => ws.has(w)).map(([id]) => id).sort()
          const found = e.search(`"${w}"`, { limit: 100 })
          expect(ids(found).sort()).toEqual(expected)
          // Text read back from the log (snippets) and titles belong to the current version.
          for (const hit of found.hits) {
            const field = fieldOf.get(hit.id)
            if (field === 0) expect(hit.title).toContain(w)
            if (field === 1 || field === 2) expect(hit.snippet).toContain(w)
          }
        }
        for (const id of model.keys()) {
          const r = e.related(id)
          for (const x of [...r.related.map((h) => h.id), ...r.sameStory]) {
            expect(x).not.toBe(id)
            expect(model.has(x)).toBe(true)
          }
        }
        await e.close()
      }),
      { numRuns: 60 },
    )
  })
})
