// The bridge's handlers over the core, and the one dispatcher that both transports
// (Electron IPC and browser mode's HTTP) use: channel lookup → schema → handler →
// Result. Nothing reaches a handler without passing its channel's schema.
import { contract, type ChannelName, type Handlers } from '../../../common/contract'
import type { Result } from '../../../common/bridge'
import type { ArticleSummary, FeedInfo } from '../../../common/contract'
import type { Library } from '../library/library'
import type { ArticleMeta, Feed } from '../../../common/model'
import type { ImportResult, IngestService } from '../ingest/service'
import { InvalidInputError, NotFoundError, oneLine } from '../base/errors'
import { isIngestError } from '../ingest/errors'
import { StorageError } from '../storage/atomic-file'
import { NotesService } from '../notes/notes-service'
import { externalUrl } from '../base/url'

export interface HandlerDeps {
  library: Library
  ingest: IngestService
  /**
   * Opens an address in the system browser (Electron: shell.openExternal).
   * Returns false where the renderer should open it itself (browser mode: a new tab).
   */
  openExternal: (url: string) => Promise<boolean>
}

export function summarize(lib: Library, a: ArticleMeta): ArticleSummary {
  const notes = lib.notes.countOf(a.id)
  return {
    id: a.id,
    feedId: a.feedId,
    title: a.title,
    url: a.url,
    siteName: a.siteName,
    author: a.author,
    published: a.published,
    excerpt: a.excerpt,
    image: a.image,
    read: lib.isRead(a.id),
    starred: lib.isStarred(a.id),
    notes: Math.max(notes, 0),
  }
}

function feedInfo(f: Feed, counts?: { total: number; unread: number }): FeedInfo {
  return {
    id: f.id,
    title: f.title,
    url: f.url,
    siteUrl: f.siteUrl,
    folderId: f.folderId,
    fullText: f.fullText,
    lastFetched: f.lastFetched,
    ...(f.icon ? { icon: f.icon } : {}),
    error: f.error?.message ?? null,
    unread: counts?.unread ?? 0,
    total: counts?.total ?? 0,
  }
}

function importSummary(r: ImportResult) {
  return { kind: r.kind, feeds: r.feeds.map((f) => ({ id: f.id, title: f.title })), articles: r.articles, duplicates: r.duplicates }
}

