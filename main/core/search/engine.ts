// The search engine's lifecycle: open (snapshot + replay of the log tail),
// incremental changes (journaled to the log first), rebuild, save and close.
// Files in the engine's directory:
//   search-index.bin       the snapshot (see snapshot.ts)
//   search-log-<n>.bin     the document log (see doc-log.ts); the snapshot names its log
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DocLog, KIND_REMOVE } from './doc-log'
import { FIELD_COUNT, MAX_SLOTS, type DocPlacement } from './doc-table'
import { InvertedIndex } from './inverted-index'
import { Segment } from './postings'
import { RelatedFinder, type RelatedOptions } from './related'
import { Scorer } from './scoring'
import { Searcher, type SearchOptions } from './searcher'
import { moveAside, readSnapshot, writeSnapshot, type Section, type SnapshotContent } from './snapshot'
import type { RelatedResult, SearchDoc, SearchResult } from './types'

const SNAPSHOT_FILE = 'search-index.bin'
const LOG_FILE = /^search-log-(\d+)\.bin$/

/** Thresholds; tests lower them to reach every path with a handful of documents. */
export interface Tuning {
  /** The live segment is frozen past this many documents (keeps its plain arrays small). */
  liveDocs: number
  /** Past this many segments an upsert compacts by itself (save() normally does it first). */
  maxSegments: number
  /** save() writes a snapshot once this much has been journaled since the last one. */
  snapshotAfterRecords: number
  snapshotAfterBytes: number
  /** The log is rewritten when its garbage exceeds its live part plus this. */
  logGarbageMin: number
}

const DEFAULT_TUNING: Tuning = {
  liveDocs: 2048,
  maxSegments: 8,
  snapshotAfterRecords: 1000,
  snapshotAfterBytes: 16 * 1024 * 1024,
  logGarbageMin: 64 * 1024 * 1024,
}
/** Records per write while rebuilding. */
const REBUILD_BATCH = 256

type Mutation = { upsert: SearchDoc[] } | { remove: string[] }

function logName(gen: number): string {
  return `search-log-${gen}.bin`
}

/** Search and related over one index share a scorer: its arrays are as long as the index. */
function queriesOver(index: InvertedIndex, log: () => DocLog): { searcher: Searcher; related: RelatedFinder } {
  const scorer = new Scorer(index)
  return { searcher: new Searcher(scorer, log), related: new RelatedFinder(scorer, log) }
}

export class SearchEngine {
  private index = new InvertedIndex()
  private queries: ReturnType<typeof queriesOver>
  private _needsRebuild: boolean
  /** Records journaled in total, and how many of them the snapshot on disk covers. */
  private records = 0
  private recordsInSnapshot = 0
  private logBytesInSnapshot = 0
  private snapshotDue = false
  private unsynced = false
  private obsoleteLogs: string[] = []
  private rebuilding: Mutation[] | null = null
  private work: Promise<void> = Promise.resolve()
  private saveQueued: Promise<void> | null = null
  private closed = false

  private constructor(
    private readonly dir: string,
    private log: DocLog,
    private gen: number,
    needsRebuild: boolean,
    private readonly tuning: Tuning,
  ) {
    this._needsRebuild = needsRebuild
    this.queries = queriesOver(this.index, () => this.log)
  }

  /**
   * Loads the index kept in `dir`. A missing, unreadable or older-format
   * index leaves the engine empty with needsRebuild set; a corrupt file is
   * moved aside (to search-index.bin.corrupt), never thrown about.
   */
  static async open(dir: string, tuning: Partial<Tuning> = {}): Promise<SearchEngine> {
    const t = { ...DEFAULT_TUNING, ...tuning }
    await mkdir(dir, { recursive: true })
    const snapshotPath = join(dir, SNAPSHOT_FILE)
    const logs = (await readdir(dir)).filter((f) => LOG_FILE.test(f))
    const read = await readSnapshot(snapshotPath)
    if (read.ok) {
      const engine = SearchEngine.fromSnapshot(dir, read.content, t)
      if (engine) {
        for (const f of logs) if (f !== logName(engine.gen)) await rm(join(dir, f), { force: true })
        return engine
      }
    }
    if (read.ok || read.reason === 'corrupt') await moveAside(snapshotPath)
    else if (read.reason === 'old-version') await rm(snapshotPath, { force: true })
    for (const f of logs) await rm(join(dir, f), { force: true })
    const gen = Math.max(0, ...logs.map((f) => Number(LOG_FILE.exec(f)![1]))) + 1
    return new SearchEngine(dir, DocLog.create(join(dir, logName(gen))), gen, true, t)
  }

