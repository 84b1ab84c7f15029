// Query evaluation and more-like-this over the inverted index.
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
import type { InvertedIndex } from './inverted-index'
import { parseDate } from './inverted-index'
import { parseQuery, type ParsedQuery } from './query'
import { bestPassage, cutSnippet, surfaceForms, type Highlighter } from './snippet'
import { STOPWORDS } from './stopwords'
import { CJK_CLASS, fold, isCjk, tokenize } from './tokenize'
import type { RelatedResult, SearchFilters, SearchHit, SearchResult } from './types'

const K1 = 1.2
const B = 0.75
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
const BLOCKED = 255
/** Terms of an article that query for its related ones, and candidates ranked in full. */
const RELATED_TERMS = 25
const RELATED_POOL = 25
/**
 * Similarity reads this much of each text: the opening carries the subject,
 * and reading and tokenizing whole texts was most of related()'s time.
 */
const VECTOR_CHARS = 3000
/** Cosine similarity above which two articles are the same story. */
const DUPLICATE_SIM = 0.8
/** Same headline: the same story when the texts are this close. */
const SAME_TITLE_SIM = 0.5

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

export interface RelatedOptions {
  limit?: number
  accept?: (id: string) => boolean
}

export class Searcher {
  private stage = new Uint8Array(0)
  private acc = new Float64Array(0)
  private best = new Float64Array(0)
  private tmp = new Float64Array(0)
  private touched = new Int32Array(0)
  private touchedCount = 0

  constructor(
    private readonly index: InvertedIndex,
    private readonly log: () => DocLog,
  ) {}

  private prepare(): number {
    const n = this.index.docs.count
    if (this.stage.length < n) {
      const size = Math.max(1024, n + (n >> 2))
      this.stage = new Uint8Array(size)
      this.acc = new Float64Array(size)
      this.best = new Float64Array(size)
      this.tmp = new Float64Array(size)
      this.touched = new Int32Array(size)
    }
    this.acc.fill(0, 0, n)
    return n
  }

  search(query: string, opts: SearchOptions = {}): SearchResult {
    const none: SearchResult = { total: 0, hits: [] }
    const limit = Math.max(0, Math.min(opts.limit ?? 20, 1000))
    const offset = Math.max(0, opts.offset ?? 0)
    const q = parseQuery(query)
    const { index } = this
    if (q.words.length === 0 || index.docs.alive === 0) return none
    const expansions: Expansion[] = []
    for (const w of q.words) {
      const e = this.expand(w.term, w.prefix, w.fuzzy)
      if (e.ids.length === 0) return none
      expansions.push(e)
    }
    const n = this.prepare()
    this.gate(n, opts.filters)
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
      if (this.stage[d] !== need) continue
      if (accept && !accept(docs.ids[d]!)) continue
      matched.push(d)
    }