export function createHandlers({ library: lib, ingest, openExternal }: HandlerDeps): Handlers {
  const notes = new NotesService(lib)
  const ok = { ok: true as const }
  return {
    async 'library:overview'() {
      const counts = await lib.counts()
      const feeds = lib.feeds().map((f) => feedInfo(f, counts.byFeed.get(f.id)))
      return { folders: lib.folders(), feeds, counts: { all: counts.all, unread: counts.unread, starred: counts.starred } }
    },
    async 'articles:list'(q) {
      const { total, items } = await lib.list(q)
      return { total, offset: q.offset, items: items.map((a) => summarize(lib, a)) }
    },
    async 'articles:get'({ id }) {
      return lib.get(id)
    },
    async 'articles:related'({ id }) {
      return related(lib, id)
    },
    async 'articles:setRead'({ ids, read }) {
      return { changed: await lib.setRead(ids, read) }
    },
    async 'articles:setStarred'({ id, starred }) {
      return { changed: await lib.setStarred(id, starred) }
    },
    async 'settings:get'() {
      return lib.settings()
    },
    async 'settings:set'(patch) {
      return lib.updateSettings(patch)
    },
    async 'feeds:subscribe'({ url, folderId, fullText }) {
      const r = await ingest.subscribe(url, { folderId: folderId ?? null, fullText: fullText ?? false })
      return { feed: { id: r.feed.id, title: r.feed.title }, added: r.added }
    },
    async 'feeds:refresh'({ feedIds }) {
      const r = await ingest.refresh(feedIds)
      await lib.applyRetention()
      return r
    },
    async 'feeds:update'({ id, ...patch }) {
      if (patch.folderId && !lib.folders().some((f) => f.id === patch.folderId)) throw new NotFoundError(`No folder with id ${patch.folderId}.`)
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      const feed = await lib.updateFeed(id, clean)
      return feedInfo(feed, (await lib.counts()).byFeed.get(id))
    },
    'feeds:remove': ({ id }) => lib.removeFeed(id),
    'folders:add': ({ name }) => lib.addFolder(name),
    'folders:rename': ({ id, name }) => lib.renameFolder(id, name),
    'folders:remove': async ({ id }) => (await lib.removeFolder(id), ok),
    async 'library:import'({ name, content, encoding }) {
      const data = encoding === 'base64' ? Buffer.from(content, 'base64') : content
      return importSummary(await ingest.importContent(name, data))
    },
    'library:importUrl': async ({ url }) => importSummary(await ingest.importUrl(url)),
    async 'library:exportOpml'() {
      return { filename: `offprint-feeds-${lib.now().toISOString().slice(0, 10)}.opml`, mime: 'text/x-opml', content: ingest.exportOpml() }
    },
    async 'articles:markAllRead'({ feedId, folderId, starred }) {
      const { items } = await lib.list({ filter: starred ? 'starred' : 'unread', feedId, folderId, sort: 'newest', offset: 0, limit: Number.MAX_SAFE_INTEGER })
      const ids = items.filter((a) => !lib.isRead(a.id)).map((a) => a.id)
      return { changed: ids.length ? await lib.setRead(ids, true) : 0 }
    },
    async 'search:query'(q) {
      if (!lib.search) throw new Error('Search is not available in this session.')
      await lib.searchIndexReady()
      // Note counts are read in the background after opening; this filter needs them all.
      if (q.filter === 'notes') await lib.notes.loadAll()
      const feedIds = q.folderId ? lib.feeds().filter((f) => f.folderId === q.folderId).map((f) => f.id) : q.feedId ? [q.feedId] : undefined
      const wanted =
        q.filter === 'unread' ? (id: string) => !lib.isRead(id)
        : q.filter === 'starred' ? (id: string) => lib.isStarred(id)
        : q.filter === 'notes' ? (id: string) => lib.notes.countOf(id) > 0
        : () => true
      // An article removed while the index catches up is neither shown nor counted.
      const accept = (id: string) => lib.meta(id) !== undefined && wanted(id)
      const r = lib.search.search(q.query, { filters: { feedIds, from: q.from, to: q.to, accept }, limit: q.limit, offset: q.offset })
      const hits = r.hits
        .filter((h) => lib.meta(h.id))
        .map((h) => {
          const m = lib.meta(h.id)!
          return { id: h.id, title: m.title, siteName: m.siteName, published: m.published, snippet: h.snippet, matches: h.matches, score: h.score, read: lib.isRead(h.id), starred: lib.isStarred(h.id) }
        })
      return { total: r.total, hits }
    },
    'notes:get': ({ articleId }) => notes.get(articleId),
    'notes:addComment': ({ articleId, name, text, parentId }) => notes.addComment(articleId, { name, text, parentId }),
    'notes:editComment': ({ articleId, commentId, text }) => notes.editComment(articleId, commentId, text),
    'notes:deleteComment': async ({ articleId, commentId }) => (await notes.deleteComment(articleId, commentId), ok),
    'notes:restoreComment': async ({ articleId, commentId }) => (await notes.restoreComment(articleId, commentId), ok),
    'notes:addHighlight': ({ articleId, start, end, color, note }) => notes.addHighlight(articleId, { start, end, color, note }),
    'notes:updateHighlight': ({ articleId, highlightId, note, color }) => notes.updateHighlight(articleId, highlightId, { note, color }),
    'notes:deleteHighlight': async ({ articleId, highlightId }) => (await notes.deleteHighlight(articleId, highlightId), ok),
    'notes:restoreHighlight': async ({ articleId, highlightId }) => (await notes.restoreHighlight(articleId, highlightId), ok),
    'notes:all': ({ query, limit }) => notes.all(query, limit),
    async 'notes:export'({ articleId, format }) {
      const stamp = lib.now().toISOString().slice(0, 10)
      const name = articleId ? `offprint-notes-${articleId}-${stamp}` : `offprint-notes-${stamp}`
      return format === 'md'
        ? { filename: `${name}.md`, mime: 'text/markdown', content: await notes.exportMarkdown(articleId) }
        : { filename: `${name}.json`, mime: 'application/json', content: JSON.stringify(await notes.exportJson(articleId), null, 2) }
    },
    'notes:import': ({ content }) => notes.importJson(content),
    async 'app:notices'() {
      return lib.notices()
    },
    async 'app:dismissNotice'({ id }) {
      await lib.dismissNotice(id)
      return { ok: true as const }
    },
    async 'app:openExternal'({ url }) {
      const safe = externalUrl(url)
      if (!safe) throw new InvalidInputError('Only web addresses can be opened in the browser.')
      return { opened: await openExternal(safe) }
    },
  }
}

