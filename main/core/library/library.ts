// The library: the whole public API over the data folder, as NetNewsWire's
// ArticlesDatabase is over its tables. Each concern is a part in its own file, and
// this class opens them in order, hands each what it needs and tells listeners what
// changed ('changed', 'notice'). docs/storage.md describes the files; where each lives:
//   library.json             folders, feeds, shard counts        manifest.ts
//   index/YYYY-MM-DD.json    article metadata by day             article-index.ts
//   state.json + .journal    read and starred marks              statuses.ts
//   articles/a/ID.json       article bodies                      bodies.ts
//   settings.json            reader settings                     settings.ts
//   notices.json, .log       problems the user must hear about   notices.ts
//   notes/ID.json            the user's notes                    ../notes/notes-store.ts
//   search/                  the search index, kept in step      search-sync.ts
//   offprint.lock            who has the folder open             folder-lock.ts
// Adding articles (duplicates, bodies before the index) is add-articles.ts; removing
// them and the retention setting, retention.ts; the list and its counts, article-queries.ts.
import { EventEmitter } from 'node:events'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Article, ArticleMeta, Feed, Folder, NewArticle, Notice, Settings } from '../../../common/model'
import { NotesStore } from '../notes/notes-store'
import { lockFolder, type FolderLock, type LockInfo, type LockOwner } from './folder-lock'
import { NotFoundError } from '../base/errors'
import type { BodyDoc } from './schema'
import { ArticleIndex } from './article-index'
import { Statuses } from './statuses'
import { Bodies } from './bodies'
import { Notices } from './notices'
import { SettingsStore } from './settings'
import { ManifestStore } from './manifest'
import { ArticleAdder, type AddResult } from './add-articles'
import { Retention } from './retention'
import { ArticleQueries, type Counts, type ListQuery } from './article-queries'
import { SearchSync, type SearchDocument, type SearchPort } from './search-sync'

export type { SearchDocument, SearchPort } from './search-sync'
export type { ListQuery } from './article-queries'
export type { AddResult } from './add-articles'

export interface LibraryOptions {
  dataDir: string
  /** Load the bundled sample into a new, empty data folder (default true). */
  sample?: boolean
  now?: () => Date
  /** Opens the search engine for this library; null runs without one (tests, benchmarks of storage alone). */
  search?: ((dir: string) => Promise<SearchPort>) | null
  /** Who holds the folder while this library is open, as others are told (see folder-lock.ts). */
  owner?: LockOwner
}

export class Library extends EventEmitter {
  readonly notes: NotesStore
  private readonly manifest: ManifestStore
  private readonly settingsStore: SettingsStore
  private readonly statuses: Statuses
  private readonly bodies: Bodies
  private readonly articles: ArticleIndex
  private readonly searchSync: SearchSync
  private readonly adder: ArticleAdder
  private readonly retention: Retention
  private readonly queries: ArticleQueries
  private lock: FolderLock | null = null
  readonly now: () => Date

  private constructor(
    readonly dataDir: string,
    notes: NotesStore,
    private readonly noticeBoard: Notices,
    now: () => Date,
  ) {
    super()
    this.notes = notes
    this.now = now
    const notify = noticeBoard.sink
    noticeBoard.onNotice = (n) => this.emit('notice', n)
    this.articles = new ArticleIndex(join(dataDir, 'index'), notify, () => this.emit('changed', 'loaded'))
    this.manifest = new ManifestStore(dataDir, notify, () => this.articles.save())
    this.settingsStore = new SettingsStore(dataDir, notify)
    this.statuses = new Statuses(dataDir, notify)
    this.bodies = new Bodies(dataDir)
    this.searchSync = new SearchSync(this.articles, this.bodies, notes, (id) => this.manifest.feed(id))
    this.queries = new ArticleQueries(this.articles, this.statuses, this.manifest)
    this.adder = new ArticleAdder(this.articles, this.bodies, this.manifest, notes, now)
    this.retention = new Retention({
      articles: this.articles,
      statuses: this.statuses,
      bodies: this.bodies,
      manifest: this.manifest,
      notes,
      search: this.searchSync,
      settings: this.settingsStore,
      now,
      onRemoved: () => this.emit('changed', 'articles'),
    })
  }

  static async open(opts: LibraryOptions): Promise<Library> {
    const dir = opts.dataDir
    await fs.mkdir(dir, { recursive: true })
    const owner = opts.owner ?? 'another offprint command'
    // The app and serve wait out a command that has the library (a refresh from cron).
    const lock = await lockFolder(dir, owner, { waitForCommandMs: owner === 'another offprint command' ? 0 : 120_000 })
    try {
      return await Library.openLocked(opts, lock)
    } catch (err) {
      await lock.release()
      throw err
    }
  }

