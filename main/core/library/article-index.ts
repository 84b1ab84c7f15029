// Article metadata, sharded by day of publication (index/YYYY-MM-DD.json).
//
// Why shards: one index file made every ingest rewrite the whole library (27 MB at
// 50k articles) and made opening wait for all of it. With shards, adding today's
// articles rewrites only today's file, and opening waits only for the newest
// shards, enough for the first screen of the list; older ones load in the
// background, and whatever needs the whole library awaits `ready`. Days rather
// than months: a month of a busy library is thousands of articles, a day a few
// hundred, which keeps opening a 50k library within a few ms of an empty one.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { ArticleMeta } from '../../../common/model'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { normalizeUrl } from './text'

export const SHARD_VERSION = 1

interface ShardDoc {
  version: number
  day: string
  articles: ArticleMeta[]
}

const SHARD = /^(\d{4}-\d{2}-\d{2}|undated)$/

export function shardOf(published: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(published)
  return m ? m[1]! : 'undated'
}

function validateShard(doc: unknown): ShardDoc {
  const d = doc as Partial<ShardDoc>
  if (typeof d.day !== 'string' || !Array.isArray(d.articles)) throw new Error('not an index shard')
  for (const a of d.articles) {
    if (!a || typeof a.id !== 'string' || typeof a.title !== 'string' || typeof a.published !== 'string') {
      throw new Error('an article entry is malformed')
    }
  }
  return d as ShardDoc
}

interface Shard {
  day: string
  file: SafeJsonFile<ShardDoc> | null
  articles: ArticleMeta[] | null
  dirty: boolean
}

/** Newest first by publication date, then by arrival. */
export function newestFirst(a: ArticleMeta, b: ArticleMeta): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.added < b.added ? 1 : a.added > b.added ? -1 : 0
}

export class ArticleIndex {
  private readonly shards = new Map<string, Shard>()
  private readonly byId = new Map<string, ArticleMeta>()
  private dedupe: { guid: Map<string, string>; url: Map<string, string>; hash: Map<string, string> } | null = null
  private sorted: ArticleMeta[] | null = null
  private expected = 0
  private manifestCounts: Record<string, number> = {}
  /** Older shards, loaded once something asks for them (see `ready`). */
  private rest: string[] = []
  private loadingRest: Promise<void> | null = null
  loadedAll = false

  constructor(
    private readonly dir: string,
    private readonly notify: NoticeSink,
    private readonly onLoaded: () => void = () => {},
  ) {}

  private shard(day: string): Shard {
    let s = this.shards.get(day)
    if (!s) {
      s = { day, file: null, articles: null, dirty: false }
      this.shards.set(day, s)
    }
    return s
  }

  /** A shard's file, made on first use: a library has hundreds of days, opening touches one. */
  private fileOf(s: Shard): SafeJsonFile<ShardDoc> {
    s.file ??= new SafeJsonFile<ShardDoc>(
      join(this.dir, `${s.day}.json`),
      { label: `the library index file for ${s.day}`, version: SHARD_VERSION, validate: validateShard, write: { backups: 1, mirror: true } },
      this.notify,
    )
    return s.file
  }

