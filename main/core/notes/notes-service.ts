// What the user does with notes: comment, reply, edit, delete and undo; highlight a
// passage and write a note on it; see all notes; export and import them. Nothing
// here makes a network request: the notes never leave the machine.
import { InvalidInputError, NotFoundError } from '../base/errors'
import { COMMENT_MAX, NOTE_ID, validateComment, type NotesDoc, type NotesStore } from './notes-store'
import type { ArticleMeta, ArticleNotes, Comment, Highlight, NoteEntry, NotesImportSummary, Settings } from '../../../common/model'
import { anchorQuote, describeRange } from './anchor'
import { commentTree, walkThread } from './comment-tree'
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../common/limits'

const QUOTE_MAX = 10_000

export { commentTree, THREAD_DEPTH_MAX } from './comment-tree'

export interface NotesExport {
  format: 'offprint-notes'
  version: 1
  exported: string
  articles: { articleId: string; title: string; url: string; comments: Comment[]; highlights: Highlight[] }[]
}

/** Re-attaches highlights made on an older text version; those that cannot be placed become orphaned. */
export function reanchor(doc: NotesDoc, text: string, textVersion: number): number {
  let moved = 0
  for (const h of doc.highlights) {
    if (h.textVersion === textVersion) continue
    const found = anchorQuote(text, h.quote, h.position.start)
    if (found) {
      const fresh = describeRange(text, found.start, found.end)
      h.quote = fresh.quote
      h.position = fresh.position
      h.orphaned = false
    } else {
      h.orphaned = true
    }
    h.textVersion = textVersion
    moved++
  }
  return moved
}

/**
 * What the notes need of the library (Library is one): its notes store, the articles'
 * metadata and text, the commenter's name in the settings, the clock, and search. The
 * library re-anchors highlights with this module, so this module must not import it.
 */
export interface NotesLibrary {
  readonly notes: NotesStore
  readonly now: () => Date
  meta(id: string): ArticleMeta | undefined
  /** Resolves once every article's metadata is in memory. */
  ready(): Promise<void>
  findByUrl(url: string): string | undefined
  body(id: string): Promise<{ text: string; textVersion: number }>
  settings(): Settings
  updateSettings(patch: Partial<Settings>): Promise<Settings>
  reindexNotes(id: string): Promise<void>
}

export class NotesService {
  constructor(private readonly lib: NotesLibrary) {}

  private async article(articleId: string) {
    const meta = this.lib.meta(articleId) ?? (await this.lib.ready().then(() => this.lib.meta(articleId)))
    if (!meta) throw new NotFoundError(`No article with id ${articleId}.`)
    return meta
  }

  /** The article's notes, with highlights placed on its current text. */
  async get(articleId: string): Promise<ArticleNotes> {
    await this.article(articleId)
    let doc = await this.lib.notes.get(articleId)
    if (doc.highlights.some((h) => !h.deletedAt)) {
      const body = await this.lib.body(articleId)
      if (body.textVersion > 0 && doc.highlights.some((h) => h.textVersion !== body.textVersion)) {
        doc = await this.lib.notes.update(articleId, (d) => void reanchor(d, body.text, body.textVersion))
      }
    }
    return {
      articleId,
      comments: commentTree(doc.comments),
      commentCount: doc.comments.filter((c) => !c.deletedAt).length,
      highlights: doc.highlights.filter((h) => !h.deletedAt),
    }
  }

  async addComment(articleId: string, input: { name: string; text: string; parentId?: string | null }): Promise<Comment> {
    await this.article(articleId)
    const comment = await this.lib.notes.addComment(articleId, input)
    // The name is remembered for the next reply, as a news site's form does.
    if (this.lib.settings().commenterName !== comment.name) await this.lib.updateSettings({ commenterName: comment.name })
    await this.reindex(articleId)
    return comment
  }

  async editComment(articleId: string, commentId: string, text: string): Promise<Comment> {
    await this.article(articleId)
    const clean = validateComment({ name: 'x', text }).text
    let edited: Comment | undefined
    await this.lib.notes.update(articleId, (doc) => {
      edited = doc.comments.find((c) => c.id === commentId && !c.deletedAt)
      if (!edited) throw new NotFoundError('That comment no longer exists.')
      edited.text = clean
      edited.edited = this.lib.now().toISOString()
    })
    await this.reindex(articleId)
    return edited!
  }

