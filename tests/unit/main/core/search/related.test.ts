import { describe, expect, it } from 'vitest'
import { relatedSet, syndicatedCopy, type LabelledArticle } from '../../../../fixtures/related-set'
import { doc, engineWith } from './helpers'

const asDoc = (a: LabelledArticle) => doc({ ...a, notes: '' })

describe('related articles', () => {
  it('finds articles on the same subject: precision of the top 3 >= 0.8', async () => {
    const e = await engineWith(relatedSet.map(asDoc))
    const subject = new Map(relatedSet.map((a) => [a.id, a.subject]))
    let hits = 0
    let shown = 0
    const misses: string[] = []
    for (const a of relatedSet) {
      const top = e.related(a.id, { limit: 3 }).related
      expect(top).toHaveLength(3)
      for (const r of top) {
        shown++
        if (subject.get(r.id) === a.subject) hits++
        else misses.push(`${a.id} -> ${r.id}`)
      }
    }
    const precision = hits / shown
    console.log(`related precision@3 = ${precision.toFixed(3)} over ${relatedSet.length} articles; off-subject: ${misses.join(', ') || 'none'}`)
    expect(precision).toBeGreaterThanOrEqual(0.8)
  })

  it('scores between 0 and 1, best first, never the article itself', async () => {
    const e = await engineWith(relatedSet.map(asDoc))
    for (const a of relatedSet) {
      const { related } = e.related(a.id, { limit: 10 })
      expect(related.map((r) => r.id)).not.toContain(a.id)
      for (const r of related) expect(r.score).toBeGreaterThan(0)
      for (const r of related) expect(r.score).toBeLessThanOrEqual(1)
      for (let i = 1; i < related.length; i++) expect(related[i - 1]!.score).toBeGreaterThanOrEqual(related[i]!.score)
    }
  })

  it('puts the same story from another feed in sameStory, not in related', async () => {
    const e = await engineWith([...relatedSet, syndicatedCopy].map(asDoc))
    const original = e.related('rates-1', { limit: 5 })
    expect(original.sameStory).toEqual(['rates-1-agency'])
    expect(original.related.map((r) => r.id)).not.toContain('rates-1-agency')
    expect(original.related.map((r) => r.id)).toHaveLength(5)
    const copy = e.related('rates-1-agency', { limit: 5 })
    expect(copy.sameStory).toEqual(['rates-1'])
    // Articles that merely share the subject are not duplicates.
    expect(e.related('rates-2').sameStory).toEqual([])
  })

  it('treats a recurring headline on a different subject as different stories', async () => {
    const e = await engineWith([
      doc({ id: 'mon', title: 'Morning briefing: what you need to know', text: 'The central bank raised interest rates and mortgage costs climbed for homeowners.' }),
      doc({ id: 'tue', title: 'Morning briefing: what you need to know', text: 'A wildfire forced thousands to evacuate as firefighters battled the blaze in dry hills.' }),
      doc({ id: 'wed', title: 'Rates rise again', text: 'Interest rates went up again and mortgage lenders passed the costs to homeowners.' }),
    ])
    expect(e.related('mon').sameStory).toEqual([])
  })

  it('leaves out what the caller does not accept, and unknown ids get nothing', async () => {
    const e = await engineWith([...relatedSet, syndicatedCopy].map(asDoc))
    const r = e.related('rates-1', { limit: 5, accept: (id) => !id.startsWith('rates-') })
    expect(r.related.every((x) => !x.id.startsWith('rates-'))).toBe(true)
    expect(r.sameStory).toEqual([])
    expect(e.related('no-such-article')).toEqual({ related: [], sameStory: [] })
  })

  it('prefers the newer of two equally close articles', async () => {
    const text = 'The lighthouse keeper repainted the lantern room before the winter storms.'
    const e = await engineWith([
      doc({ id: 'base', title: 'Lighthouse keeper', text: 'The lighthouse keeper climbed the stairs to the lantern room as winter storms rolled in.' }),
      doc({ id: 'older', title: 'Lantern room', text, published: '2024-01-01T00:00:00Z' }),
      doc({ id: 'newer', title: 'Lantern room', text, published: '2025-01-01T00:00:00Z' }),
    ])
    const r = e.related('base')
    // The two copies are each other's duplicates, but not of `base`: both are related, newer first.
    expect(r.related.map((x) => x.id)).toEqual(['newer', 'older'])
  })

  it('follows upserts and removals', async () => {
    const e = await engineWith(relatedSet.map(asDoc))
    e.remove(relatedSet.filter((a) => a.subject === 'space' && a.id !== 'space-1').map((a) => a.id))
    e.upsert([doc({ id: 'space-8', title: 'Martian crater rocks point to an ancient lake', text: 'New images from the rover show layered rocks in the crater, evidence of a lake that dried out. Scientists will seal samples for return to Earth.' })])
    const ids = e.related('space-1', { limit: 3 }).related.map((r) => r.id)
    expect(ids[0]).toBe('space-8')
    expect(ids.some((id) => id.startsWith('space-') && id !== 'space-8')).toBe(false)
  })
})
