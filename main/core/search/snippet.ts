// Snippets: the passage of about two lines where the most (and the rarest)
// query words sit closest together, and the words as the article spells them
// so the reader can highlight them.
import { tokenSpans, type TokenSpan } from './tokenize'

export const SNIPPET_MAX = 240
/** Width, in characters, of the passage whose matches are counted together. */
const WINDOW = 160

export interface Highlighter {
  /** Term -> index of the query word it satisfies. */
  wordOf: Map<string, number>
  /** Weight of each query word (its idf), then of each phrase. */
  weights: number[]
  phrases: string[][]
}

interface Mark {
  start: number
  end: number
  /** Query word index, or words.length + phrase index. */
  key: number
}

export interface Passage {
  score: number
  start: number
  end: number
  marks: Mark[]
}

function findMarks(text: string, h: Highlighter): Mark[] {
  if (text.length === 0) return []
  const spans: TokenSpan[] = tokenSpans(text, h.phrases.length > 0)
  const marks: Mark[] = []
  for (const s of spans) {
    const key = h.wordOf.get(s.term)
    if (key !== undefined) marks.push({ start: s.start, end: s.end, key })
  }
  const base = h.weights.length - h.phrases.length
  h.phrases.forEach((words, p) => {
    for (let i = 0; i + words.length <= spans.length; i++) {
      let k = 0
      while (k < words.length && spans[i + k]!.term === words[k]) k++
      if (k === words.length) marks.push({ start: spans[i]!.start, end: spans[i + k - 1]!.end, key: base + p })
    }
  })
  return marks.sort((a, b) => a.start - b.start)
}

/** The best passage of `text` for these query words (score 0 when nothing matches). */
export function bestPassage(text: string, h: Highlighter): Passage {
  const marks = findMarks(text, h)
  const best: Passage = { score: 0, start: 0, end: 0, marks }
  const seen = new Map<number, number>()
  let distinct = 0
  let lo = 0
  for (let hi = 0; hi < marks.length; hi++) {
    const m = marks[hi]!
    const c = seen.get(m.key) ?? 0
    if (c === 0) distinct += h.weights[m.key]!
    seen.set(m.key, c + 1)
    while (m.end - marks[lo]!.start > WINDOW) {
      const k = marks[lo]!.key
      const n = seen.get(k)! - 1
      seen.set(k, n)
      if (n === 0) distinct -= h.weights[k]!
      lo++
    }
    // Distinct words count most; repeats break ties.
    const score = distinct + 0.01 * (hi - lo + 1)
    if (score > best.score + 1e-9) {
      best.score = score
      best.start = marks[lo]!.start
      best.end = m.end
    }
  }
  return best
}

/** Cuts a passage (or the opening, for no passage) to at most SNIPPET_MAX characters, on word boundaries. */
export function cutSnippet(text: string, passage: Passage | null): string {
  const room = SNIPPET_MAX - 2
  let start = 0
  if (passage && passage.score > 0) {
    const width = passage.end - passage.start
    const lead = width >= room ? 0 : Math.min(80, Math.floor((room - width) / 3))
    start = Math.max(0, passage.start - lead)
    if (start > 0) {
      // Start at a word, or a sentence if one begins shortly before the match.
      const sentence = text.lastIndexOf('. ', passage.start)
      if (sentence >= start - 20 && sentence < passage.start) start = sentence + 2
      else {
        const space = text.indexOf(' ', start)
        if (space >= 0 && space < passage.start) start = space + 1
      }
    }
  }
  let end = Math.min(text.length, start + room)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > start + room / 2) end = space
  }
  let snippet = text.slice(start, end).replace(/\s+/g, ' ').trim()
  if (start > 0) snippet = '…' + snippet
  if (end < text.length) snippet += '…'
  return snippet.slice(0, SNIPPET_MAX)
}

/** The matched words and phrases as spelled in the text, once each, case-insensitively. */
export function surfaceForms(text: string, marks: Mark[], into: Map<string, string>): void {
  for (const m of marks) {
    if (into.size >= 24) return
    const form = text.slice(m.start, m.end).replace(/\s+/g, ' ')
    const key = form.toLowerCase()
    if (!into.has(key)) into.set(key, form)
  }
}
