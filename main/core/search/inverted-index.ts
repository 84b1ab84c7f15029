// The in-memory index: dictionary, document table and posting segments, with
// BM25 statistics. It knows nothing of files; the engine feeds it documents
// and tells it where each one's text lies in the log.
import type { SearchDoc } from './types'
import { BODY, DocTable, FIELD_COUNT, MAX_SLOTS, META, NOTES, TITLE, type DocPlacement } from './doc-table'
import { LiveSegment, Segment, SegmentBuilder } from './postings'
import { tokenize } from './tokenize'
import { compareReversed, grow, Vocabulary } from './vocabulary'

/** Documents per bulk segment while rebuilding: bounds the builder's scratch memory. */
const BULK_SEGMENT_DOCS = 8192

export function fieldTexts(doc: Pick<SearchDoc, 'title' | 'text' | 'notes' | 'author' | 'siteName'>): string[] {
  const texts: string[] = []
  texts[TITLE] = doc.title
  texts[BODY] = doc.text
  texts[NOTES] = doc.notes
  texts[META] = doc.author && doc.siteName ? `${doc.author} ${doc.siteName}` : doc.author || doc.siteName
  return texts
}

/** Same headline, whatever the case, accents and punctuation. */
export function titleKey(title: string): number {
  const terms = tokenize(title)
  let h = 0x811c9dc5
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!
    for (let j = 0; j < t.length; j++) h = Math.imul(h ^ t.charCodeAt(j), 0x01000193)
    h = Math.imul(h ^ 32, 0x01000193)
  }
  return terms.length === 0 ? 0 : h >>> 0
}

export function parseDate(iso: string): number {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? t : 0
}

export class InvertedIndex {
  vocab = new Vocabulary()
  docs = new DocTable()
  segments: Segment[] = []
  live = new LiveSegment()
  private builder: SegmentBuilder | null = null
  private builderDocs = 0
  private tf = new Uint32Array(1024)
  private touched: number[] = []
  private tokens: string[] = []

  /** Routes postings to a bulk builder (rebuild) instead of the live segment. */
  beginBulk(): void {
    this.builder = new SegmentBuilder()
    this.builderDocs = 0
  }

  endBulk(): void {
    if (this.builder && this.builderDocs > 0) this.segments.push(this.builder.freeze(this.vocab.size))
    this.builder = null
  }

  get deadSlots(): number {
    return this.docs.count - this.docs.alive
  }

