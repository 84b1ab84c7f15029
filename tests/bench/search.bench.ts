// Search and related-articles at 50,000 articles. The corpus is synthetic and
// deterministic: a Zipf vocabulary of pseudo-words (plus real English function
// words at the top ranks) and a few hundred "subjects" whose words are
// over-represented in their articles, so that related-articles has something
// real to find. About 4.5 KB of plain text per article.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SearchEngine, type SearchDoc } from '../../main/core/search/index'

const FUNCTION_WORDS = (
  'the of and to a in that is was he for it with as his on be at by i this had not are but from or have an ' +
  'they which one you were her all she there would their we him been has when who will more no if out so said ' +
  'what up its about into than them can only other new some could time these two may then do first any my now ' +
  'such like our over man me even most made after also did many before must through back years where much your ' +
  'way well down should because each just those people how too little state good very make world still own see'
).split(' ')

export interface CorpusOptions {
  docs: number
  vocabulary?: number
  subjects?: number
  seed?: number
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cl', 'cr', 'dr', 'fl', 'gr', 'pl', 'pr', 'sh', 'sl', 'st', 'str', 'th', 'tr', '']
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'io', 'ou', 'oo', 'y']
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'nt', 'rs', 'st', 'ck', 'ng', 'x']

/** A deterministic synthetic news corpus. Words are ranked: lower rank, more frequent. */
export class SyntheticCorpus {
  readonly words: string[]
  private readonly table: Uint32Array
  private readonly subjectWords: Uint32Array[]
  private readonly opts: Required<CorpusOptions>

  constructor(opts: CorpusOptions) {
    this.opts = { vocabulary: 60_000, subjects: 300, seed: 42, ...opts }
    const rnd = mulberry32(this.opts.seed)
    const seen = new Set<string>(FUNCTION_WORDS)
    const words = [...FUNCTION_WORDS]
    while (words.length < this.opts.vocabulary) {
      const syllables = 1 + Math.floor(rnd() * rnd() * 4) + (rnd() < 0.5 ? 1 : 0)
      let w = ''
      for (let s = 0; s < syllables; s++) {
        w += ONSETS[Math.floor(rnd() * ONSETS.length)]! + VOWELS[Math.floor(rnd() * VOWELS.length)]!
        if (rnd() < 0.4) w += CODAS[Math.floor(rnd() * CODAS.length)]!
      }
      if (w.length < 2 || seen.has(w)) continue
      seen.add(w)
      words.push(w)
    }
    this.words = words
    // Inverse-CDF lookup table: one uniform draw -> one rank, O(1) (Zipf, s = 1).
    const size = 1 << 22
    const table = new Uint32Array(size)
    let h = 0
    for (let r = 1; r <= words.length; r++) h += 1 / r
    let cum = 0
    let slot = 0
    for (let r = 0; r < words.length && slot < size; r++) {
      cum += 1 / (r + 1) / h
      const end = Math.min(size, Math.round(cum * size))
      for (; slot < end; slot++) table[slot] = r
    }
    for (; slot < size; slot++) table[slot] = words.length - 1
    this.table = table
    // Each subject draws its vocabulary from the middle ranks: words that are
    // distinctive, as names and topic terms are in real news.
    this.subjectWords = []
    for (let s = 0; s < this.opts.subjects; s++) {
      const list = new Uint32Array(40)
      for (let i = 0; i < list.length; i++) list[i] = 300 + Math.floor(rnd() * Math.min(20_000, words.length - 300))
      this.subjectWords.push(list)
    }
  }

  get size(): number {
    return this.opts.docs
  }

  /** The subject an article is about (articles are generated from it). */
  subjectOf(i: number): number {
    return mulberry32(this.opts.seed * 7919 + i)() * this.opts.subjects | 0
  }

  /** A word of rank >= minRank, Zipf-distributed. */
  word(rnd: () => number, minRank = 0): string {
    for (;;) {
      const r = this.table[(rnd() * this.table.length) | 0]!
      if (r >= minRank) return this.words[r]!
    }
  }

  doc(i: number): SearchDoc {
    const rnd = mulberry32(this.opts.seed * 7919 + i)
    const subject = (rnd() * this.opts.subjects) | 0
    const topic = this.subjectWords[subject]!
    const topicWord = (): string => this.words[topic[Math.floor(rnd() * rnd() * topic.length)]!]!
    const titleWords: string[] = []
    const titleLength = 5 + Math.floor(rnd() * 6)
    for (let k = 0; k < titleLength; k++) titleWords.push(rnd() < 0.5 ? topicWord() : this.word(rnd, k === 0 ? 100 : 0))
    const title = titleWords.join(' ')
    const parts: string[] = []
    let length = 0
    const target = 3800 + Math.floor(rnd() * 1400)
    while (length < target) {
      const sentenceLength = 8 + Math.floor(rnd() * 18)
      const sentence: string[] = []
      for (let k = 0; k < sentenceLength; k++) sentence.push(rnd() < 0.1 ? topicWord() : this.word(rnd))
      let s = sentence.join(' ')
      s = s.charAt(0).toUpperCase() + s.slice(1) + (rnd() < 0.15 ? '.\n\n' : '. ')
      parts.push(s)
      length += s.length
    }
    const day = Math.floor(rnd() * 1100)
    return {
      id: `a${i.toString(36)}`,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      text: parts.join(''),
      author: `${this.word(rnd, 2000)} ${this.word(rnd, 2000)}`,
      siteName: `site${i % 40}`,
      feedId: `f${i % 120}`,
      published: new Date(Date.UTC(2023, 0, 1) + day * 86_400_000 + (i % 86_400) * 1000).toISOString(),
      notes: i % 50 === 0 ? `My note: ${topicWord()} ${this.word(rnd)} ${this.word(rnd)}` : '',
    }
  }