  /** Soft delete: the comment can be brought back with restoreComment. */
  async deleteComment(articleId: string, commentId: string): Promise<void> {
    await this.setDeleted(articleId, 'comments', commentId, true)
  }

  async restoreComment(articleId: string, commentId: string): Promise<void> {
    await this.setDeleted(articleId, 'comments', commentId, false)
  }

  async addHighlight(articleId: string, input: { start: number; end: number; color?: string; note?: string }): Promise<Highlight> {
    await this.article(articleId)
    const body = await this.lib.body(articleId)
    if (body.textVersion === 0) throw new InvalidInputError('This article has no stored text to highlight.')
    const { start, end } = input
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > body.text.length || end <= start) {
      throw new InvalidInputError('Select some text in the article to highlight.')
    }
    if (end - start > QUOTE_MAX) throw new InvalidInputError(`A highlight can cover at most ${QUOTE_MAX.toLocaleString('en')} characters.`)
    if (!body.text.slice(start, end).trim()) throw new InvalidInputError('Select some text in the article to highlight.')
    const color = checkColor(input.color)
    const note = checkNote(input.note ?? '')
    const { quote, position } = describeRange(body.text, start, end)
    const h = await this.lib.notes.addHighlight(articleId, { color, note, quote, position, textVersion: body.textVersion })
    await this.reindex(articleId)
    return h
  }

  /** Highlights the first place the quoted text occurs (the CLI's way in). */
  async addHighlightByQuote(articleId: string, quote: string, note = '', color?: string): Promise<Highlight> {
    await this.article(articleId)
    const body = await this.lib.body(articleId)
    return this.addHighlight(articleId, { ...rangeOfQuote(body.text, quote), note, color })
  }

  async updateHighlight(articleId: string, highlightId: string, patch: { note?: string; color?: string }): Promise<Highlight> {
    await this.article(articleId)
    const note = patch.note === undefined ? undefined : checkNote(patch.note)
    const color = patch.color === undefined ? undefined : checkColor(patch.color)
    let found: Highlight | undefined
    await this.lib.notes.update(articleId, (doc) => {
      found = doc.highlights.find((h) => h.id === highlightId && !h.deletedAt)
      if (!found) throw new NotFoundError('That highlight no longer exists.')
      if (note !== undefined) found.note = note
      if (color !== undefined) found.color = color
      found.updated = this.lib.now().toISOString()
    })
    await this.reindex(articleId)
    return found!
  }

  async deleteHighlight(articleId: string, highlightId: string): Promise<void> {
    await this.setDeleted(articleId, 'highlights', highlightId, true)
  }

  async restoreHighlight(articleId: string, highlightId: string): Promise<void> {
    await this.setDeleted(articleId, 'highlights', highlightId, false)
  }

  private async setDeleted(articleId: string, kind: 'comments' | 'highlights', id: string, deleted: boolean): Promise<void> {
    await this.article(articleId)
    await this.lib.notes.update(articleId, (doc) => {
      const item = (doc[kind] as (Comment | Highlight)[]).find((x) => x.id === id)
      if (!item) throw new NotFoundError(kind === 'comments' ? 'That comment no longer exists.' : 'That highlight no longer exists.')
      if (deleted) item.deletedAt = this.lib.now().toISOString()
      else delete item.deletedAt
    })
    await this.reindex(articleId)
  }

  /** Every note in the library, newest first; `query` matches words in notes, quotes and titles. */
  async all(query = '', limit = 500): Promise<{ total: number; entries: NoteEntry[] }> {
    await this.lib.notes.loadAll()
    await this.lib.ready()
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const entries: NoteEntry[] = []
    for (const articleId of this.lib.notes.annotated()) {
      const meta = this.lib.meta(articleId)
      const doc = await this.lib.notes.get(articleId)
      const base = { articleId, articleTitle: meta?.title ?? '(article no longer in the library)', articleUrl: meta?.url ?? '' }
      for (const c of doc.comments) {
        if (!c.deletedAt) entries.push({ ...base, kind: 'comment', id: c.id, text: c.text, note: '', name: c.name, color: '', created: c.created, orphaned: false })
      }
      for (const h of doc.highlights) {
        if (!h.deletedAt) entries.push({ ...base, kind: 'highlight', id: h.id, text: h.quote.exact, note: h.note, name: '', color: h.color, created: h.created, orphaned: !!h.orphaned })
      }
    }
    const matching = words.length
      ? entries.filter((e) => {
          const hay = `${e.text} ${e.note} ${e.name} ${e.articleTitle}`.toLowerCase()
          return words.every((w) => hay.includes(w))
        })
      : entries
    matching.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))
    return { total: matching.length, entries: matching.slice(0, limit) }
  }

  async exportJson(articleId?: string): Promise<NotesExport> {
    await this.lib.notes.loadAll()
    await this.lib.ready()
    const ids = articleId ? [(await this.article(articleId)).id] : [...this.lib.notes.annotated()]
    const articles = []
    for (const id of ids) {
      const doc = await this.lib.notes.get(id)
      const comments = doc.comments.filter((c) => !c.deletedAt)
      const highlights = doc.highlights.filter((h) => !h.deletedAt)
      if (!comments.length && !highlights.length) continue
      const meta = this.lib.meta(id)
      articles.push({ articleId: id, title: meta?.title ?? '', url: meta?.url ?? '', comments, highlights })
    }
    return { format: 'offprint-notes', version: 1, exported: this.lib.now().toISOString(), articles }
  }

  async exportMarkdown(articleId?: string): Promise<string> {
    const data = await this.exportJson(articleId)
    const out: string[] = [`# Notes from Offprint`, '', `Exported ${data.exported.slice(0, 10)}.`, '']
    for (const a of data.articles) {
      out.push(`## ${a.url ? `[${mdEscape(a.title)}](${a.url})` : mdEscape(a.title)}`, '')
      for (const h of [...a.highlights].sort((x, y) => x.position.start - y.position.start)) {
        out.push(...h.quote.exact.split('\n').map((l) => `> ${l}`))
        if (h.note) out.push('', h.note)
        out.push('', `— highlight (${h.color})${h.orphaned ? ', no longer found in the text' : ''}, ${h.created.slice(0, 10)}`, '')
      }
      if (a.comments.length) {
        out.push('### Comments', '')
        walkThread(commentTree(a.comments), (n, depth) => {
          const pad = '  '.repeat(depth)
          const to = n.inReplyTo ? ` (in reply to ${mdEscape(n.inReplyTo.name || 'a deleted comment')})` : ''
          out.push(`${pad}- **${mdEscape(n.deleted ? '[deleted]' : n.name)}**, ${n.created.slice(0, 10)}${to}: ${n.text.replace(/\n/g, `\n${pad}  `)}`)
        })
        out.push('')
      }
    }
    return out.join('\n')
  }

  /**
   * Merges an export: notes already here (same id) are skipped, so importing twice
   * changes nothing. Articles are matched by address first, then id.
   */
  async importJson(content: string): Promise<NotesImportSummary> {
    if (content.length > 50 * 1024 * 1024) throw new InvalidInputError('That notes file is larger than 50 MB.')
    let data: NotesExport
    try {
      data = JSON.parse(content) as NotesExport
    } catch {
      throw new InvalidInputError('That file is not a notes export (it is not JSON).')
    }
    if (data?.format !== 'offprint-notes' || !Array.isArray(data.articles)) throw new InvalidInputError('That file is not an Offprint notes export.')
    await this.lib.ready()
    const summary: NotesImportSummary = { comments: 0, highlights: 0, alreadyHere: 0, invalid: 0, unknownArticles: 0 }
    const now = this.lib.now().toISOString()
    for (const a of data.articles) {
      if (!a || typeof a !== 'object') {
        summary.invalid++
        continue
      }
      const local = (typeof a.url === 'string' && a.url && this.lib.findByUrl(a.url)) || (typeof a.articleId === 'string' && this.lib.meta(a.articleId) ? a.articleId : undefined)
      if (!local) {
        summary.unknownArticles++
        continue
      }
      const body = await this.lib.body(local)
      await this.lib.notes.update(local, (doc) => {
        const have = new Set([...doc.comments.map((c) => c.id), ...doc.highlights.map((h) => h.id)])
        // One unreadable note is counted and left out; it never stops the rest of the file.
        for (const c of Array.isArray(a.comments) ? a.comments : []) {
          if (!c || typeof c.id !== 'string' || !NOTE_ID.test(c.id)) {
            summary.invalid++
            continue
          }
          if (have.has(c.id)) {
            summary.alreadyHere++
            continue
          }
          let checked: { name: string; text: string }
          try {
            checked = validateComment({ name: String(c.name ?? ''), text: String(c.text ?? '').slice(0, COMMENT_MAX) })
          } catch {
            summary.invalid++
            continue
          }
          const created = isoOr(c.created, now)
          doc.comments.push({ id: c.id, parentId: typeof c.parentId === 'string' ? c.parentId : null, ...checked, created, ...(c.edited ? { edited: isoOr(c.edited, created) } : {}) })
          have.add(c.id)
          summary.comments++
        }
        for (const h of Array.isArray(a.highlights) ? a.highlights : []) {
          if (!h || typeof h.id !== 'string' || !NOTE_ID.test(h.id) || typeof h.quote?.exact !== 'string' || !h.quote.exact) {
            summary.invalid++
            continue
          }
          if (have.has(h.id)) {
            summary.alreadyHere++
            continue
          }
          const quote = { exact: h.quote.exact, prefix: String(h.quote.prefix ?? ''), suffix: String(h.quote.suffix ?? '') }
          const found = anchorQuote(body.text, quote, h.position?.start)
          const placed = found ? describeRange(body.text, found.start, found.end) : { quote, position: { start: 0, end: 0 } }
          const created = isoOr(h.created, now)
          doc.highlights.push({
            id: h.id,
            color: HIGHLIGHT_COLORS.includes(h.color as HighlightColor) ? h.color : 'yellow',
            note: checkNote(String(h.note ?? '').slice(0, COMMENT_MAX)),
            created,
            updated: isoOr(h.updated, created),
            quote: placed.quote,
            position: placed.position,
            textVersion: body.textVersion,
            ...(found ? {} : { orphaned: true }),
          })
          have.add(h.id)
          summary.highlights++
        }
      })
      await this.reindex(local)
    }
    return summary
  }

  /** Keeps the search index's copy of an article's notes current. */
  private async reindex(articleId: string): Promise<void> {
    await this.lib.reindexNotes(articleId)
  }
}

