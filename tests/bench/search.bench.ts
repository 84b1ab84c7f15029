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