    const want = offset + limit
    let total = matched.length
    let estimated = false
    let ranked: number[]
    const phrases = q.phrases.filter((p) => p.length > 1)
    if (phrases.length === 0 && q.excludedPhrases.length === 0) ranked = this.top(matched, want)
    else {
      const checker = this.phraseChecker(phrases, q.excludedPhrases)
      const heap = new SlotHeap(matched, this.acc, docs.published)
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
    const vocab = this.index.vocab
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

  /** Stage 0 for slots that may match, BLOCKED for dead or filtered-out ones. */
  private gate(n: number, filters: SearchFilters | undefined): void {
    const { stage } = this
    const docs = this.index.docs
    const live = docs.live
    let feeds: Uint8Array | null = null
    let from = -Infinity
    let to = Infinity
    if (filters?.feedIds) {
      feeds = new Uint8Array(docs.feedNames.length + 1)
      for (const f of filters.feedIds) {
        const i = docs.feedIndexIfKnown(f)
        if (i !== undefined) feeds[i] = 1
      }
    }
    if (filters?.from) from = parseDate(filters.from) || -Infinity
    if (filters?.to) to = endOfDay(filters.to)
    const published = docs.published
    const feed = docs.feed
    for (let d = 0; d < n; d++) {
      let ok = live[d] === 1
      if (ok && feeds !== null) ok = feed[d]! >= 0 && feeds[feed[d]!] === 1
      if (ok && (published[d]! < from || published[d]! > to)) ok = false
      stage[d] = ok ? 0 : BLOCKED
    }
  }

  private block(term: number): void {
    const { index, stage } = this
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
    const { stage, acc, best, tmp } = this
    for (let w = 0; w < words.length; w++) {
      const { ids, weights } = words[w]!
      const next = w + 1
      for (let k = 0; k < ids.length; k++) {
        this.touchedCount = 0
        this.scoreTerm(ids[k]!, weights[k]!, BOOST, w, next)
        const touched = this.touched
        for (let i = 0; i < this.touchedCount; i++) {
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

  /**
   * Adds weight x BM25 of `term` into tmp for slots whose stage is lo or hi,
   * listing newly touched slots. The hot loop of search and related.
   */
  private scoreTerm(term: number, weight: number, boost: Float64Array, lo: number, hi: number): void {
    const { index, stage, tmp, touched } = this
    const docs = index.docs
    const lengths = docs.lengths
    const idf = index.idf(term)
    let nt = this.touchedCount
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (boost[f] === 0) continue
      const factor = weight * idf * boost[f]! * (K1 + 1)
      const avg = docs.alive > 0 ? docs.totals[f]! / docs.alive : 0
      const invAvg = avg > 0 ? 1 / avg : 0
      const c0 = K1 * (1 - B)
      const c1 = K1 * B * invAvg
      for (const seg of index.segments) {
        if (term >= seg.vocabSize) continue
        const post = seg.posts[f]!
        const end = seg.starts[f]![term + 1]!
        for (let i = seg.starts[f]![term]!; i < end; i++) {
          const p = post[i]!
          const d = p >>> 8
          const st = stage[d]
          if (st !== lo && st !== hi) continue
          const tf = p & 255
          if (tmp[d] === 0) touched[nt++] = d
          tmp[d]! += (factor * tf) / (tf + c0 + c1 * lengths[d * FIELD_COUNT + f]!)
        }
      }
      const list = index.live.lists[f]!.get(term)
      if (list) {
        for (const p of list) {
          const d = p >>> 8
          const st = stage[d]
          if (st !== lo && st !== hi) continue
          const tf = p & 255
          if (tmp[d] === 0) touched[nt++] = d
          tmp[d]! += (factor * tf) / (tf + c0 + c1 * lengths[d * FIELD_COUNT + f]!)
        }
      }
    }
    this.touchedCount = nt
  }

  /** The best `k` slots, best first (ties: newer first). */
  private top(slots: number[], k: number): number[] {
    if (k <= 0) return []
    const { acc } = this
    const pub = this.index.docs.published
    const better = (a: number, b: number): boolean => acc[a]! > acc[b]! || (acc[a] === acc[b] && pub[a]! > pub[b]!)
    if (slots.length <= k * 4) return slots.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, k)
    // Min-heap of the k best so far.
    const heap: number[] = []
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && better(heap[m]!, heap[l]!)) m = l
        if (r < heap.length && better(heap[m]!, heap[r]!)) m = r
        if (m === i) return
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    for (const d of slots) {
      if (heap.length < k) {
        heap.push(d)
        let i = heap.length - 1
        while (i > 0) {
          const p = (i - 1) >> 1
          if (!better(heap[p]!, heap[i]!)) break
          ;[heap[i], heap[p]] = [heap[p]!, heap[i]!]
          i = p
        }
      } else if (better(d, heap[0]!)) {
        heap[0] = d
        down(0)
      }
    }
    return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
  }

  /** True when slot d contains every phrase, in order, and none of the excluded ones. */
  private phraseChecker(phrases: string[][], excluded: string[][]): (d: number) => boolean {
    const docs = this.index.docs
    const want = phrases.map(phraseMatcher)
    const avoid = excluded.map((words) => ({ match: phraseMatcher(words), suspects: this.slotsWithAll(words) }))
    return (d: number): boolean => {
      const needAvoid = avoid.filter((a) => a.suspects.has(d))
      if (want.length === 0 && needAvoid.length === 0) return true
      const at = placement(docs, d)
      const title = docs.titles[d]!
      const text = this.log().readText(at)
      let rest: string | null = null
      const has = (match: (s: string) => boolean): boolean => {
        if (match(title) || match(text)) return true
        if (rest === null) {
          const { head, notes } = this.log().readHead(at)
          rest = `${notes}\n${head.author}\n${head.siteName}`
        }
        return match(rest)
      }
      for (const m of want) if (!has(m)) return false
      for (const a of needAvoid) if (has(a.match)) return false
      return true
    }
  }

  private slotsWithAll(words: string[]): Set<number> {
    const { index } = this
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

  private highlighter(q: ParsedQuery, expansions: Expansion[]): Highlighter {
    const vocab = this.index.vocab
    const wordOf = new Map<string, number>()
    const weights: number[] = []
    expansions.forEach((e, w) => {
      weights.push(1 + this.index.idf(e.ids[0]!))
      for (const id of e.ids) if (!wordOf.has(vocab.terms[id]!)) wordOf.set(vocab.terms[id]!, w)
    })
    const phrases = q.phrases.filter((p) => p.length > 1)
    for (const p of phrases) weights.push(2 * p.length)
    return { wordOf, weights, phrases }
  }

  private hit(d: number, h: Highlighter): SearchHit {
    const docs = this.index.docs
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
    return { id: docs.ids[d]!, score: round(this.acc[d]!), title, snippet, matches: [...forms.values()] }
  }

  // ---- related ----------------------------------------------------------

  /**
   * More like this: the article's most distinctive terms (tf-idf, in title
   * and text) query the index for a pool of candidates, which are then ranked
   * by cosine similarity of their whole tf-idf vectors to the article's, the
   * newer first when equally close. A candidate that is nearly the same text,
   * or has the same headline over much the same text, is the same story.
   */
  related(id: string, opts: RelatedOptions = {}): RelatedResult {
    const { index } = this
    const docs = index.docs
    const self = docs.idToSlot.get(id)
    const limit = Math.max(0, Math.min(opts.limit ?? 10, 100))
    if (self === undefined || limit === 0) return { related: [], sameStory: [] }
    const mine = this.vectors(self)
    const query = [...mine.full.entries()]
      .filter(([t]) => index.vocab.df[t]! >= 2 && !isNumber(index.vocab.terms[t]!))
      .sort((a, b) => b[1] - a[1])
      .slice(0, RELATED_TERMS)
    if (query.length === 0) return { related: [], sameStory: [] }

    const n = this.prepare()
    const { stage, acc, tmp } = this
    for (let d = 0; d < n; d++) stage[d] = docs.live[d] === 1 ? 0 : BLOCKED
    stage[self] = BLOCKED
    const boost = new Float64Array(FIELD_COUNT)
    boost[TITLE] = 2
    boost[BODY] = 1
    const cands: number[] = []
    for (const [t, w] of query) {
      this.touchedCount = 0
      // w already holds idf, and BM25 multiplies by it again: pass the tf part only.
      this.scoreTerm(t, w / index.idf(t), boost, 0, 1)
      for (let i = 0; i < this.touchedCount; i++) {
        const d = this.touched[i]!
        if (stage[d] === 0) {
          stage[d] = 1
          cands.push(d)
        }
        acc[d]! += tmp[d]!
        tmp[d] = 0
      }
    }
    const sameTitle = new Set(this.sameTitle(self))
    const pool = new Set([...this.top(cands, Math.max(RELATED_POOL, 2 * limit + 5)), ...sameTitle])

    const accept = opts.accept
    const scored: { d: number; sim: number }[] = []
    const sameStory: { id: string; sim: number }[] = []
    for (const d of pool) {
      const other = this.vectors(d)
      const sim = cosine(mine.full, other.full)
      const duplicate = sim >= DUPLICATE_SIM || (sameTitle.has(d) && cosine(mine.body, other.body) >= SAME_TITLE_SIM)
      if (accept && !accept(docs.ids[d]!)) continue
      if (duplicate) sameStory.push({ id: docs.ids[d]!, sim })
      else scored.push({ d, sim })
    }
    const pub = docs.published
    scored.sort((a, b) => Math.round(b.sim * 1000) - Math.round(a.sim * 1000) || pub[b.d]! - pub[a.d]!)
    sameStory.sort((a, b) => b.sim - a.sim)
    return {
      related: scored
        .slice(0, limit)
        .filter((x) => x.sim > 0)
        .map((x) => ({ id: docs.ids[x.d]!, score: Math.round(x.sim * 1000) / 1000 })),
      sameStory: sameStory.map((x) => x.id),
    }
  }

  /** tf-idf vectors of a slot's text, and of its title and text together. */
  private vectors(d: number): { full: Map<number, number>; body: Map<number, number> } {
    const docs = this.index.docs
    const body = this.termCounts(tokenize(this.log().readText(placement(docs, d)).slice(0, VECTOR_CHARS)))
    const full = new Map(body)
    for (const [id, c] of this.termCounts(tokenize(docs.titles[d]!))) full.set(id, (full.get(id) ?? 0) + c)
    return { full: this.tfIdf(full), body: this.tfIdf(body) }
  }

  /**
   * Term counts for similarity: function words left out, and a plural
   * counted as its singular when the library has that word ("fires" and
   * "fire" are the same subject; search keeps them apart).
   */
  private termCounts(terms: string[]): Map<number, number> {
    // Count by string first: the small map stays in cache, and the big
    // dictionary is then asked once per distinct word rather than per word.
    const counts = new Map<string, number>()
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1)
    const vocab = this.index.vocab
    const tf = new Map<number, number>()
    for (const [t, c] of counts) {
      if ((t.length < 3 && !isCjk(t)) || STOPWORDS.has(t)) continue
      const singular = singularOf(t)
      const id = (singular === t ? undefined : vocab.get(singular)) ?? vocab.get(t)
      if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + c)
    }
    return tf
  }

  private tfIdf(tf: Map<number, number>): Map<number, number> {
    for (const [id, f] of tf) tf.set(id, (1 + Math.log(f)) * this.index.idf(id))
    return tf
  }

  /** Other live slots with the same headline (via the rarest title word's postings). */
  private sameTitle(self: number): number[] {
    const { index } = this
    const docs = index.docs
    const key = docs.titleHash[self]!
    const terms = tokenize(docs.titles[self]!)
    if (key === 0 || terms.length < 3) return []
    let rarest = -1
    for (const t of terms) {
      const id = index.vocab.get(t)
      if (id !== undefined && (rarest < 0 || index.vocab.df[id]! < index.vocab.df[rarest]!)) rarest = id
    }
    if (rarest < 0) return []
    const out: number[] = []
    const seen = new Set<number>([self])
    const visit = (p: number): void => {
      const d = p >>> 8
      if (!seen.has(d) && docs.live[d] === 1 && docs.titleHash[d] === key) out.push(d)
      seen.add(d)
    }
    for (const seg of index.segments) {
      if (rarest >= seg.vocabSize) continue
      const post = seg.posts[TITLE]!
      const end = seg.starts[TITLE]![rarest + 1]!
      for (let i = seg.starts[TITLE]![rarest]!; i < end; i++) visit(post[i]!)
    }
    for (const p of index.live.lists[TITLE]!.get(rarest) ?? []) visit(p)
    return out
  }
}

function placement(docs: InvertedIndex['docs'], d: number) {
  return { headOff: docs.headOff[d]!, headLen: docs.headLen[d]!, textOff: docs.textOff[d]!, textLen: docs.textLen[d]! }
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

/** `to` covers the whole of its last day when it is a bare date. */
function endOfDay(iso: string): number {
  const t = parseDate(iso)
  if (!t) return Infinity
  return /^\d{4}-\d{2}-\d{2}$/.test(iso.trim()) ? t + 86_400_000 - 1 : t
}

/** English plurals, the "S" stemmer: -ies -> -y, -es -> -e, -s -> (nothing). */
function singularOf(t: string): string {
  if (t.length < 4 || t.charCodeAt(t.length - 1) !== 115 /* s */) return t
  if (t.endsWith('ies') && t.length > 4 && !t.endsWith('eies') && !t.endsWith('aies')) return t.slice(0, -3) + 'y'
  if (t.endsWith('es') && !t.endsWith('aes') && !t.endsWith('ees') && !t.endsWith('oes')) return t.slice(0, -1)
  if (t.endsWith('us') || t.endsWith('ss')) return t
  return t.slice(0, -1)
}

function isNumber(term: string): boolean {
  return /^\d+$/.test(term)
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (const [t, w] of a) {
    na += w * w
    const v = b.get(t)
    if (v !== undefined) dot += w * v
  }
  for (const w of b.values()) nb += w * w
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4
}

/** Max-heap of slots by score, then recency: pops candidates in rank order. */
class SlotHeap {
  private heap: number[]
  constructor(
    slots: number[],
    private readonly acc: Float64Array,
    private readonly pub: Float64Array,
  ) {
    this.heap = slots
    for (let i = (slots.length >> 1) - 1; i >= 0; i--) this.down(i)
  }

  get size(): number {
    return this.heap.length
  }

  private better(a: number, b: number): boolean {
    return this.acc[a]! > this.acc[b]! || (this.acc[a] === this.acc[b] && this.pub[a]! > this.pub[b]!)
  }

  private down(i: number): void {
    const h = this.heap
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && this.better(h[l]!, h[m]!)) m = l
      if (r < h.length && this.better(h[r]!, h[m]!)) m = r
      if (m === i) return
      ;[h[i], h[m]] = [h[m]!, h[i]!]
      i = m
    }
  }

  pop(): number {
    const h = this.heap
    const top = h[0]!
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      this.down(0)
    }
    return top
  }
}