  add(doc: SearchDoc, at: DocPlacement): number {
    const slot = this.docs.count
    if (slot >= MAX_SLOTS) throw new Error('search index: too many document slots; compact first')
    const vocab = this.vocab
    const texts = fieldTexts(doc)
    const lengths = [0, 0, 0, 0]
    const stamp = slot + 1
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tokens = tokenize(texts[f]!, this.tokens)
      lengths[f] = tokens.length
      if (tokens.length === 0) continue
      const touched = this.touched
      for (let i = 0; i < tokens.length; i++) {
        const id = vocab.intern(tokens[i]!)
        if (id >= this.tf.length) this.tf = grow(this.tf, id + 1)
        if (this.tf[id]!++ === 0) touched.push(id)
      }
      const tf = this.tf
      const df = vocab.df
      const lastDoc = vocab.lastDoc
      const sink = this.builder ?? this.live
      for (let i = 0; i < touched.length; i++) {
        const id = touched[i]!
        const n = tf[id]!
        tf[id] = 0
        sink.add(f, id, (slot << 8) | (n > 255 ? 255 : n))
        if (lastDoc[id] !== stamp) {
          lastDoc[id] = stamp
          df[id]!++
        }
      }
      touched.length = 0
      tokens.length = 0
    }
    const added = this.docs.add(doc.id, doc.title, doc.feedId, parseDate(doc.published), titleKey(doc.title), lengths, at)
    if (this.builder) {
      if (++this.builderDocs >= BULK_SEGMENT_DOCS) {
        this.segments.push(this.builder.freeze(this.vocab.size))
        this.builderDocs = 0
      }
    } else this.live.docs++
    return added
  }

  /** Marks a slot dead. Its postings stay (and df keeps counting it) until compact(). */
  remove(slot: number): void {
    this.docs.kill(slot)
  }

  idf(term: number): number {
    const n = this.docs.alive
    const df = Math.min(this.vocab.df[term]!, n)
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  /** Turns the live segment into a frozen one (cheap: it holds few documents). */
  freezeLive(): void {
    if (this.live.postings === 0) {
      this.live = new LiveSegment()
      return
    }
    const vocabSize = this.vocab.size
    const starts: Uint32Array[] = []
    const posts: Uint32Array[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const map = this.live.lists[f]!
      const start = new Uint32Array(vocabSize + 1)
      for (const [t, list] of map) start[t + 1] = list.length
      for (let t = 0; t < vocabSize; t++) start[t + 1]! += start[t]!
      const out = new Uint32Array(start[vocabSize]!)
      for (const [t, list] of map) out.set(list, start[t]!)
      starts.push(start)
      posts.push(out)
    }
    this.segments.push(new Segment(vocabSize, starts, posts))
    this.live = new LiveSegment()
  }

  /**
   * Merges every segment into one, drops dead slots and unused terms, and
   * renumbers both (terms into sorted order). Linear in postings plus a sort
   * of the terms added since the last compaction.
   */
  compact(): void {
    this.freezeLive()
    const vocab = this.vocab
    const oldTerms = vocab.terms
    const V = oldTerms.length
    const remap = this.docs.compact()
    const segments = this.segments

    // Live postings per field and term.
    const counts: Uint32Array[] = []
    const used = new Uint8Array(V)
    for (let f = 0; f < FIELD_COUNT; f++) {
      const c = new Uint32Array(V)
      for (const seg of segments) {
        const start = seg.starts[f]!
        const post = seg.posts[f]!
        for (let t = 0; t < seg.vocabSize; t++) {
          const end = start[t + 1]!
          let n = 0
          for (let i = start[t]!; i < end; i++) if (remap[post[i]! >>> 8]! >= 0) n++
          if (n > 0) {
            c[t]! += n
            used[t] = 1
          }
        }
      }
      counts.push(c)
    }

    // New term order: the sorted part stays sorted; sort the tail and merge.
    const head: number[] = []
    for (let t = 0; t < vocab.sorted; t++) if (used[t]) head.push(t)
    const tail: number[] = []
    for (let t = vocab.sorted; t < V; t++) if (used[t]) tail.push(t)
    tail.sort((a, b) => (oldTerms[a]! < oldTerms[b]! ? -1 : 1))
    const order = mergeSorted(head, tail, (a, b) => oldTerms[a]! < oldTerms[b]!)
    const newId = new Int32Array(V).fill(-1)
    for (let i = 0; i < order.length; i++) newId[order[i]!] = i
    const terms = order.map((t) => oldTerms[t]!)
    const NV = order.length

    const starts: Uint32Array[] = []
    const posts: Uint32Array[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const start = new Uint32Array(NV + 1)
      const c = counts[f]!
      for (let i = 0; i < NV; i++) start[i + 1] = start[i]! + c[order[i]!]!
      starts.push(start)
      posts.push(new Uint32Array(start[NV]!))
    }
    const df = new Uint32Array(Math.max(1024, NV))
    const seenBy = new Int32Array(this.docs.count).fill(-1)
    for (let i = 0; i < NV; i++) {
      const t = order[i]!
      let d = 0
      for (let f = 0; f < FIELD_COUNT; f++) {
        const out = posts[f]!
        let w = starts[f]![i]!
        for (const seg of segments) {
          if (t >= seg.vocabSize) continue
          const post = seg.posts[f]!
          const end = seg.starts[f]![t + 1]!
          for (let j = seg.starts[f]![t]!; j < end; j++) {
            const p = post[j]!
            const slot = remap[p >>> 8]!
            if (slot < 0) continue
            out[w++] = (slot << 8) | (p & 255)
            if (seenBy[slot] !== i) {
              seenBy[slot] = i
              d++
            }
          }
        }
      }
      df[i] = d
    }

    // Reverse order: keep the old one (renumbered) and merge in the new terms.
    const revHead: number[] = []
    for (const t of vocab.reverse) if (newId[t]! >= 0) revHead.push(newId[t]!)
    const revTail: number[] = []
    for (const t of tail) revTail.push(newId[t]!)
    revTail.sort((a, b) => compareReversed(terms[a]!, terms[b]!))
    const reverse = Uint32Array.from(mergeSorted(revHead, revTail, (a, b) => compareReversed(terms[a]!, terms[b]!) < 0))

    this.segments = [new Segment(NV, starts, posts)]
    vocab.reset(terms, df, reverse)
  }

  /** Installs a loaded snapshot's single segment. */
  install(segment: Segment): void {
    this.segments = [segment]
    this.live = new LiveSegment()
  }
}

function mergeSorted(a: number[], b: number[], less: (x: number, y: number) => boolean): number[] {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const out: number[] = new Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = less(b[j]!, a[i]!) ? b[j++]! : a[i++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}
