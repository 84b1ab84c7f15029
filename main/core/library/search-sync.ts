// Keeping the search index in step with the library: what each article gives the
// engine (its text and the user's notes on it), the updates after an ingest, a note or
// a removal, and the rebuild of an index that is missing or was set aside as damaged.
// The engine itself is main/core/search; the library only knows it as a SearchPort.
import type { ArticleMeta, Feed } from '../../../common/model'
import type { NotesStore } from '../notes/notes-store'
import type { RelatedOptions, RelatedResult, SearchDoc, SearchOptions, SearchResult } from '../search/index'
import type { ArticleIndex } from './article-index'
import type { Bodies } from './bodies'
import type { BodyDoc } from './schema'

/** What the library needs of a search engine (main/core/search implements it). */
export interface SearchPort {
  readonly needsRebuild: boolean
  upsert(docs: SearchDocument[]): void
  remove(ids: string[]): void
  related(id: string, opts?: RelatedOptions): RelatedResult
  search(query: string, opts?: SearchOptions): SearchResult
  rebuild(docs: AsyncIterable<SearchDocument>): Promise<void>
  save(): Promise<void>
  close(): Promise<void>
}

/** What the library hands the search engine for each article. */
export type SearchDocument = SearchDoc

export class SearchSync {
  /** The engine, once open; null when the library runs without one. */
  port: SearchPort | null = null
  /** Settles when a rebuild started at open is done. */
  ready: Promise<void> = Promise.resolve()

  constructor(
    private readonly articles: ArticleIndex,
    private readonly bodies: Bodies,
    private readonly notes: NotesStore,
    private readonly feed: (id: string) => Feed | undefined,
  ) {}

  /** Opens the engine; an index that needs rebuilding is rebuilt once every shard is loaded. */
  async open(factory: (dir: string) => Promise<SearchPort>, dir: string): Promise<void> {
    const search = await factory(dir)
    this.port = search
    if (search.needsRebuild && this.articles.size > 0) this.ready = this.articles.ready.then(() => this.rebuild())
  }

  doc(meta: ArticleMeta, text: string, notes = ''): SearchDocument {
    const feed = meta.feedId ? this.feed(meta.feedId) : undefined
    return { id: meta.id, title: meta.title, text, author: meta.author, siteName: meta.siteName || feed?.title || '', feedId: meta.feedId, published: meta.published, notes }
  }

  /** The user's notes on an article as search text: comments and highlight notes. */
  async notesText(id: string): Promise<string> {
    if (this.notes.countOf(id) === 0) return ''
    const doc = await this.notes.get(id)
    return [...doc.comments.filter((c) => !c.deletedAt).map((c) => c.text), ...doc.highlights.filter((h) => !h.deletedAt).map((h) => h.note)]
      .filter(Boolean)
      .join('\n')
  }

  /** After notes change: the index learns the article's new notes text. */
  async reindexNotes(id: string): Promise<void> {
    const meta = this.articles.get(id)
    if (!this.port || !meta) return
    const body = await this.bodies.get(id)
    this.port.upsert([this.doc(meta, body.text, await this.notesText(id))])
  }

  /** After an ingest: the articles whose bodies were just written, new or updated. */
  async stored(bodies: BodyDoc[]): Promise<void> {
    if (!this.port) return
    const docs = []
    for (const b of bodies) docs.push(this.doc(this.articles.get(b.id)!, b.text, await this.notesText(b.id)))
    this.port.upsert(docs)
  }

  removed(ids: string[]): void {
    this.port?.remove(ids)
  }

  /** Saves and closes the engine. */
  async close(): Promise<void> {
    if (!this.port) return
    await this.port.save()
    await this.port.close()
  }

  private async rebuild(): Promise<void> {
    const search = this.port
    if (!search) return
    const sync = this
    async function* docs() {
      for (const meta of [...sync.articles.values()]) {
        const body = await sync.bodies.get(meta.id)
        yield sync.doc(meta, body.text, await sync.notesText(meta.id))
      }
    }
    await search.rebuild(docs())
    await search.save()
  }
}
