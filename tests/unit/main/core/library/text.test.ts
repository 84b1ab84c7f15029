// The library's text helpers take shortcuts (only the head of a long text is flattened
// for its excerpt; words are counted without a regex match array). What they give must be
// what the plain definitions give, or stored excerpts and word counts would change.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { excerptOf, wordCount } from '../../../../../main/core/library/text'

function plainExcerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '') + '…'
}

const plainWordCount = (text: string) => (text.match(/\S+/g) ?? []).length

const pieces = fc.constantFrom('a', 'b', ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', 'é', ',', '.', '—', '\u200b', '\u0085', '\u180e', 'word '.repeat(40), ' '.repeat(300), '\n\n'.repeat(200))
const texts = fc.array(pieces, { maxLength: 300 }).map((a) => a.join(''))

describe('text helpers', () => {
  it('an excerpt is the whole text flattened, cut at a word, however long the text and its spaces', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 300 }), (text, max) => {
        expect(excerptOf(text, max)).toBe(plainExcerpt(text, max))
        expect(excerptOf(text)).toBe(plainExcerpt(text))
      }),
      { numRuns: 3000 },
    )
  })

  it('a long text with spaces where its head is cut gives the same excerpt', () => {
    const text = 'x'.repeat(150) + ' '.repeat(700) + 'y'.repeat(100) + ' tail'
    expect(excerptOf(text)).toBe(plainExcerpt(text))
    expect(excerptOf(text, 10)).toBe(plainExcerpt(text, 10))
  })

  it('words are counted as runs of non-space characters, Unicode spaces included', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(wordCount(text)).toBe(plainWordCount(text))
      }),
      { numRuns: 3000 },
    )
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)}b`
      if (wordCount(text) !== plainWordCount(text)) expect.fail(`U+${c.toString(16)} counted differently`)
    }
  })
})
