// One tokenizer for documents, queries and snippets, so that what is indexed is
// exactly what a query can name. Terms are lower-cased and stripped of
// diacritics (a search for "cafe" finds "Café"); apostrophes and hyphens split
// words; Chinese and Japanese characters are one term each, since those
// scripts do not separate words with spaces (a query run of them is matched
// as a phrase). Single letters carry no meaning alone and are not indexed.

export const MAX_TERM_LENGTH = 40

const NON_ASCII = /[^\x00-\x7f]/
const MARKS = /\p{M}+/gu
const WORD_FOLDED = /[\p{L}\p{N}]+/gu
const WORD_RAW = /[\p{L}\p{N}\p{M}]+/gu
// Includes the prolonged sound mark (ー), which Unicode files under no script.
export const CJK_CLASS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\uff70'
const CJK = new RegExp(`[${CJK_CLASS}]`, 'u')
const CJK_CHAR = new RegExp(`[${CJK_CLASS}]`, 'gu')

// 1 for ASCII letters and digits, 2 for digits.
const ASCII_WORD = new Uint8Array(128)
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 2
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1

/** Lower-case and strip diacritics. */
export function fold(text: string): string {
  const lower = text.toLowerCase()
  if (!NON_ASCII.test(lower)) return lower
  return lower.normalize('NFKD').replace(MARKS, '')
}

function keep(term: string, all = false): boolean {
  if (term.length > MAX_TERM_LENGTH) return false
  if (term.length > 1 || all) return true
  const c = term.charCodeAt(0)
  return (c >= 48 && c <= 57) || CJK.test(term)
}

function pushWord(word: string, out: string[], all = false): void {
  if (!CJK.test(word)) {
    if (keep(word, all)) out.push(word)
    return
  }
  // Split a mixed run ("第3回" or "ipad版") into CJK characters and the words between them.
  let last = 0
  for (const m of word.matchAll(CJK_CHAR)) {
    const at = m.index!
    if (at > last) {
      const piece = word.slice(last, at)
      if (keep(piece, all)) out.push(piece)
    }
    out.push(m[0])
    last = at + m[0].length
  }
  if (last < word.length) {
    const piece = word.slice(last)
    if (keep(piece, all)) out.push(piece)
  }
}

/** The terms of a text, in order (repeats kept). */
export function tokenize(text: string, out: string[] = []): string[] {
  if (text.length === 0) return out
  const lower = text.toLowerCase()
  if (NON_ASCII.test(lower)) {
    const folded = lower.normalize('NFKD').replace(MARKS, '')
    for (const m of folded.matchAll(WORD_FOLDED)) pushWord(m[0], out)
    return out
  }
  // ASCII fast path: most of the library, and four to five times faster than the regex.
  const n = lower.length
  let start = -1
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32
    if (c < 128 && ASCII_WORD[c] !== 0) {
      if (start < 0) start = i
    } else if (start >= 0) {
      const len = i - start
      if (len > 1 ? len <= MAX_TERM_LENGTH : ASCII_WORD[lower.charCodeAt(start)] === 2) out.push(lower.slice(start, i))
      start = -1
    }
  }
  return out
}

export interface TokenSpan {
  term: string
  /** Offsets into the original text: text.slice(start, end) is the word as written. */
  start: number
  end: number
}

/**
 * Like tokenize, with each term's place in the original text (for snippets
 * and phrases). `all` keeps single letters too ("vitamin d" as a phrase).
 */
export function tokenSpans(text: string, all = false): TokenSpan[] {
  const out: TokenSpan[] = []
  const terms: string[] = []
  for (const m of text.matchAll(WORD_RAW)) {
    const raw = m[0]
    const at = m.index!
    if (!NON_ASCII.test(raw)) {
      const term = raw.toLowerCase()
      if (keep(term, all)) out.push({ term, start: at, end: at + raw.length })
      continue
    }
    if (CJK.test(raw)) {
      // Offsets of CJK characters map one to one; fold the pieces between them.
      let last = 0
      for (const c of raw.matchAll(CJK_CHAR)) {
        const ci = c.index!
        if (ci > last) pushSpan(raw.slice(last, ci), at + last, out, terms, all)
        out.push({ term: c[0], start: at + ci, end: at + ci + c[0].length })
        last = ci + c[0].length
      }
      if (last < raw.length) pushSpan(raw.slice(last), at + last, out, terms, all)
      continue
    }
    pushSpan(raw, at, out, terms, all)
  }
  return out
}

function pushSpan(raw: string, at: number, out: TokenSpan[], scratch: string[], all: boolean): void {
  scratch.length = 0
  // Folding can split a word ("ﬁ" ligatures stay one word; a stray mark vanishes).
  const folded = fold(raw)
  for (const m of folded.matchAll(WORD_FOLDED)) pushWord(m[0], scratch, all)
  for (const term of scratch) out.push({ term, start: at, end: at + raw.length })
}

/** True when the run of text is in a script written without spaces. */
export function isCjk(term: string): boolean {
  return CJK.test(term)
}