  *docs(from = 0, to = this.opts.docs): Generator<SearchDoc> {
    for (let i = from; i < to; i++) yield this.doc(i)
  }
}

// ---- the benchmark ---------------------------------------------------------

const N = 50_000
const QUERIES = 200

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    gc()
  }
  const m = process.memoryUsage()
  // Typed arrays live outside the JS heap: count them, the index is mostly typed arrays.
  return (m.heapUsed + m.arrayBuffers) / (1024 * 1024)
}

function percentile(times: number[], p: number): number {
  const s = [...times].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
}

function time(fn: () => void): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

/** A one-letter typo (substitution, deletion or swap) that is not itself a word of the corpus. */
function typo(word: string, rnd: () => number, words: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const i = 1 + Math.floor(rnd() * (word.length - 2))
    const kind = attempt % 3
    const t =
      kind === 0
        ? word.slice(0, i) + String.fromCharCode(97 + Math.floor(rnd() * 26)) + word.slice(i + 1)
        : kind === 1
          ? word.slice(0, i) + word.slice(i + 1)
          : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    if (t !== word && !words.has(t)) return t
  }
  return word.slice(0, -1) + 'q'
}

export async function run(emit: (name: string, value: number, unit: string) => void): Promise<void> {
  const corpus = new SyntheticCorpus({ docs: N })
  const dir = mkdtempSync(join(tmpdir(), 'offprint-search-bench-'))
  try {
    const before = heapMb()
    const docs = [...corpus.docs()]
    const textMb = docs.reduce((n, d) => n + d.text.length, 0) / 1e6
    const engine = await SearchEngine.open(dir)
    let t = performance.now()
    await engine.rebuild(docs)
    const build = performance.now() - t
    emit('search_build_50k_s', build / 1000, 's')
    docs.length = 0
    emit('search_index_heap_mb', heapMb() - before, 'MB')

    // rebuild() has written the index; measure opening it.
    await engine.close()
    t = performance.now()
    const e = await SearchEngine.open(dir)
    emit('search_load_ms', performance.now() - t, 'ms')
    if (e.size !== N || e.needsRebuild) throw new Error(`reopened index has ${e.size} documents`)

    const rnd = mulberry32(99)
    const vocabulary = new Set(corpus.words)
    const pick = (): string => corpus.words[20 + Math.floor(rnd() * 4980)]!
    const pickLong = (): string => {
      for (;;) {
        const w = pick()
        if (w.length >= 6) return w
      }
    }
    const measure = (name: string, make: () => string, check?: (total: number) => void): void => {
      for (let i = 0; i < 20; i++) e.search(make(), { limit: 10 })
      const times: number[] = []
      for (let i = 0; i < QUERIES; i++) {
        const q = make()
        let total = 0
        times.push(time(() => (total = e.search(q, { limit: 10 }).total)))
        check?.(total)
      }
      emit(name, percentile(times, 0.95), 'ms')
    }
    let empty = 0
    measure('search_p95_ms', () => `${pick()} ${pick()}`)
    measure('search_prefix_p95_ms', () => `${pick()} ${pickLong().slice(0, 3)}`)
    measure('search_fuzzy_p95_ms', () => `${pick()} ${typo(pickLong(), rnd, vocabulary)}`, (total) => (empty += total === 0 ? 1 : 0))
    emit('search_fuzzy_found_pct', 100 - (100 * empty) / QUERIES, '%')
    measure('search_phrase_p95_ms', () => {
      // Two neighbouring words of a random article.
      const words = corpus.doc(Math.floor(rnd() * N)).text.split(/\W+/)
      const i = Math.floor(rnd() * (words.length - 3))
      return `"${words[i]} ${words[i + 1]}"`
    })

    const relatedTimes: number[] = []
    for (let i = 0; i < 20 + QUERIES; i++) {
      const id = `a${Math.floor(rnd() * N).toString(36)}`
      const ms = time(() => e.related(id, { limit: 10 }))
      if (i >= 20) relatedTimes.push(ms)
    }
    emit('related_p95_ms', percentile(relatedTimes, 0.95), 'ms')

    const upserts: number[] = []
    for (let b = 0; b < 10; b++) {
      // Half new articles, half updates of existing ones (a note added, say).
      const batch = [...corpus.docs(N + b * 50, N + b * 50 + 50)]
      for (let k = 0; k < 50; k++) batch.push({ ...corpus.doc(Math.floor(rnd() * N)), notes: `note ${b} ${k}` })
      upserts.push(time(() => e.upsert(batch)))
    }
    emit('search_upsert_100_ms', percentile(upserts, 0.5), 'ms')
    emit('search_upsert_100_max_ms', Math.max(...upserts), 'ms')
    // 1,000 changes since the last snapshot: save() compacts and writes a new one.
    t = performance.now()
    await e.save()
    emit('search_save_ms', performance.now() - t, 'ms')
    // One more change: save() only flushes the log.
    e.upsert([{ ...corpus.doc(7), notes: 'one more note' }])
    t = performance.now()
    await e.save()
    emit('search_save_small_ms', performance.now() - t, 'ms')
    emit('search_text_mb', textMb, 'MB')
    await e.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