  private static async openLocked(opts: LibraryOptions, lock: FolderLock): Promise<Library> {
    const dir = opts.dataDir
    const now = opts.now ?? (() => new Date())
    const isNew = !(await anyExists(dir, ['library.json', 'library.json.mirror', 'library.json.bak1', 'notes', 'index']))
    const notices = new Notices(dir, now)
    const notes = await NotesStore.open(join(dir, 'notes'), notices.sink, now)
    const lib = new Library(dir, notes, notices, now)
    lib.lock = lock
    await lib.load()
    // Note counts for the list, read in the background.
    lib.notes.loadAll().then(
      () => lib.emit('changed', 'notes'),
      () => {},
    )
    if (isNew && opts.sample !== false) {
      const { loadSample } = await import('./sample')
      await loadSample(lib)
    }
    if (opts.search !== null) {
      const factory = opts.search ?? (await import('../search/index')).openSearchPort
      await lib.searchSync.open(factory, join(dir, 'search'))
    }
    // Open: the older shards now load in the background (whoever needs them awaits ready()).
    void lib.articles.ready
    return lib
  }

  private async load(): Promise<void> {
    await this.noticeBoard.load()
    await this.manifest.read()
    const legacy = this.manifest.takeLegacyArticles()
    await this.articles.open(this.manifest.shards)
    if (legacy) {
      await this.articles.ready
      for (const a of legacy) if (!this.articles.get(a.id)) this.articles.add(a)
    }
    if (legacy || this.manifest.migrated) await this.saveIndex()
    await this.settingsStore.load()
    await this.statuses.load()
  }

  /** Tells a program that finds this library in use where to send its requests (remote.ts). */
  async announce(extra: Pick<LockInfo, 'socket' | 'token'>): Promise<void> {
    await this.lock?.announce(extra)
  }

  /** Resolves once every article's metadata is in memory (older shards load after open). */
  ready(): Promise<void> {
    return this.articles.ready
  }

  /** Folds the status journal into state.json (tests/unit/main/core/library/recovery.test.ts calls it, as a long-running app would). */
  private compactState(): Promise<void> {
    return this.statuses.compact()
  }

  // ---- notices -------------------------------------------------------------

  /** Problems the user must hear about (notices.ts). */
  notices(): Notice[] {
    return this.noticeBoard.all()
  }

  dismissNotice(id: string): Promise<void> {
    return this.noticeBoard.dismiss(id)
  }

  // ---- settings ------------------------------------------------------------

  settings(): Settings {
    return this.settingsStore.get()
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.settingsStore.update(patch)
  }

  // ---- folders and feeds (manifest.ts) ------------------------------------

  folders(): Folder[] {
    return this.manifest.folders()
  }

  feeds(): Feed[] {
    return this.manifest.feeds()
  }

  feed(id: string): Feed | undefined {
    return this.manifest.feed(id)
  }

  addFolder(name: string): Promise<Folder> {
    return this.manifest.addFolder(name)
  }

  renameFolder(id: string, name: string): Promise<Folder> {
    return this.manifest.renameFolder(id, name)
  }

  /** Removes a folder; its feeds move to the top level (nothing is deleted with it). */
  removeFolder(id: string): Promise<void> {
    return this.manifest.removeFolder(id)
  }

  addFeed(input: Partial<Feed> & { title: string; url: string }): Promise<Feed> {
    return this.manifest.addFeed(input)
  }

  updateFeed(id: string, patch: Partial<Omit<Feed, 'id'>>): Promise<Feed> {
    return this.manifest.updateFeed(id, patch)
  }

  /**
   * Unsubscribes: the feed and its articles go, except articles the user starred or
   * annotated, which stay in the library as saved articles.
   */
  async removeFeed(id: string): Promise<{ removed: number; kept: number }> {
    if (!this.feed(id)) throw new NotFoundError(`No feed with id ${id}.`)
    const result = await this.retention.removeFeedArticles(id)
    await this.manifest.removeFeed(id)
    this.emit('changed', 'feeds')
    return result
  }

  // ---- articles ------------------------------------------------------------

  get size(): number {
    return this.articles.size
  }

  meta(id: string): ArticleMeta | undefined {
    return this.articles.get(id)
  }

  isRead(id: string): boolean {
    return this.statuses.isRead(id)
  }

  isStarred(id: string): boolean {
    return this.statuses.isStarred(id)
  }

  /** A page of the list, filtered and sorted (article-queries.ts). */
  list(q: ListQuery): Promise<{ total: number; items: ArticleMeta[] }> {
    return this.queries.list(q)
  }

