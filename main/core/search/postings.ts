// Posting lists. A posting is one 32-bit number: document slot << 8 | term
// frequency (capped at 255, where BM25 has long saturated). Frozen segments
// store every term's postings contiguously (compressed-sparse-row: starts[t]
// to starts[t + 1] in one Uint32Array per field), which costs 4 bytes a
// posting and no object per term. Documents added one at a time go to a small
// live segment of plain arrays until it is frozen. Slots only grow between
// compactions, so each list is in slot order across segments, live last.
import { FIELD_COUNT } from './doc-table'
import { grow } from './vocabulary'

export class Segment {
  constructor(
    /** Terms with ids >= vocabSize have no postings here. */
    readonly vocabSize: number,
    readonly starts: Uint32Array[],
    readonly posts: Uint32Array[],
  ) {}

  get postings(): number {
    let n = 0
    for (const p of this.posts) n += p.length
    return n
  }
}

export class LiveSegment {
  readonly lists: Map<number, number[]>[] = Array.from({ length: FIELD_COUNT }, () => new Map())
  docs = 0
  postings = 0

  add(field: number, term: number, posting: number): void {
    const map = this.lists[field]!
    const list = map.get(term)
    if (list === undefined) map.set(term, [posting])
    else list.push(posting)
    this.postings++
  }
}

/** Collects (term, posting) pairs in bulk and freezes them into a Segment by counting sort. */
export class SegmentBuilder {
  private terms: Uint32Array[] = []
  private posts: Uint32Array[] = []
  private lengths: number[] = []

  constructor() {
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.terms.push(new Uint32Array(1 << 16))
      this.posts.push(new Uint32Array(1 << 16))
      this.lengths.push(0)
    }
  }

  get postings(): number {
    return this.lengths.reduce((a, b) => a + b, 0)
  }

  add(field: number, term: number, posting: number): void {
    const n = this.lengths[field]!
    if (n === this.terms[field]!.length) {
      this.terms[field] = grow(this.terms[field]!, n + 1)
      this.posts[field] = grow(this.posts[field]!, n + 1)
    }
    this.terms[field]![n] = term
    this.posts[field]![n] = posting
    this.lengths[field] = n + 1
  }

  freeze(vocabSize: number): Segment {
    const starts: Uint32Array[] = []
    const posts: Uint32Array[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const n = this.lengths[f]!
      const terms = this.terms[f]!
      const src = this.posts[f]!
      const start = new Uint32Array(vocabSize + 1)
      for (let i = 0; i < n; i++) start[terms[i]! + 1]!++
      for (let t = 0; t < vocabSize; t++) start[t + 1]! += start[t]!
      const cursor = start.slice(0, vocabSize)
      const out = new Uint32Array(n)
      for (let i = 0; i < n; i++) out[cursor[terms[i]!]!++] = src[i]!
      starts.push(start)
      posts.push(out)
      this.lengths[f] = 0
    }
    return new Segment(vocabSize, starts, posts)
  }
}