/** "Read also", "Related news" and "Recent articles" for one article. */
export async function related(lib: Library, id: string, limit = 5) {
  const article = await lib.get(id)
  await lib.searchIndexReady()
  const readAlso = await lib.readAlso(id, article.html)
  const exclude = new Set([id, ...readAlso.map((a) => a.id)])
  const found = lib.search?.related(id, { limit: limit + readAlso.length + 1 }) ?? { related: [], sameStory: [] }
  const relatedItems = found.related
    .filter((r) => !exclude.has(r.id) && lib.meta(r.id))
    .slice(0, limit)
    .map((r) => {
      const m = lib.meta(r.id)!
      return { id: m.id, title: m.title, score: Math.round(r.score * 1000) / 1000, siteName: m.siteName, published: m.published }
    })
  for (const r of relatedItems) exclude.add(r.id)
  for (const s of found.sameStory) exclude.add(s)
  return {
    readAlso: readAlso.map((a) => ({ id: a.id, title: a.title, url: a.url })),
    related: relatedItems,
    alsoReportedBy: found.sameStory
      .map((s) => lib.meta(s))
      .filter((m): m is ArticleMeta => !!m)
      .map((m) => ({ id: m.id, title: m.title, siteName: m.siteName })),
    recent: lib.recent(limit, exclude).map((a) => ({ id: a.id, title: a.title, published: a.published, siteName: a.siteName })),
  }
}

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>

/** Validates and runs one call; every failure becomes a typed error value. */
export function createDispatcher(handlers: Handlers, log: (err: unknown, channel: string) => void = () => {}): Dispatch {
  return async (channel, input) => {
    if (!Object.hasOwn(contract, channel)) return { ok: false, code: 'unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 80)}` }
    const name = channel as ChannelName
    const parsed = contract[name].input.safeParse(input ?? undefined)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      const message = `Invalid input for ${name}: ${where}${issue?.message ?? 'not valid'}`
      return issue?.path.length ? { ok: false, code: 'invalid_input', message, field: issue.path.join('.') } : { ok: false, code: 'invalid_input', message }
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      return { ok: true, data: await handler(parsed.data) }
    } catch (err) {
      if (err instanceof NotFoundError) return { ok: false, code: 'not_found', message: err.message }
      if (err instanceof InvalidInputError) return err.field ? { ok: false, code: 'invalid_input', message: err.message, field: err.field } : { ok: false, code: 'invalid_input', message: err.message }
      // A feed or page that could not be read is the source's fault, said in one line.
      if (isIngestError(err)) return { ok: false, code: 'failed', message: oneLine(err) }
      if (!(err instanceof StorageError)) log(err, name)
      return { ok: false, code: 'failed', message: oneLine(err) }
    }
  }
}