function checkColor(color: string | undefined): string {
  if (color === undefined) return 'yellow'
  if (!HIGHLIGHT_COLORS.includes(color as HighlightColor)) throw new InvalidInputError(`Unknown highlight colour: ${color}. Use ${HIGHLIGHT_COLORS.join(', ')}.`)
  return color
}

function checkNote(note: string): string {
  // Same cleaning and length limit as a comment; an empty note is allowed.
  return note.trim() ? validateComment({ name: 'x', text: note }).text : ''
}

function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]])/g, '\\$1')
}

/** The time a file gives, as an ISO date, or `fallback` when it gives none that parses. */
function isoOr(value: unknown, fallback: string): string {
  const t = typeof value === 'string' ? Date.parse(value) : NaN
  return Number.isFinite(t) ? new Date(t).toISOString() : fallback
}

/**
 * Where a passage, as a person copied it, is in an article's text: exactly if it is there,
 * else where it fits best (a quote with its spacing or punctuation changed).
 */
export function rangeOfQuote(text: string, quote: string): { start: number; end: number } {
  const q = quote.trim()
  if (!q) throw new InvalidInputError('Give the text to highlight.')
  const start = text.indexOf(q)
  if (start >= 0) return { start, end: start + q.length }
  const found = anchorQuote(text, { exact: q, prefix: '', suffix: '' })
  if (!found) throw new InvalidInputError('That text is not in the article.')
  return { start: found.start, end: found.end }
}
