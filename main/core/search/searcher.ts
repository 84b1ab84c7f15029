// Query evaluation over the inverted index.
//
// Search scores every posting of every query word into per-slot arrays
// (term-at-a-time): a slot must match word 1, then word 2, and so on (AND),
// the rarest word first so later words only touch surviving slots. A word
// matches through its expansions (itself, words it is a prefix of, words one
// typo away), each weighted below an exact match; a slot keeps its best
// expansion per word. Scores are BM25 per field with field boosts. Phrases
// are then checked against the stored text, in rank order.
import { BODY, FIELD_COUNT, META, NOTES, TITLE } from './doc-table'
import type { DocLog } from './doc-log'
import { gate } from './filters'
import { phraseChecker } from './phrases'
import { parseQuery, type ParsedQuery } from './query'
import { BLOCKED, placement, SlotHeap, type Scorer } from './scoring'
import { bestPassage, cutSnippet, surfaceForms, type Highlighter } from './snippet'
import type { SearchFilters, SearchHit, SearchResult } from './types'

/** Title over notes over body; author and site count like body words. */
const BOOST = new Float64Array(FIELD_COUNT)
BOOST[TITLE] = 3
BOOST[BODY] = 1
BOOST[NOTES] = 1.5
BOOST[META] = 1
const FUZZY_WEIGHT = 0.45
const MAX_EXPANSIONS = 1000
/**
 * Phrase checks read each candidate's text (about 10 us each), best-ranked
 * first. Once the page is full, checking stops after VERIFY_MS and the total
 * is estimated from the share that passed; it stops at VERIFY_MAX_MS in any
 * case (a phrase of common words that rarely meet), with what was found.
 */
const VERIFY_MS = 6
const VERIFY_MAX_MS = 12

interface Expansion {
  ids: number[]
  weights: number[]
  cost: number
}

export interface SearchOptions {
  filters?: SearchFilters
  limit?: number
  offset?: number
}

export class Searcher {
  constructor(
    private readonly scorer: Scorer,
    private readonly log: () => DocLog,
  ) {}

  search(query: string, opts: SearchOptions = {}): SearchResult {
    const none: SearchResult = { total: 0, hits: [] }
    const limit = Math.max(0, Math.min(opts.limit ?? 20, 1000))
    const offset = Math.max(0, opts.offset ?? 0)
    const q = parseQuery(query)
    const { scorer } = this
    const { index } = scorer
    if (q.words.length === 0 || index.docs.alive === 0) return none
    const expansions: Expansion[] = []
    for (const w of q.words) {
      const e = this.expand(w.term, w.prefix, w.fuzzy)
      if (e.ids.length === 0) return none
      expansions.push(e)
    }
    const n = scorer.prepare()
    gate(scorer.stage, index.docs, n, opts.filters)
    for (const t of q.excluded) {
      const id = index.vocab.get(t)
      if (id !== undefined) this.block(id)
    }
    const order = expansions.map((_, i) => i).sort((a, b) => expansions[a]!.cost - expansions[b]!.cost)
    const cands = this.andWords(order.map((i) => expansions[i]!))
    const docs = index.docs
    const matched: number[] = []
    const need = order.length
    const accept = opts.filters?.accept
    for (const d of cands) {
      if (scorer.stage[d] !== need) continue
      if (accept && !accept(docs.ids[d]!)) continue
      matched.push(d)
    }

    const want = offset + limit
    let total = matched.length
    let estimated = false
    let ranked: number[]
    const phrases = q.phrases.filter((p) => p.length > 1)
    if (phrases.length === 0 && q.excludedPhrases.length === 0) ranked = scorer.top(matched, want)
    else {
      const checker = phraseChecker(index, this.log, phrases, q.excludedPhrases)
      const heap = new SlotHeap(matched, scorer.acc, docs.published)
      ranked = []
      let checked = 0
      let passed = 0
      const started = performance.now()
      while (heap.size > 0) {
        if ((checked & 15) === 0 && checked > 0) {
          const spent = performance.now() - started
          if (spent > VERIFY_MAX_MS || (ranked.length >= want && spent > VERIFY_MS)) break
        }
        const d = heap.pop()
        checked++
        if (!checker(d)) continue
        passed++
        if (ranked.length < want) ranked.push(d)
      }
      if (heap.size > 0) {
        total = passed + Math.round((heap.size * passed) / checked)
        estimated = true
      } else total = passed
    }

    const highlighter = this.highlighter(q, expansions)
    const hits: SearchHit[] = []
    for (const d of ranked.slice(offset, want)) hits.push(this.hit(d, highlighter))
    return estimated ? { total, hits, estimated: true } : { total, hits }
  }