  /**
   * Loads the newest shards until `firstPage` articles are in memory, then the rest
   * in the background. `counts` (from the manifest) give totals before that.
   */
  async open(counts: Record<string, number>, firstPage = 100): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true })
    // The folder, not the manifest, says which shards exist: a crash between a
    // shard's write and the manifest's cannot hide a shard.
    for (const name of await fs.readdir(this.dir)) {
      const m = /^(.+)\.json$/.exec(name)
      if (m && SHARD.test(m[1]!)) this.shard(m[1]!)
    }
    for (const day of Object.keys(counts)) if (SHARD.test(day)) this.shard(day)
    this.manifestCounts = counts
    this.expected = Object.values(counts).reduce((a, b) => a + b, 0)
    const days = [...this.shards.keys()].sort().reverse()
    let loaded = 0
    let i = 0
    for (; i < days.length && loaded < firstPage; i++) loaded += await this.load(this.shards.get(days[i]!)!)
    this.rest = days.slice(i)
    if (this.rest.length === 0) this.loadedAll = true
  }

  /**
   * Resolves when every shard is in memory, starting to load the older ones if that has
   * not begun. The library starts it once it is open, not during: loading a year of
   * shards alongside the rest of the opening would only delay the first screen.
   */
  get ready(): Promise<void> {
    if (!this.loadingRest) {
      const rest = this.rest
      this.loadingRest = rest.length
        ? (async () => {
            for (const day of rest) await this.load(this.shards.get(day)!)
            this.loadedAll = true
            this.onLoaded()
          })()
        : Promise.resolve()
      // A failure surfaces to whoever awaits ready; it must not crash the process meanwhile.
      this.loadingRest.catch(() => {})
    }
    return this.loadingRest
  }

  private async load(s: Shard): Promise<number> {
    if (s.articles) return s.articles.length
    const doc = await this.fileOf(s).read()
    s.articles = doc?.articles ?? []
    for (const a of s.articles) this.byId.set(a.id, a)
    this.sorted = null
    this.dedupe = null
    return s.articles.length
  }

  /** Articles in memory; the whole library once `loadedAll`. */
  get size(): number {
    return this.loadedAll ? this.byId.size : Math.max(this.expected, this.byId.size)
  }

  get loadedCount(): number {
    return this.byId.size
  }

  get(id: string): ArticleMeta | undefined {
    return this.byId.get(id)
  }

  values(): IterableIterator<ArticleMeta> {
    return this.byId.values()
  }

  /** The loaded articles, newest first; recomputed only after a change. */
  ordered(): ArticleMeta[] {
    if (!this.sorted) {
      const days = [...this.shards.values()].filter((s) => s.articles).sort((a, b) => (a.day < b.day ? 1 : -1))
      // Shards are days, so sorting each and concatenating is a full sort.
      this.sorted = days.flatMap((s) => [...s.articles!].sort(newestFirst))
    }
    return this.sorted
  }

  private maps() {
    if (!this.dedupe) {
      const guid = new Map<string, string>()
      const url = new Map<string, string>()
      const hash = new Map<string, string>()
      for (const a of this.byId.values()) {
        if (a.guid) guid.set(`${a.feedId ?? ''}|${a.guid}`, a.id)
        if (a.url) url.set(normalizeUrl(a.url), a.id)
        if (a.contentHash) hash.set(a.contentHash, a.id)
      }
      this.dedupe = { guid, url, hash }
    }
    return this.dedupe
  }

  byGuid(feedId: string | null, guid: string): string | undefined {
    return this.maps().guid.get(`${feedId ?? ''}|${guid}`)
  }

  byUrl(url: string): string | undefined {
    return this.maps().url.get(normalizeUrl(url))
  }

  byHash(hash: string): string | undefined {
    return this.maps().hash.get(hash)
  }

  add(meta: ArticleMeta): void {
    const s = this.shard(shardOf(meta.published))
    s.articles ??= []
    s.articles.push(meta)
    s.dirty = true
    this.byId.set(meta.id, meta)
    this.sorted = null
    if (this.dedupe) {
      if (meta.guid) this.dedupe.guid.set(`${meta.feedId ?? ''}|${meta.guid}`, meta.id)
      if (meta.url) this.dedupe.url.set(normalizeUrl(meta.url), meta.id)
      if (meta.contentHash) this.dedupe.hash.set(meta.contentHash, meta.id)
    }
  }

  /** After changing a stored meta in place. */
  touched(meta: ArticleMeta): void {
    this.shard(shardOf(meta.published)).dirty = true
    // Its keys may have changed (a new feed, a new hash): rebuilt when next needed.
    this.dedupe = null
  }

  remove(ids: Set<string>): void {
    for (const s of this.shards.values()) {
      if (!s.articles) continue
      const kept = s.articles.filter((a) => !ids.has(a.id))
      if (kept.length !== s.articles.length) {
        s.articles = kept
        s.dirty = true
      }
    }
    for (const id of ids) this.byId.delete(id)
    this.sorted = null
    this.dedupe = null
  }

  /** Writes changed shards; returns the article count of every shard for the manifest. */
  async save(): Promise<Record<string, number>> {
    const writes: Promise<void>[] = []
    for (const s of this.shards.values()) {
      if (!s.dirty || !s.articles) continue
      s.dirty = false
      writes.push(this.fileOf(s).write({ version: SHARD_VERSION, day: s.day, articles: s.articles }))
    }
    await Promise.all(writes)
    return this.counts()
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const s of this.shards.values()) {
      // A shard not loaded yet keeps the count the manifest had for it.
      const n = s.articles ? s.articles.length : (this.manifestCounts[s.day] ?? 0)
      if (n) counts[s.day] = n
    }
    return counts
  }

  async idle(): Promise<void> {
    await Promise.all([...this.shards.values()].map((s) => s.file?.idle()))
  }
}
