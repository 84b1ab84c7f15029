// Adding articles (an ingest batch, the sample): which items are already stored,
// what a new or updated one's metadata and body are, and the order they reach the
// disk in. Bodies are written before the index that lists them, so a crash or a
// full disk leaves an earlier batch whole and this one absent, never an index entry
// without its text.
import { createHash } from 'node:crypto'
import type { ArticleMeta, NewArticle } from '../../../common/model'
import { NotFoundError } from '../base/errors'
import { undash, type NotesStore } from '../notes/notes-store'
import { reanchor } from '../notes/notes-service'
import type { ArticleIndex } from './article-index'
import type { Bodies } from './bodies'
import type { ManifestStore } from './manifest'
import { BODY_VERSION, type BodyDoc } from './schema'
import { contentHash, excerptOf, htmlToLines as htmlToText, wordCount } from './text'

export interface AddResult {
  added: ArticleMeta[]
  updated: ArticleMeta[]
  duplicates: number
}

export class ArticleAdder {
  constructor(
    private readonly articles: ArticleIndex,
    private readonly bodies: Bodies,
    private readonly manifest: ManifestStore,
    private readonly notes: NotesStore,
    private readonly now: () => Date,
  ) {}

  articleId(feedId: string | null, item: NewArticle): string {
    return undash(this.hashedId(feedId, item))
  }

  /** The stored article a feed item already is, if any: by guid within its feed, else by its id. */
  storedItem(feedId: string | null, item: NewArticle): ArticleMeta | undefined {
    const byGuid = item.guid ? this.articles.byGuid(feedId, item.guid) : undefined
    return this.articles.get(byGuid ?? this.articleId(feedId, item)) ?? this.articles.get(this.hashedId(feedId, item))
  }

  /**
   * Adds articles, recognizing duplicates by guid (within the feed), address and
   * content. An article seen before under the same guid with changed text has its
   * body replaced and its text version raised (highlights re-anchor on it).
   * Returns what was added, and the bodies written (none when nothing changed).
   */
  async add(feedId: string | null, items: NewArticle[]): Promise<{ result: AddResult; stored: BodyDoc[] }> {
    if (feedId !== null && !this.manifest.feed(feedId)) throw new NotFoundError(`No feed with id ${feedId}.`)
    await this.articles.ready
    const added: ArticleMeta[] = []
    const updated: ArticleMeta[] = []
    let duplicates = 0
    const bodies: BodyDoc[] = []
    const before: [ArticleMeta, ArticleMeta][] = []
    const nowIso = this.now().toISOString()
    const feed = feedId ? this.manifest.feed(feedId) : undefined
    for (const item of items) {
      const text = htmlToText(item.html)
      const hash = contentHash(text)
      const sameGuid = item.guid ? this.articles.byGuid(feedId, item.guid) : undefined
      if (sameGuid) {
        const meta = this.articles.get(sameGuid)!
        if (hash && hash !== meta.contentHash) {
          const old = await this.bodies.get(meta.id)
          before.push([meta, { ...meta }])
          Object.assign(meta, { title: cleanTitle(item.title) || meta.title, excerpt: excerptOf(text), words: wordCount(text), contentHash: hash, image: item.image || meta.image })
          this.articles.touched(meta)
          bodies.push({ version: BODY_VERSION, id: meta.id, html: item.html, text, textVersion: old.textVersion + 1 })
          updated.push(meta)
        } else duplicates++
        continue
      }
      if ((item.url && this.articles.byUrl(item.url)) || (hash && this.articles.byHash(hash))) {
        duplicates++
        continue
      }
      const id = this.articleId(feedId, item)
      if (this.articles.get(id) || this.articles.get(this.hashedId(feedId, item))) {
        duplicates++
        continue
      }
      const published = validIso(item.published) ?? nowIso
      const meta: ArticleMeta = {
        id,
        feedId,
        title: cleanTitle(item.title) || excerptOf(text, 80) || 'Untitled',
        url: item.url ?? '',
        siteName: item.siteName ?? feed?.title ?? '',
        author: item.author ?? '',
        published,
        added: nowIso,
        guid: item.guid ?? '',
        excerpt: excerptOf(text),
        image: item.image ?? '',
        contentHash: hash,
        words: wordCount(text),
      }
      this.articles.add(meta)
      bodies.push({ version: BODY_VERSION, id, html: item.html, text, textVersion: 1 })
      added.push(meta)
    }
    const result = { added, updated, duplicates }
    if (bodies.length === 0) return { result, stored: bodies }
    // Bodies first: an index entry must never point at a body that was not written.
    try {
      await this.bodies.write(bodies)
    } catch (err) {
      // Not stored (a full disk): nothing of this batch may stay in the index in memory
      // either, where the next save of the index would make it permanent.
      this.articles.remove(new Set(added.map((a) => a.id)))
      for (const [meta, old] of before) {
        Object.assign(meta, old)
        this.articles.touched(meta)
      }
      throw err
    }
    await this.manifest.save()
    // Highlights follow the text they were made on when a story is updated.
    for (const meta of updated) {
      if (this.notes.countOf(meta.id) === 0) continue
      const body = bodies.find((b) => b.id === meta.id)!
      await this.notes.update(meta.id, (doc) => void reanchor(doc, body.text, body.textVersion))
    }
    return { result, stored: bodies }
  }

  /** The id as made before ids stopped beginning with '-': articles keep the id they were stored under. */
  private hashedId(feedId: string | null, item: NewArticle): string {
    const key = item.guid || item.url || `${item.title}|${item.published ?? ''}`
    return createHash('sha256').update(`${feedId ?? ''}\u0000${key}`).digest('base64url').slice(0, 12)
  }
}

function validIso(s: string | undefined): string | null {
  if (!s) return null
  const t = Date.parse(s)
  return Number.isFinite(t) ? new Date(t).toISOString() : null
}

function cleanTitle(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}