  private static fromSnapshot(dir: string, c: SnapshotContent, tuning: Tuning): SearchEngine | null {
    const meta = c.meta as { logName: string; logSize: number; docCount: number; vocabSize: number; records: number }
    const gen = Number(LOG_FILE.exec(meta.logName ?? '')?.[1] ?? NaN)
    if (!Number.isInteger(gen)) return null
    let log: DocLog
    try {
      log = DocLog.open(join(dir, meta.logName))
    } catch {
      return null
    }
    if (log.size < meta.logSize) {
      log.close()
      return null
    }
    const engine = new SearchEngine(dir, log, gen, false, tuning)
    try {
      engine.install(c)
      // Everything journaled after the snapshot: replay it, and cut off a torn last record.
      const end = log.scan(meta.logSize, (r) => {
        if (r.kind === KIND_REMOVE) engine.applyRemove(r.id)
        else engine.applyUpsert(r.doc, r.placement)
        engine.records++
      })
      if (end < log.size) log.truncate(end)
      engine.logBytesInSnapshot = meta.logSize
    } catch {
      // A snapshot that does not fit its log (or a log record that does not parse) is corrupt.
      log.close()
      return null
    }
    return engine
  }

  private install(c: SnapshotContent): void {
    const meta = c.meta as { docCount: number; vocabSize: number }
    const count = meta.docCount
    const V = meta.vocabSize
    const arr = <T extends Section>(name: string, type: new (n: number) => T, length?: number): T => {
      const a = c.arrays[name]
      if (!(a instanceof type) || (length !== undefined && a.length !== length)) throw new Error(`snapshot: ${name}`)
      return a
    }
    const list = (name: string, length?: number): string[] => {
      const v = c.json[name]
      if (!Array.isArray(v) || (length !== undefined && v.length !== length)) throw new Error(`snapshot: ${name}`)
      return v as string[]
    }
    const index = this.index
    index.vocab.reset(list('terms', V), arr('df', Uint32Array, V), arr('reverse', Uint32Array))
    const docs = index.docs
    docs.ids = list('ids', count)
    docs.titles = list('titles', count)
    docs.feedNames = list('feeds')
    docs.feed = arr('feed', Int32Array, count)
    docs.published = arr('published', Float64Array, count)
    docs.titleHash = arr('titleHash', Uint32Array, count)
    docs.live = arr('live', Uint8Array, count)
    docs.headOff = arr('headOff', Float64Array, count)
    docs.headLen = arr('headLen', Uint32Array, count)
    docs.textOff = arr('textOff', Float64Array, count)
    docs.textLen = arr('textLen', Uint32Array, count)
    docs.lengths = arr('lengths', Uint32Array, count * FIELD_COUNT)
    docs.restore(count)
    const starts: Uint32Array[] = []
    const posts: Uint32Array[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const s = arr(`starts${f}`, Uint32Array, V + 1)
      const p = arr(`posts${f}`, Uint32Array)
      if (s[V] !== p.length) throw new Error('snapshot: postings')
      starts.push(s)
      posts.push(p)
    }
    index.install(new Segment(V, starts, posts))
  }

  /** True when the index is empty because it was missing, corrupt or of an older format. */
  get needsRebuild(): boolean {
    return this._needsRebuild
  }

  /** Documents in the index. */
  get size(): number {
    return this.index.docs.alive
  }

  /** Adds documents, or replaces those with the same id. */
  upsert(docs: SearchDoc[]): void {
    this.assertOpen()
    const unique = new Map<string, SearchDoc>()
    for (const d of docs) {
      const doc = normalize(d)
      unique.delete(doc.id)
      unique.set(doc.id, doc)
    }
    if (unique.size === 0) return
    this.journalUpserts([...unique.values()])
    if (this.rebuilding) this.rebuilding.push({ upsert: [...unique.values()] })
  }

  remove(ids: string[]): void {
    this.assertOpen()
    const known = [...new Set(ids)].filter((id) => this.index.docs.idToSlot.has(id))
    if (this.rebuilding) this.rebuilding.push({ remove: [...new Set(ids)] })
    if (known.length === 0) return
    this.log.append(known.map((id) => this.log.encodeRemove(id)))
    this.unsynced = true
    for (const id of known) this.applyRemove(id)
    this.records += known.length
  }

