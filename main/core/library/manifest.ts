// library.json, the manifest: the folders, the feeds (with their ETags, errors and
// icons) and how many articles each index shard holds. The articles' metadata is in
// the shards (article-index.ts); each save writes the changed shards first, then the
// manifest that counts them.
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { ArticleMeta, Feed, Folder } from '../../../common/model'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { InvalidInputError, NotFoundError } from '../base/errors'
import { newId } from '../notes/notes-store'
import { manifestSpec, MANIFEST_VERSION, type Manifest } from './schema'
import { normalizeUrl } from './text'

export class ManifestStore {
  private readonly file: SafeJsonFile<Manifest>
  private readonly db: Low<Manifest>
  /** Feeds by normalized address; rebuilt when the feed list changes (OPML imports add thousands). */
  private feedUrls: { feeds: Feed[]; count: number; map: Map<string, Feed> } | null = null

  constructor(
    dataDir: string,
    notify: NoticeSink,
    /** Writes the changed index shards and returns the articles per shard. */
    private readonly saveShards: () => Promise<Record<string, number>>,
  ) {
    this.file = new SafeJsonFile(join(dataDir, 'library.json'), manifestSpec, notify)
    this.db = new Low(this.file, { version: MANIFEST_VERSION, folders: [], feeds: [], shards: {} })
  }

  read(): Promise<void> {
    return this.db.read()
  }

  /** Articles per shard as last saved, for totals before every shard is loaded. */
  get shards(): Record<string, number> {
    return this.db.data.shards
  }

  /** True when read() migrated an older format, which should be written back. */
  get migrated(): boolean {
    return this.file.migrated
  }

  /** The articles a format 2 or older manifest held, for the shards to take in; once. */
  takeLegacyArticles(): ArticleMeta[] | undefined {
    const legacy = this.db.data.articles
    delete this.db.data.articles
    return legacy
  }

  /** Changed shards first, then the manifest that counts them. */
  async save(): Promise<void> {
    this.db.data.shards = await this.saveShards()
    await this.db.write()
  }

  idle(): Promise<void> {
    return this.file.idle()
  }

  // ---- folders -------------------------------------------------------------

  folders(): Folder[] {
    return this.db.data.folders
  }

  hasFolder(id: string): boolean {
    return this.db.data.folders.some((f) => f.id === id)
  }

  async addFolder(name: string): Promise<Folder> {
    const clean = name.trim()
    if (!clean) throw new InvalidInputError('A folder needs a name.')
    const existing = this.db.data.folders.find((f) => f.name.toLowerCase() === clean.toLowerCase())
    if (existing) return existing
    const folder = { id: newId(), name: clean }
    this.db.data.folders.push(folder)
    await this.save()
    return folder
  }

  async renameFolder(id: string, name: string): Promise<Folder> {
    const folder = this.db.data.folders.find((f) => f.id === id)
    if (!folder) throw new NotFoundError(`No folder with id ${id}.`)
    const clean = name.trim()
    if (!clean) throw new InvalidInputError('A folder needs a name.')
    folder.name = clean
    await this.save()
    return folder
  }

  /** Removes a folder; its feeds move to the top level (nothing is deleted with it). */
  async removeFolder(id: string): Promise<void> {
    if (!this.hasFolder(id)) throw new NotFoundError(`No folder with id ${id}.`)
    this.db.data.folders = this.db.data.folders.filter((f) => f.id !== id)
    for (const feed of this.db.data.feeds) if (feed.folderId === id) feed.folderId = null
    await this.save()
  }

  // ---- feeds ---------------------------------------------------------------

  feeds(): Feed[] {
    return this.db.data.feeds
  }

  feed(id: string): Feed | undefined {
    return this.db.data.feeds.find((f) => f.id === id)
  }

  /** Subscribes, unless a feed at the same (normalized) address is already there: that one is returned. */
  async addFeed(input: Partial<Feed> & { title: string; url: string }): Promise<Feed> {
    const key = input.url ? normalizeUrl(input.url) : ''
    const existing = key ? this.feedByUrl().get(key) : undefined
    if (existing) return existing
    const feed: Feed = { siteUrl: '', folderId: null, fullText: false, ...input, id: input.id ?? newId(), error: null }
    const byUrl = this.feedByUrl()
    this.db.data.feeds.push(feed)
    if (key) byUrl.set(key, feed)
    this.feedUrls!.count++
    await this.save()
    return feed
  }

  async updateFeed(id: string, patch: Partial<Omit<Feed, 'id'>>): Promise<Feed> {
    const feed = this.feed(id)
    if (!feed) throw new NotFoundError(`No feed with id ${id}.`)
    Object.assign(feed, patch)
    if (patch.url !== undefined) this.feedUrls = null
    await this.save()
    return feed
  }

  /** Takes the feed off the list (its articles are the library's business). */
  async removeFeed(id: string): Promise<void> {
    this.db.data.feeds = this.db.data.feeds.filter((f) => f.id !== id)
    await this.save()
  }

  private feedByUrl(): Map<string, Feed> {
    const feeds = this.db.data.feeds
    if (!this.feedUrls || this.feedUrls.feeds !== feeds || this.feedUrls.count !== feeds.length) {
      this.feedUrls = { feeds, count: feeds.length, map: new Map(feeds.filter((f) => f.url).map((f) => [normalizeUrl(f.url), f])) }
    }
    return this.feedUrls.map
  }
}
