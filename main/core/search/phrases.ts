// Phrases ("a b c") and excluded phrases (-"a b") are checked against the stored
// text of each candidate, since postings keep no word positions.
import { FIELD_COUNT } from './doc-table'
import type { DocLog } from './doc-log'
import type { InvertedIndex } from './inverted-index'
import { placement } from './scoring'
import { CJK_CLASS, fold, isCjk, tokenize } from './tokenize'

/** True when slot d contains every phrase, in order, and none of the excluded ones. */
export function phraseChecker(index: InvertedIndex, log: () => DocLog, phrases: string[][], excluded: string[][]): (d: number) => boolean {
  const docs = index.docs
  const want = phrases.map(phraseMatcher)
  const avoid = excluded.map((words) => ({ match: phraseMatcher(words), suspects: slotsWithAll(index, words) }))
  return (d: number): boolean => {
    const needAvoid = avoid.filter((a) => a.suspects.has(d))
    if (want.length === 0 && needAvoid.length === 0) return true
    const at = placement(docs, d)
    const title = docs.titles[d]!
    const text = log().readText(at)
    let rest: string | null = null
    const has = (match: (s: string) => boolean): boolean => {
      if (match(title) || match(text)) return true
      if (rest === null) {
        const { head, notes } = log().readHead(at)
        rest = `${notes}\n${head.author}\n${head.siteName}`
      }
      return match(rest)
    }
    for (const m of want) if (!has(m)) return false
    for (const a of needAvoid) if (has(a.match)) return false
    return true
  }
}

function slotsWithAll(index: InvertedIndex, words: string[]): Set<number> {
  let common = null as Set<number> | null
  for (const w of new Set(tokenize(words.join(' ')))) {
    const id = index.vocab.get(w)
    if (id === undefined) return new Set()
    const here = new Set<number>()
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (const seg of index.segments) {
        if (id >= seg.vocabSize) continue
        const post = seg.posts[f]!
        const end = seg.starts[f]![id + 1]!
        for (let i = seg.starts[f]![id]!; i < end; i++) here.add(post[i]! >>> 8)
      }
      for (const p of index.live.lists[f]!.get(id) ?? []) here.add(p >>> 8)
    }
    const prev: Set<number> | null = common
    common = prev === null ? here : new Set([...prev].filter((d) => here.has(d)))
  }
  return common ?? new Set()
}

const NON_ASCII = /[^\x00-\x7f]/

/**
 * Tests a text for the phrase's words in order, with only spaces or
 * punctuation between them. Texts are folded as the index folds them; plain
 * ASCII needs no folding, only a case-insensitive match (3x cheaper).
 */
function phraseMatcher(words: string[]): (text: string) => boolean {
  const sep = (a: string, b: string): string => (isCjk(a) || isCjk(b) ? '[^\\p{L}\\p{N}]*' : '[^\\p{L}\\p{N}]+')
  // A word ends where a letter of another kind begins: "ターWi-Fi" holds the word "wi".
  const wordChar = `(?![${CJK_CLASS}])[\\p{L}\\p{N}]`
  let src = isCjk(words[0]!) ? '' : `(?<!${wordChar})`
  words.forEach((w, i) => {
    if (i > 0) src += sep(words[i - 1]!, w)
    src += w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  })
  if (!isCjk(words[words.length - 1]!)) src += `(?!${wordChar})`
  const folded = new RegExp(src, 'u')
  if (words.some((w) => NON_ASCII.test(w))) return (text) => folded.test(fold(text))
  const ascii = new RegExp(`(?<![a-z0-9])${words.join('[^a-z0-9]+')}(?![a-z0-9])`, 'i')
  return (text) => (NON_ASCII.test(text) ? folded.test(fold(text)) : ascii.test(text))
}