  counts(): Promise<Counts> {
    return this.queries.counts()
  }

  /** An article's stored text (bodies.ts); a missing or damaged one reads as a message saying so. */
  body(id: string): Promise<BodyDoc> {
    return this.bodies.get(id)
  }

  async get(id: string): Promise<Article> {
    const meta = await this.queries.find(id)
    const body = await this.body(id)
    return { ...meta, html: body.html, text: body.text, textVersion: body.textVersion, read: this.statuses.isRead(id), starred: this.statuses.isStarred(id) }
  }

  /** Stored articles linked from an article's text ("Read also"). */
  readAlso(id: string, html: string): Promise<ArticleMeta[]> {
    return this.queries.readAlso(id, html)
  }

  /** The stored article at an address, if any (all shards loaded). */
  findByUrl(url: string): string | undefined {
    return this.articles.byUrl(url)
  }

  /** The newest articles, excluding some. */
  recent(limit: number, exclude: Set<string> = new Set()): ArticleMeta[] {
    return this.queries.recent(limit, exclude)
  }

  async setRead(ids: string[], read: boolean): Promise<number> {
    for (const id of ids) await this.queries.find(id)
    const changed = await this.statuses.setRead(ids, read)
    if (changed) this.emit('changed', 'read')
    return changed
  }

  async setStarred(id: string, starred: boolean): Promise<number> {
    await this.queries.find(id)
    const changed = await this.statuses.setStarred(id, starred)
    if (changed) this.emit('changed', 'starred')
    return changed
  }

  // ---- adding articles (add-articles.ts) ------------------------------------

  articleId(feedId: string | null, item: NewArticle): string {
    return this.adder.articleId(feedId, item)
  }

  /** The stored article a feed item already is, if any: by guid within its feed, else by its id. */
  storedItem(feedId: string | null, item: NewArticle): ArticleMeta | undefined {
    return this.adder.storedItem(feedId, item)
  }

  /**
   * Adds articles, recognizing duplicates by guid (within the feed), address and
   * content; an updated story gets a new body and text version, its highlights re-anchored.
   */
  async addArticles(feedId: string | null, items: NewArticle[]): Promise<AddResult> {
    const { result, stored } = await this.adder.add(feedId, items)
    if (stored.length === 0) return result
    await this.searchSync.stored(stored)
    this.emit('changed', 'articles')
    return result
  }

  /**
   * Removes articles, except those the user starred or annotated: retention and
   * feed removal must never take the user's own work with them.
   */
  removeArticles(ids: string[]): Promise<{ removed: number; kept: number }> {
    return this.retention.remove(ids)
  }

  /** Drops read articles older than the retention setting; never starred or annotated ones. */
  applyRetention(): Promise<{ removed: number; kept: number }> {
    return this.retention.apply()
  }

  /** Changed shards first, then the manifest that counts them. */
  saveIndex(): Promise<void> {
    return this.manifest.save()
  }

  // ---- search (search-sync.ts) ----------------------------------------------

  /** The search engine, once open; null when the library runs without one. */
  get search(): SearchPort | null {
    return this.searchSync.port
  }

  searchDoc(meta: ArticleMeta, text: string, notes = ''): SearchDocument {
    return this.searchSync.doc(meta, text, notes)
  }

  /** The user's notes on an article as search text: comments and highlight notes. */
  notesText(id: string): Promise<string> {
    return this.searchSync.notesText(id)
  }

  /** After notes change: the search index learns the article's new notes text. */
  reindexNotes(id: string): Promise<void> {
    return this.searchSync.reindexNotes(id)
  }

  /** Waits for a rebuild of the search index started at open, if any. */
  searchIndexReady(): Promise<void> {
    return this.searchSync.ready
  }

  // ---- lifecycle -----------------------------------------------------------

  /** Waits for every pending write. */
  async flush(): Promise<void> {
    await Promise.all([this.manifest.idle(), this.articles.idle(), this.statuses.idle(), this.notes.idle(), this.noticeBoard.idle()])
  }

  async close(): Promise<void> {
    await this.articles.ready.catch(() => {})
    await this.searchSync.ready.catch(() => {})
    await this.flush()
    await this.statuses.close()
    await this.searchSync.close()
    // Last: until everything is written, no other program may open the folder.
    await this.lock?.release()
    this.lock = null
  }
}

async function anyExists(dir: string, names: string[]): Promise<boolean> {
  for (const n of names) {
    try {
      await fs.access(join(dir, n))
      return true
    } catch {
      // not there
    }
  }
  return false
}
