import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fold, tokenize, tokenSpans } from '../../../../../main/core/search/tokenize'
import { parseQuery } from '../../../../../main/core/search/query'

describe('tokenize', () => {
  it('lower-cases, strips accents and splits on punctuation', () => {
    expect(tokenize('Café-owners in São Paulo, don’t PANIC!')).toEqual(['cafe', 'owners', 'in', 'sao', 'paulo', 'don', 'panic'])
  })

  it('keeps digits, drops lone letters and very long junk', () => {
    expect(tokenize(`Vitamin D costs 5 dollars ${'x'.repeat(60)}`)).toEqual(['vitamin', 'costs', '5', 'dollars'])
  })

  it('splits Chinese and Japanese into characters, keeps Cyrillic and Greek words', () => {
    expect(tokenize('東京都の人口 Москва Αθήνα')).toEqual(['東', '京', '都', 'の', '人', '口', 'москва', 'αθηνα'])
  })

  it('gives the same terms as tokenSpans, whose offsets point at the words as written', () => {
    const alphabet = fc.constantFrom(...'abcXYZ éèüñ ÉÇ 12 -’\'.,東京 ﬁ'.split(''))
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (text) => {
        const spans = tokenSpans(text)
        expect(spans.map((s) => s.term)).toEqual(tokenize(text))
        for (const s of spans) expect(tokenize(text.slice(s.start, s.end))).toContain(s.term)
      }),
    )
  })

  it('folds a query the way it folds the text', () => {
    expect(fold('ÉLAN Vital')).toBe('elan vital')
  })
})

describe('parseQuery', () => {
  it('reads words, phrases, exclusions; prefix on the last word, typos from five letters', () => {
    const q = parseQuery('"climate change" summit -football -"world cup" negotiat')
    expect(q.phrases).toEqual([['climate', 'change']])
    expect(q.excluded).toEqual(['football'])
    expect(q.excludedPhrases).toEqual([['world', 'cup']])
    expect(q.words).toEqual([
      { term: 'climate', prefix: false, fuzzy: false },
      { term: 'change', prefix: false, fuzzy: false },
      { term: 'summit', prefix: true, fuzzy: true },
      { term: 'negotiat', prefix: true, fuzzy: true },
    ])
  })

  it('treats typographic quotes as quotes and an unclosed quote as plain words', () => {
    expect(parseQuery('“new york”').phrases).toEqual([['new', 'york']])
    expect(parseQuery('"new york').phrases).toEqual([])
    expect(parseQuery('"new york').words.map((w) => w.term)).toEqual(['new', 'york'])
  })

  it('does not expand short non-final words', () => {
    const q = parseQuery('ai act')
    expect(q.words).toEqual([
      { term: 'ai', prefix: false, fuzzy: false },
      { term: 'act', prefix: true, fuzzy: false },
    ])
  })
})