  private journalUpserts(docs: SearchDoc[]): void {
    const { index, log } = this
    if (index.docs.count + docs.length >= MAX_SLOTS) index.compact()
    const chunks: Buffer[] = []
    const placements: DocPlacement[] = []
    let at = log.size
    for (const doc of docs) {
      const old = index.docs.idToSlot.get(doc.id)
      let sameText: { off: number; len: number } | undefined
      if (old !== undefined && index.docs.textLen[old] === Buffer.byteLength(doc.text, 'utf8')) {
        const off = index.docs.textOff[old]!
        const len = index.docs.textLen[old]!
        // Notes and read state change far more often than text: don't store the text again.
        if (len > 0 && log.read(off, len).toString('utf8') === doc.text) sameText = { off, len }
      }
      const enc = log.encodeDoc(doc, at, sameText)
      chunks.push(enc.bytes)
      placements.push(enc.placement)
      at += enc.bytes.length
    }
    log.append(chunks)
    this.unsynced = true
    docs.forEach((doc, i) => this.applyUpsert(doc, placements[i]!))
    this.records += docs.length
    if (index.live.docs >= this.tuning.liveDocs) index.freezeLive()
    if (index.segments.length > this.tuning.maxSegments) index.compact()
  }

  private applyUpsert(doc: SearchDoc, at: DocPlacement): void {
    const old = this.index.docs.idToSlot.get(doc.id)
    if (old !== undefined) this.index.remove(old)
    this.index.add(doc, at)
  }

  private applyRemove(id: string): void {
    const slot = this.index.docs.idToSlot.get(id)
    if (slot !== undefined) this.index.remove(slot)
  }

  search(query: string, opts?: SearchOptions): SearchResult {
    this.assertOpen()
    return this.queries.searcher.search(query, opts)
  }

  /** Articles on the same subject, best first (score 0..1), and near-copies of this one. */
  related(id: string, opts?: RelatedOptions): RelatedResult {
    this.assertOpen()
    return this.queries.related.find(id, opts)
  }

  /**
   * Replaces the whole index with `docs`, and writes it. Searches keep
   * answering from the old index meanwhile; changes made meanwhile are
   * applied to the new one.
   */
  rebuild(docs: AsyncIterable<SearchDoc> | Iterable<SearchDoc>): Promise<void> {
    this.assertOpen()
    const run = this.work.then(() => this.runRebuild(docs))
    this.work = run.catch(() => undefined)
    return run
  }

  private async runRebuild(source: AsyncIterable<SearchDoc> | Iterable<SearchDoc>): Promise<void> {
    this.rebuilding = []
    const gen = this.gen + 1
    const log = DocLog.create(join(this.dir, logName(gen)))
    const index = new InvertedIndex()
    try {
      index.beginBulk()
      let batch: SearchDoc[] = []
      const flush = (): void => {
        let at = log.size
        const chunks: Buffer[] = []
        const placements: DocPlacement[] = []
        for (const doc of batch) {
          const enc = log.encodeDoc(doc, at)
          chunks.push(enc.bytes)
          placements.push(enc.placement)
          at += enc.bytes.length
        }
        log.append(chunks)
        batch.forEach((doc, i) => {
          const old = index.docs.idToSlot.get(doc.id)
          if (old !== undefined) index.remove(old)
          index.add(doc, placements[i]!)
        })
        batch = []
      }
      let n = 0
      for await (const d of source as AsyncIterable<SearchDoc>) {
        batch.push(normalize(d))
        if (batch.length >= REBUILD_BATCH) {
          flush()
          // Let searches and IPC through now and then.
          if (++n % 8 === 0) await new Promise((r) => setImmediate(r))
        }
      }
      flush()
      index.endBulk()
      index.compact()
    } catch (e) {
      log.close()
      await rm(log.path, { force: true })
      this.rebuilding = null
      throw e
    }
    // Swap, then apply what changed while rebuilding.
    const pending = this.rebuilding
    this.rebuilding = null
    const oldLog = this.log
    this.index = index
    this.log = log
    this.gen = gen
    this.queries = queriesOver(this.index, () => this.log)
    oldLog.close()
    this.obsoleteLogs.push(oldLog.path)
    this.records = 0
    this.recordsInSnapshot = 0
    this.unsynced = true
    for (const m of pending) {
      if ('upsert' in m) this.journalUpserts(m.upsert)
      else this.remove(m.remove)
    }
    this.snapshotDue = true
    this._needsRebuild = false
    // A rebuild is only worth its time once it is on disk; until then a crash
    // would leave no snapshot for the journal to apply to.
    await this.runSave(true)
  }

  /**
   * Makes changes durable. Cheap when little changed (the log is already on
   * disk: it is flushed); writes a new snapshot when enough has accumulated
   * that replaying it at open would be slow. Calls are serialized, and calls
   * made while one runs share the next run.
   */
  save(): Promise<void> {
    this.assertOpen()
    return this.queueSave(false)
  }

