// What the index keeps per document, in parallel typed arrays indexed by a
// document slot. A replaced or removed document leaves a dead slot until the
// index compacts and renumbers. Text is not kept here: only where it lies in
// the document log.
import { grow } from './vocabulary'

export const FIELD_COUNT = 4
export const TITLE = 0
export const BODY = 1
export const NOTES = 2
/** Author and site name. */
export const META = 3

/** Slots are packed with a term frequency into 32 bits (slot << 8 | tf), so stay below 2^23. */
export const MAX_SLOTS = 1 << 23

export interface DocPlacement {
  /** Byte range of the document's head (metadata and notes) in the log. */
  headOff: number
  headLen: number
  /** Byte range of its plain text in the log. */
  textOff: number
  textLen: number
}

export class DocTable {
  /** Slots used, dead ones included. */
  count = 0
  alive = 0
  ids: string[] = []
  titles: string[] = []
  readonly idToSlot = new Map<string, number>()
  feedNames: string[] = []
  private feedToIndex = new Map<string, number>()
  feed = new Int32Array(1024)
  published = new Float64Array(1024)
  titleHash = new Uint32Array(1024)
  live = new Uint8Array(1024)
  /** Token counts per field, FIELD_COUNT per slot. */
  lengths = new Uint32Array(1024 * FIELD_COUNT)
  /** Sum of live lengths per field, for BM25's average. */
  readonly totals = new Float64Array(FIELD_COUNT)
  headOff = new Float64Array(1024)
  headLen = new Uint32Array(1024)
  textOff = new Float64Array(1024)
  textLen = new Uint32Array(1024)

  feedIndex(feedId: string | null): number {
    if (feedId === null) return -1
    let i = this.feedToIndex.get(feedId)
    if (i === undefined) {
      i = this.feedNames.length
      this.feedNames.push(feedId)
      this.feedToIndex.set(feedId, i)
    }
    return i
  }

  feedIndexIfKnown(feedId: string): number | undefined {
    return this.feedToIndex.get(feedId)
  }

  add(id: string, title: string, feedId: string | null, published: number, titleHash: number, lengths: ArrayLike<number>, at: DocPlacement): number {
    const slot = this.count++
    if (slot >= this.live.length) this.ensure(slot + 1)
    this.ids[slot] = id
    this.titles[slot] = title
    this.idToSlot.set(id, slot)
    this.feed[slot] = this.feedIndex(feedId)
    this.published[slot] = published
    this.titleHash[slot] = titleHash
    this.live[slot] = 1
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.lengths[slot * FIELD_COUNT + f] = lengths[f]!
      this.totals[f]! += lengths[f]!
    }
    this.place(slot, at)
    this.alive++
    return slot
  }

  place(slot: number, at: DocPlacement): void {
    this.headOff[slot] = at.headOff
    this.headLen[slot] = at.headLen
    this.textOff[slot] = at.textOff
    this.textLen[slot] = at.textLen
  }

  kill(slot: number): void {
    if (this.live[slot] !== 1) return
    this.live[slot] = 0
    this.alive--
    for (let f = 0; f < FIELD_COUNT; f++) this.totals[f]! -= this.lengths[slot * FIELD_COUNT + f]!
    const id = this.ids[slot]!
    if (this.idToSlot.get(id) === slot) this.idToSlot.delete(id)
    // Titles and ids of dead slots are never read again; free them now.
    this.ids[slot] = ''
    this.titles[slot] = ''
  }

  private ensure(min: number): void {
    // Every array grows to the same capacity (arrays loaded from a snapshot start exact).
    const cap = Math.max(1024, min, this.live.length * 2)
    this.feed = grow(this.feed, cap)
    this.published = grow(this.published, cap)
    this.titleHash = grow(this.titleHash, cap)
    this.live = grow(this.live, cap)
    this.lengths = grow(this.lengths, cap * FIELD_COUNT)
    this.headOff = grow(this.headOff, cap)
    this.headLen = grow(this.headLen, cap)
    this.textOff = grow(this.textOff, cap)
    this.textLen = grow(this.textLen, cap)
  }

  /** Keeps live slots only, in order; returns old slot -> new slot (-1 for dead). */
  compact(): Int32Array {
    const remap = new Int32Array(this.count).fill(-1)
    let n = 0
    for (let s = 0; s < this.count; s++) {
      if (this.live[s] !== 1) continue
      remap[s] = n
      if (n !== s) {
        this.ids[n] = this.ids[s]!
        this.titles[n] = this.titles[s]!
        this.feed[n] = this.feed[s]!
        this.published[n] = this.published[s]!
        this.titleHash[n] = this.titleHash[s]!
        this.live[n] = 1
        this.lengths.copyWithin(n * FIELD_COUNT, s * FIELD_COUNT, (s + 1) * FIELD_COUNT)
        this.headOff[n] = this.headOff[s]!
        this.headLen[n] = this.headLen[s]!
        this.textOff[n] = this.textOff[s]!
        this.textLen[n] = this.textLen[s]!
        this.idToSlot.set(this.ids[n]!, n)
      }
      n++
    }
    this.live.fill(0, n, this.count)
    this.ids.length = n
    this.titles.length = n
    this.count = n
    return remap
  }

  /** Rebuilds the id map and totals after a load. */
  restore(count: number): void {
    this.count = count
    this.alive = 0
    this.idToSlot.clear()
    this.totals.fill(0)
    for (let s = 0; s < count; s++) {
      if (this.live[s] !== 1) continue
      this.alive++
      this.idToSlot.set(this.ids[s]!, s)
      for (let f = 0; f < FIELD_COUNT; f++) this.totals[f]! += this.lengths[s * FIELD_COUNT + f]!
    }
    this.feedToIndex = new Map(this.feedNames.map((name, i) => [name, i]))
  }

  /** Typed arrays trimmed to the slots in use (for the snapshot). */
  arrays(): Record<string, Uint8Array | Uint32Array | Int32Array | Float64Array> {
    const n = this.count
    return {
      feed: this.feed.subarray(0, n),
      published: this.published.subarray(0, n),
      titleHash: this.titleHash.subarray(0, n),
      live: this.live.subarray(0, n),
      lengths: this.lengths.subarray(0, n * FIELD_COUNT),
      headOff: this.headOff.subarray(0, n),
      headLen: this.headLen.subarray(0, n),
      textOff: this.textOff.subarray(0, n),
      textLen: this.textLen.subarray(0, n),
    }
  }
}
