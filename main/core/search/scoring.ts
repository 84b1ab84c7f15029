// BM25 over the postings into per-slot arrays, and ranking of the slots: what
// search (searcher.ts) and more-like-this (related.ts) both run on. One scorer
// serves both, so the scratch arrays (as long as the index) exist once; the two
// never run at the same time.
import { FIELD_COUNT, type DocPlacement } from './doc-table'
import type { InvertedIndex } from './inverted-index'

const K1 = 1.2
const B = 0.75
/** A slot's stage when it is dead, filtered out or excluded: it matches nothing. */
export const BLOCKED = 255

export class Scorer {
  /** Per slot: how far it got (query words matched so far), or BLOCKED. */
  stage = new Uint8Array(0)
  /** Per slot: the score so far. */
  acc = new Float64Array(0)
  /** Per slot: the best expansion's score for the current word. */
  best = new Float64Array(0)
  /** Per slot: one term's score, before it is added in. */
  tmp = new Float64Array(0)
  /** Slots scoreTerm touched, touchedCount of them. */
  touched = new Int32Array(0)
  touchedCount = 0

  constructor(readonly index: InvertedIndex) {}

  /** Sizes the arrays to the index and clears the scores; returns the slot count. */
  prepare(): number {
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

  /**
   * Adds weight x BM25 of `term` into tmp for slots whose stage is lo or hi,
   * listing newly touched slots. The hot loop of search and related.
   */
  scoreTerm(term: number, weight: number, boost: Float64Array, lo: number, hi: number): void {
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
      // The same loop over the live segment's plain arrays: one loop per kind keeps each one's loads monomorphic.
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
  top(slots: number[], k: number): number[] {
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
}

/** Where slot d's head and text lie in the document log. */
export function placement(docs: InvertedIndex['docs'], d: number): DocPlacement {
  return { headOff: docs.headOff[d]!, headLen: docs.headLen[d]!, textOff: docs.textOff[d]!, textLen: docs.textLen[d]! }
}

/** Max-heap of slots by score, then recency: pops candidates in rank order. */
export class SlotHeap {
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
