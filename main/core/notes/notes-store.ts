// The user's own words: comments, threaded replies and highlights with notes.
//
// One small file per annotated article (notes/<articleId>.json), written durably
// (fsync file and directory) with three rolling backups. A save touches only that
// article's file, so it costs the same with 10 notes in the library or 10,000.
import { promises as fs } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { InvalidInputError, NotFoundError } from '../base/errors'
import type * as types from '../../../common/model'

export const NOTES_VERSION = 1

const Comment = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  text: z.string(),
  created: z.string(),
  edited: z.string().optional(),
  /** Soft delete, so a delete can be undone; purged after a while. */
  deletedAt: z.string().optional(),
})
export type Comment = z.infer<typeof Comment> & types.Comment

const Highlight = z.object({
  id: z.string(),
  color: z.string(),
  note: z.string(),
  created: z.string(),
  updated: z.string(),
  /** W3C Web Annotation TextQuoteSelector. */
  quote: z.object({ exact: z.string(), prefix: z.string(), suffix: z.string() }),
  /** W3C Web Annotation TextPositionSelector, in the article's plain text. */
  position: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  /** The article text version the selectors were last placed on. */
  textVersion: z.number().int(),
  /** Could not be placed in the current text: kept and listed, never dropped. */
  orphaned: z.boolean().optional(),
  deletedAt: z.string().optional(),
})
export type Highlight = z.infer<typeof Highlight> & types.Highlight

const NotesDoc = z.object({
  version: z.literal(NOTES_VERSION),
  articleId: z.string(),
  comments: z.array(Comment),
  highlights: z.array(Highlight),
})
export type NotesDoc = z.infer<typeof NotesDoc>

export const COMMENT_MAX = 20_000
export const NAME_MAX = 80

/** Control characters other than tab and newline make text unreadable or unsafe to show. */
function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim()
}

export function validateComment(input: { name: string; text: string }): { name: string; text: string } {
  const text = cleanText(input.text)
  const name = cleanText(input.name).replace(/\s+/g, ' ')
  if (!text) throw new InvalidInputError('Please enter your comment!', 'text')
  if (!name) throw new InvalidInputError('Please enter your name here', 'name')
  if (text.length > COMMENT_MAX) {
    throw new InvalidInputError(`Your comment is too long: ${text.length.toLocaleString('en')} characters, the limit is ${COMMENT_MAX.toLocaleString('en')}.`, 'text')
  }
  if (name.length > NAME_MAX) throw new InvalidInputError(`Your name is too long: the limit is ${NAME_MAX} characters.`, 'name')
  return { name, text }
}

/**
 * A random id of 12 base64url characters that does not begin with '-', so that it can be
 * typed after a command (`offprint comment add … --reply-to ID`) like any other word.
 */
export function newId(): string {
  return undash(randomBytes(9).toString('base64url'))
}

/** The same id with a leading '-' (one in 64 of them) made a letter. */
export function undash(id: string): string {
  return id.startsWith('-') ? `A${id.slice(1)}` : id
}

/** What an article or note id may be: also the rule for ids read from an imported file. */
export const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/
const ID = NOTE_ID

export class NotesStore {
  private readonly files = new Map<string, SafeJsonFile<NotesDoc>>()
  private readonly docs = new Map<string, NotesDoc>()
  private readonly loading = new Map<string, Promise<NotesDoc>>()
  /** Article id → number of live notes; filled at open from the folder listing. */
  private readonly counts = new Map<string, number>()

  private constructor(
    readonly dir: string,
    private readonly notify: NoticeSink,
    private readonly now: () => Date,
  ) {}

  static async open(dir: string, notify: NoticeSink, now: () => Date = () => new Date()): Promise<NotesStore> {
    await fs.mkdir(dir, { recursive: true })
    const store = new NotesStore(dir, notify, now)
    for (const name of await fs.readdir(dir)) {
      const m = /^([A-Za-z0-9_-]+)\.json$/.exec(name)
      if (m?.[1]) store.counts.set(m[1], -1) // known to have notes; counted on first read
    }
    return store
  }

