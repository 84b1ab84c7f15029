import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { InvertedIndex } from '../../../../../main/core/search/inverted-index'
import { oneEditApart } from '../../../../../main/core/search/vocabulary'

/** Optimal string alignment distance, the slow way. */
function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
    }
  return d[a.length]![b.length]!
}

const word = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 9 }).map((a) => a.join(''))

describe('vocabulary', () => {
  it('oneEditApart agrees with the edit distance', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(oneEditApart(a, b)).toBe(osa(a, b) === 1)
      }),
      { numRuns: 3000 },
    )
  })

  it('finds every term one typo away, sorted part and unsorted tail alike', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 80 }), fc.uniqueArray(word, { maxLength: 20 }), word, (before, after, query) => {
        const index = new InvertedIndex()
        const place = { headOff: 0, headLen: 0, textOff: 0, textLen: 0 }
        index.add({ id: 'x', title: '', text: before.join(' '), author: '', siteName: '', feedId: null, published: '', notes: '' }, place)
        index.compact()
        index.add({ id: 'y', title: '', text: after.join(' '), author: '', siteName: '', feedId: null, published: '', notes: '' }, place)
        const all = [...new Set([...before, ...after])].filter((w) => w.length > 1)
        const q = query.length < 5 ? query + 'abcde'.slice(query.length) : query
        const found = index.vocab.withinOneEdit(q).map((id) => index.vocab.terms[id]).sort()
        expect(found).toEqual(all.filter((w) => osa(w, q) === 1).sort())
        const prefixed = index.vocab.withPrefix(q.slice(0, 2)).map((id) => index.vocab.terms[id]).sort()
        expect(prefixed).toEqual(all.filter((w) => w.startsWith(q.slice(0, 2))).sort())
      }),
      { numRuns: 300 },
    )
  })
})