  private queueSave(force: boolean): Promise<void> {
    if (this.saveQueued) return this.saveQueued
    const run = this.work.then(() => {
      this.saveQueued = null
      return this.runSave(force)
    })
    this.saveQueued = run
    this.work = run.catch(() => undefined)
    return run
  }

  private async runSave(force: boolean): Promise<void> {
    const since = this.records - this.recordsInSnapshot
    // An index that awaits its rebuild is partial: never let a snapshot make it look whole.
    const due =
      !this._needsRebuild &&
      (this.snapshotDue ||
      since >= this.tuning.snapshotAfterRecords ||
      this.log.size - this.logBytesInSnapshot >= this.tuning.snapshotAfterBytes ||
      (force && since > 0))
    if (!due) {
      if (this.unsynced) this.log.sync()
      this.unsynced = false
      return
    }
    this.compactLogIfWasteful()
    const index = this.index
    if (index.segments.length !== 1 || index.live.postings > 0 || index.deadSlots > 0) index.compact()
    this.log.sync()
    this.unsynced = false
    const records = this.records
    const content = this.snapshotContent()
    await writeSnapshot(join(this.dir, SNAPSHOT_FILE), content)
    this.recordsInSnapshot = records
    this.logBytesInSnapshot = content.meta.logSize as number
    this.snapshotDue = false
    for (const path of this.obsoleteLogs.splice(0)) await rm(path, { force: true })
  }

  /** Rewrites the log with live documents only, when replaced texts make up most of it. */
  private compactLogIfWasteful(): void {
    const docs = this.index.docs
    let live = 0
    for (let s = 0; s < docs.count; s++) if (docs.live[s] === 1) live += docs.headLen[s]! + docs.textLen[s]! + 24
    if (this.log.size < 2 * live + this.tuning.logGarbageMin) return
    const gen = this.gen + 1
    const log = DocLog.create(join(this.dir, logName(gen)))
    let chunks: Buffer[] = []
    let bytes = 0
    for (let s = 0; s < docs.count; s++) {
      if (docs.live[s] !== 1) continue
      const at = { headOff: docs.headOff[s]!, headLen: docs.headLen[s]!, textOff: docs.textOff[s]!, textLen: docs.textLen[s]! }
      const enc = log.encodeDoc(this.log.readDoc(at), log.size + bytes)
      docs.place(s, enc.placement)
      chunks.push(enc.bytes)
      bytes += enc.bytes.length
      if (bytes >= 4 * 1024 * 1024) {
        log.append(chunks)
        chunks = []
        bytes = 0
      }
    }
    log.append(chunks)
    this.log.close()
    this.obsoleteLogs.push(this.log.path)
    this.log = log
    this.gen = gen
    this.snapshotDue = true
  }

  private snapshotContent(): SnapshotContent {
    const { vocab, docs } = this.index
    const seg = this.index.segments[0] ?? new Segment(vocab.size, Array.from({ length: FIELD_COUNT }, () => new Uint32Array(vocab.size + 1)), Array.from({ length: FIELD_COUNT }, () => new Uint32Array(0)))
    const arrays: SnapshotContent['arrays'] = {}
    // Copies: an upsert during the asynchronous write must not change what is written.
    for (const [name, a] of Object.entries(docs.arrays())) arrays[name] = a.slice()
    arrays.df = vocab.df.slice(0, vocab.size)
    arrays.reverse = vocab.reverse
    for (let f = 0; f < FIELD_COUNT; f++) {
      arrays[`starts${f}`] = seg.starts[f]!
      arrays[`posts${f}`] = seg.posts[f]!
    }
    return {
      meta: { logName: logName(this.gen), logSize: this.log.size, docCount: docs.count, vocabSize: vocab.size, savedAt: new Date().toISOString() },
      arrays,
      json: { terms: vocab.terms, ids: docs.ids, titles: docs.titles, feeds: docs.feedNames },
    }
  }

  /** Saves what is pending and releases the files. The engine is unusable afterwards. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.work
    await this.queueSave(true)
    this.closed = true
    this.log.close()
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('search engine is closed')
  }
}

function normalize(d: SearchDoc): SearchDoc {
  if (typeof d?.id !== 'string' || d.id.length === 0) throw new TypeError('search document without an id')
  const str = (v: unknown): string => (typeof v === 'string' ? v : '')
  return {
    id: d.id,
    title: str(d.title).replace(/[\r\n]+/g, ' '),
    text: str(d.text),
    author: str(d.author),
    siteName: str(d.siteName),
    feedId: typeof d.feedId === 'string' ? d.feedId : null,
    published: str(d.published),
    notes: str(d.notes),
  }
}
