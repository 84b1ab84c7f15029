// The query language: words are ANDed; a word may also match as a prefix
// (the last word from 2 letters, as the user types; others from 4) and, from
// 5 letters, with one typo; "quoted phrases" match exactly, in order;
// -word and -"phrase" exclude. A quoted single word matches only itself.
import { isCjk, tokenize, tokenSpans } from './tokenize'

export interface QueryWord {
  term: string
  prefix: boolean
  fuzzy: boolean
}

export interface ParsedQuery {
  words: QueryWord[]
  /** Every word of each phrase, single letters included, folded. */
  phrases: string[][]
  excluded: string[]
  excludedPhrases: string[][]
}

export const MAX_QUERY_WORDS = 16
const PREFIX_MIN_LAST = 2
const PREFIX_MIN_OTHER = 4
const FUZZY_MIN = 5
const QUOTES = /[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02]/g
const DIGITS = /^\d+$/

function phraseWords(text: string): string[] {
  return tokenSpans(text, true).map((s) => s.term)
}

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { words: [], phrases: [], excluded: [], excludedPhrases: [] }
  const text = input.replace(QUOTES, '"').slice(0, 1000)
  const plain: string[] = []
  const exact = new Set<string>()
  for (const m of text.matchAll(/(-?)"([^"]*)"|(\S+)/g)) {
    if (m[3] !== undefined) {
      const piece = m[3]
      if (piece.length > 1 && piece.startsWith('-')) {
        const terms = tokenize(piece.slice(1))
        if (terms.length === 1) q.excluded.push(terms[0]!)
        else if (terms.length > 1) q.excludedPhrases.push(phraseWords(piece.slice(1)))
        continue
      }
      const terms = tokenize(piece)
      // A run of Chinese or Japanese is one word to its writer: match its characters in order.
      if (terms.length > 1 && terms.some(isCjk)) {
        q.phrases.push(phraseWords(piece))
        for (const t of terms) exact.add(t)
      } else plain.push(...terms)
      continue
    }
    const negative = m[1] === '-'
    const words = phraseWords(m[2]!)
    const terms = tokenize(m[2]!)
    if (terms.length === 0) continue
    if (negative) {
      if (words.length === 1) q.excluded.push(terms[0]!)
      else q.excludedPhrases.push(words)
      continue
    }
    for (const t of terms) exact.add(t)
    if (words.length > 1) q.phrases.push(words)
  }
  const seen = new Set<string>()
  for (const term of exact) {
    if (q.words.length >= MAX_QUERY_WORDS) break
    seen.add(term)
    q.words.push({ term, prefix: false, fuzzy: false })
  }
  const lastPlain = plain.length - 1
  plain.forEach((term, i) => {
    if (seen.has(term) || q.words.length >= MAX_QUERY_WORDS) return
    seen.add(term)
    const cjk = isCjk(term)
    q.words.push({
      term,
      prefix: !cjk && term.length >= (i === lastPlain ? PREFIX_MIN_LAST : PREFIX_MIN_OTHER),
      fuzzy: !cjk && term.length >= FUZZY_MIN && !DIGITS.test(term),
    })
  })
  return q
}