  /** Articles that have notes (retention never removes them). */
  annotated(): Set<string> {
    return new Set([...this.counts].filter(([, n]) => n !== 0).map(([id]) => id))
  }

  /** Live notes on an article; -1 while not counted yet. */
  countOf(articleId: string): number {
    return this.counts.get(articleId) ?? 0
  }

  /** Reads every notes file once, so counts and the all-notes view are exact. */
  async loadAll(): Promise<void> {
    for (const id of [...this.counts.keys()]) await this.get(id)
  }

  private file(articleId: string): SafeJsonFile<NotesDoc> {
    if (!ID.test(articleId)) throw new InvalidInputError(`Not a valid article id: ${articleId}`)
    let file = this.files.get(articleId)
    if (!file) {
      file = new SafeJsonFile<NotesDoc>(
        join(this.dir, `${articleId}.json`),
        { label: `the notes file of article ${articleId}`, version: NOTES_VERSION, validate: (d) => NotesDoc.parse(d), write: { durable: true, backups: 3, mirror: true } },
        this.notify,
      )
      this.files.set(articleId, file)
    }
    return file
  }

  async get(articleId: string): Promise<NotesDoc> {
    const cached = this.docs.get(articleId)
    if (cached) return cached
    // One read per file even when callers race (the background count and a click):
    // two readers of a damaged file would both try to set it aside.
    let loading = this.loading.get(articleId)
    if (!loading) {
      loading = (async () => {
        const doc = (await this.file(articleId).read()) ?? { version: NOTES_VERSION, articleId, comments: [], highlights: [] }
        this.docs.set(articleId, doc)
        this.recount(doc)
        return doc
      })().finally(() => this.loading.delete(articleId))
      this.loading.set(articleId, loading)
    }
    return loading
  }

  private recount(doc: NotesDoc): void {
    const n = doc.comments.filter((c) => !c.deletedAt).length + doc.highlights.filter((h) => !h.deletedAt).length
    if (n > 0 || this.counts.has(doc.articleId)) this.counts.set(doc.articleId, n)
  }

  /** Resolves once the notes are on disk (fsynced): only then is a note "saved". */
  private async save(doc: NotesDoc): Promise<void> {
    this.recount(doc)
    await this.file(doc.articleId).write(doc)
  }

  async addComment(articleId: string, input: { name: string; text: string; parentId?: string | null }): Promise<Comment> {
    const { name, text } = validateComment(input)
    const parentId = input.parentId ?? null
    let comment!: Comment
    await this.update(articleId, (doc) => {
      if (parentId && !doc.comments.some((c) => c.id === parentId && !c.deletedAt)) {
        throw new NotFoundError('The comment you are replying to no longer exists.')
      }
      // A comment is never older than the ones before it: threads are shown by time, and a
      // clock set back (a dead battery, a bad sync) must not move a new reply above them.
      let latest = -Infinity
      for (const c of doc.comments) {
        const t = Date.parse(c.created)
        if (t > latest) latest = t
      }
      const created = new Date(Math.min(Math.max(this.now().getTime(), latest + 1), 8.64e15)).toISOString()
      comment = { id: newId(), parentId, name, text, created }
      doc.comments.push(comment)
    })
    return comment
  }

  async addHighlight(articleId: string, input: Omit<Highlight, 'id' | 'created' | 'updated' | 'deletedAt'>): Promise<Highlight> {
    const at = this.now().toISOString()
    const highlight = Highlight.parse({ ...input, note: cleanText(input.note), id: newId(), created: at, updated: at })
    await this.update(articleId, (doc) => void doc.highlights.push(highlight))
    return highlight
  }

  /** Applies a change to an article's notes and saves, undoing it in memory if the save fails. */
  async update(articleId: string, change: (doc: NotesDoc) => void): Promise<NotesDoc> {
    const doc = await this.get(articleId)
    const before = structuredClone(doc)
    change(doc)
    try {
      await this.save(doc)
    } catch (err) {
      Object.assign(doc, before)
      this.recount(doc)
      throw err
    }
    return doc
  }

  async idle(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.idle()))
  }
}