  /** A query word's matching terms: itself, then longer words it begins, then words one typo away. */
  private expand(term: string, prefix: boolean, fuzzy: boolean): Expansion {
    const vocab = this.scorer.index.vocab
    const ids: number[] = []
    const weights: number[] = []
    const exact = vocab.get(term)
    if (exact !== undefined && vocab.df[exact]! > 0) {
      ids.push(exact)
      weights.push(1)
    }
    let more: { id: number; w: number }[] = []
    if (prefix) {
      for (const id of vocab.withPrefix(term)) {
        if (id === exact) continue
        more.push({ id, w: 0.35 + (0.45 * term.length) / vocab.terms[id]!.length })
      }
    }
    if (fuzzy) {
      const have = new Set(more.map((m) => m.id))
      for (const id of vocab.withinOneEdit(term)) if (!have.has(id)) more.push({ id, w: FUZZY_WEIGHT })
    }
    if (more.length > MAX_EXPANSIONS) {
      // A two-letter prefix can name thousands of words; the frequent ones are the likely intent.
      more.sort((a, b) => vocab.df[b.id]! - vocab.df[a.id]!)
      more = more.slice(0, MAX_EXPANSIONS)
    }
    let cost = exact !== undefined ? vocab.df[exact]! : 0
    for (const m of more) {
      ids.push(m.id)
      weights.push(m.w)
      cost += vocab.df[m.id]!
    }
    return { ids, weights, cost }
  }

  private block(term: number): void {
    const { index, stage } = this.scorer
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (const seg of index.segments) {
        if (term >= seg.vocabSize) continue
        const post = seg.posts[f]!
        const end = seg.starts[f]![term + 1]!
        for (let i = seg.starts[f]![term]!; i < end; i++) stage[post[i]! >>> 8] = BLOCKED
      }
      const list = index.live.lists[f]!.get(term)
      if (list) for (const p of list) stage[p >>> 8] = BLOCKED
    }
  }

  /** Runs the AND: returns the slots that matched the first word (check stage === words for all). */
  private andWords(words: Expansion[]): number[] {
    const cands: number[] = []
    const { scorer } = this
    const { stage, acc, best, tmp } = scorer
    for (let w = 0; w < words.length; w++) {
      const { ids, weights } = words[w]!
      const next = w + 1
      for (let k = 0; k < ids.length; k++) {
        scorer.touchedCount = 0
        scorer.scoreTerm(ids[k]!, weights[k]!, BOOST, w, next)
        const touched = scorer.touched
        for (let i = 0; i < scorer.touchedCount; i++) {
          const d = touched[i]!
          const s = tmp[d]!
          tmp[d] = 0
          if (stage[d] === w) {
            stage[d] = next
            acc[d]! += s
            best[d] = s
            if (w === 0) cands.push(d)
          } else if (s > best[d]!) {
            acc[d]! += s - best[d]!
            best[d] = s
          }
        }
      }
    }
    return cands
  }

  private highlighter(q: ParsedQuery, expansions: Expansion[]): Highlighter {
    const vocab = this.scorer.index.vocab
    const wordOf = new Map<string, number>()
    const weights: number[] = []
    expansions.forEach((e, w) => {
      weights.push(1 + this.scorer.index.idf(e.ids[0]!))
      for (const id of e.ids) if (!wordOf.has(vocab.terms[id]!)) wordOf.set(vocab.terms[id]!, w)
    })
    const phrases = q.phrases.filter((p) => p.length > 1)
    for (const p of phrases) weights.push(2 * p.length)
    return { wordOf, weights, phrases }
  }

  private hit(d: number, h: Highlighter): SearchHit {
    const docs = this.scorer.index.docs
    const at = placement(docs, d)
    const log = this.log()
    const text = log.readText(at)
    const { notes } = log.readHead(at)
    const title = docs.titles[d]!
    const inText = bestPassage(text, h)
    const inNotes = notes ? bestPassage(notes, h) : null
    const forms = new Map<string, string>()
    surfaceForms(title, bestPassage(title, h).marks, forms)
    surfaceForms(text, inText.marks, forms)
    if (inNotes) surfaceForms(notes, inNotes.marks, forms)
    const snippet = inNotes && inNotes.score > inText.score ? cutSnippet(notes, inNotes) : cutSnippet(text, inText)
    return { id: docs.ids[d]!, score: round(this.scorer.acc[d]!), title, snippet, matches: [...forms.values()] }
  }
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4
}
