// THE bridge contract: every channel between renderer and main, with its input
// schema and output type. main validates every input against these schemas; the
// Electron preload and the browser-mode HTTP bridge are both derived from this
// object, and the renderer gets its types from here. No electron import.
import { z } from 'zod'
import type { Article, ArticleMeta, ArticleNotes, Comment, Feed, Folder, Highlight, NoteEntry, NotesImportSummary, Notice, Settings } from '../main/core/types'

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a valid id')
const none = z.undefined().or(z.object({}).strict())

const articleRef = { articleId: id }
// Generous bounds: the core gives the friendly message ("Your comment is too long…").
const longText = z.string().max(2_000_000)
const color = z.string().max(20)

export const AddCommentIn = z.object({ ...articleRef, name: z.string().max(10_000), text: longText, parentId: id.nullable().optional() }).strict()
export const AddHighlightIn = z
  .object({ ...articleRef, start: z.number().int().min(0), end: z.number().int().min(0), color: color.optional(), note: longText.optional() })
  .strict()

export const SearchIn = z
  .object({
    query: z.string().max(1000),
    filter: z.enum(['all', 'unread', 'starred', 'notes']).default('all'),
    feedId: id.optional(),
    folderId: id.optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()

export interface SearchHitInfo {
  id: string
  title: string
  siteName: string
  published: string
  snippet: string
  matches: string[]
  score: number
  read: boolean
  starred: boolean
}

export interface ImportSummary {
  kind: 'opml' | 'feed' | 'page'
  feeds: { id: string; title: string }[]
  articles: { id: string; title: string }[]
  duplicates: number
}

export interface RefreshSummary {
  feeds: number
  added: number
  updated: number
  unchanged: number
  failed: { feedId: string; title: string; error: string }[]
}

const webUrl = z.string().min(1).max(4096)

export const ArticleFilter = z.enum(['all', 'unread', 'starred'])

export const ListArticlesIn = z
  .object({
    filter: ArticleFilter.default('all'),
    feedId: id.optional(),
    folderId: id.optional(),
    sort: z.enum(['newest', 'oldest']).default('newest'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const SettingsPatch = z
  .object({
    theme: z.enum(['system', 'light', 'dark', 'sepia']),
    fontFamily: z.enum(['serif', 'sans']),
    fontSize: z.number().int().min(12).max(32),
    lineWidth: z.number().int().min(420).max(1100),
    markReadOnOpen: z.boolean(),
    retentionDays: z.number().int().min(0).max(36500),
    commenterName: z.string().max(80),
    listOrder: z.enum(['newest', 'oldest']),
  })
  .partial()
  .strict()

/** A row of the article list: the index's metadata, the statuses, and the note count. */
export type ArticleSummary = Pick<ArticleMeta, 'id' | 'feedId' | 'title' | 'url' | 'siteName' | 'author' | 'published' | 'excerpt' | 'image'> & {
  read: boolean
  starred: boolean
  notes: number
}

export interface ArticleList {
  total: number
  offset: number
  items: ArticleSummary[]
}

export interface FeedInfo extends Pick<Feed, 'id' | 'title' | 'url' | 'siteUrl' | 'folderId' | 'fullText' | 'lastFetched' | 'icon'> {
  error: string | null
  unread: number
  total: number
}

export interface LibraryOverview {
  folders: Folder[]
  feeds: FeedInfo[]
  counts: { all: number; unread: number; starred: number }
}

export interface RelatedItems {
  readAlso: { id: string; title: string; url: string }[]
  related: { id: string; title: string; score: number; siteName: string; published: string }[]
  /** The same story from other feeds: shown as "also reported by", not as related. */
  alsoReportedBy: { id: string; title: string; siteName: string }[]
  recent: { id: string; title: string; published: string; siteName: string }[]
}

/** A channel: its input schema and, as a phantom type, its output. */
interface Channel<I extends z.ZodType, O> {
  input: I
  output?: O
}
const channel = <I extends z.ZodType, O>(input: I): Channel<I, O> => ({ input })

export const contract = {
  'library:overview': channel<typeof none, LibraryOverview>(none),
  'articles:list': channel<typeof ListArticlesIn, ArticleList>(ListArticlesIn),
  'articles:get': channel<z.ZodObject<{ id: typeof id }>, Article>(z.object({ id }).strict()),
  'articles:related': channel<z.ZodObject<{ id: typeof id }>, RelatedItems>(z.object({ id }).strict()),
  'articles:setRead': channel<z.ZodObject<{ ids: z.ZodArray<typeof id>; read: z.ZodBoolean }>, { changed: number }>(
    z.object({ ids: z.array(id).min(1).max(100_000), read: z.boolean() }).strict(),
  ),
  'articles:setStarred': channel<z.ZodObject<{ id: typeof id; starred: z.ZodBoolean }>, { changed: number }>(
    z.object({ id, starred: z.boolean() }).strict(),
  ),
  'settings:get': channel<typeof none, Settings>(none),
  'settings:set': channel<typeof SettingsPatch, Settings>(SettingsPatch),
  /** `fullText`: fetch each article's page from the first refresh on, for feeds that carry only summaries. */
  'feeds:subscribe': channel<
    z.ZodObject<{ url: typeof webUrl; folderId: z.ZodOptional<z.ZodNullable<typeof id>>; fullText: z.ZodOptional<z.ZodBoolean> }>,
    { feed: { id: string; title: string }; added: number }
  >(z.object({ url: webUrl, folderId: id.nullable().optional(), fullText: z.boolean().optional() }).strict()),
  'feeds:refresh': channel<z.ZodObject<{ feedIds: z.ZodOptional<z.ZodArray<typeof id>> }>, RefreshSummary>(
    z.object({ feedIds: z.array(id).max(100_000).optional() }).strict(),
  ),
  'feeds:update': channel<
    z.ZodObject<{ id: typeof id; title: z.ZodOptional<z.ZodString>; folderId: z.ZodOptional<z.ZodNullable<typeof id>>; fullText: z.ZodOptional<z.ZodBoolean> }>,
    FeedInfo
  >(z.object({ id, title: z.string().trim().min(1).max(300).optional(), folderId: id.nullable().optional(), fullText: z.boolean().optional() }).strict()),
  'feeds:remove': channel<z.ZodObject<{ id: typeof id }>, { removed: number; kept: number }>(z.object({ id }).strict()),
  'folders:add': channel<z.ZodObject<{ name: z.ZodString }>, Folder>(z.object({ name: z.string().trim().min(1).max(200) }).strict()),
  'folders:rename': channel<z.ZodObject<{ id: typeof id; name: z.ZodString }>, Folder>(z.object({ id, name: z.string().trim().min(1).max(200) }).strict()),
  'folders:remove': channel<z.ZodObject<{ id: typeof id }>, { ok: true }>(z.object({ id }).strict()),
  'library:import': channel<z.ZodObject<{ name: z.ZodString; content: z.ZodString; encoding: z.ZodDefault<z.ZodEnum<{ text: 'text'; base64: 'base64' }>> }>, ImportSummary>(
    z.object({ name: z.string().min(1).max(500), content: z.string().max(70 * 1024 * 1024), encoding: z.enum(['text', 'base64']).default('text') }).strict(),
  ),
  'library:importUrl': channel<z.ZodObject<{ url: typeof webUrl }>, ImportSummary>(z.object({ url: webUrl }).strict()),
  'library:exportOpml': channel<typeof none, { filename: string; mime: string; content: string }>(none),
  /** Marks read every unread article of a feed, a folder or the library; `starred: true` only the starred ones among them. */
  'articles:markAllRead': channel<z.ZodObject<{ feedId: z.ZodOptional<typeof id>; folderId: z.ZodOptional<typeof id>; starred: z.ZodOptional<z.ZodBoolean> }>, { changed: number }>(
    z.object({ feedId: id.optional(), folderId: id.optional(), starred: z.boolean().optional() }).strict(),
  ),
  'search:query': channel<typeof SearchIn, { total: number; hits: SearchHitInfo[] }>(SearchIn),
  'notes:get': channel<z.ZodObject<typeof articleRef>, ArticleNotes>(z.object(articleRef).strict()),
  'notes:addComment': channel<typeof AddCommentIn, Comment>(AddCommentIn),
  'notes:editComment': channel<z.ZodObject<{ articleId: typeof id; commentId: typeof id; text: typeof longText }>, Comment>(
    z.object({ ...articleRef, commentId: id, text: longText }).strict(),
  ),
  'notes:deleteComment': channel<z.ZodObject<{ articleId: typeof id; commentId: typeof id }>, { ok: true }>(z.object({ ...articleRef, commentId: id }).strict()),
  'notes:restoreComment': channel<z.ZodObject<{ articleId: typeof id; commentId: typeof id }>, { ok: true }>(z.object({ ...articleRef, commentId: id }).strict()),
  'notes:addHighlight': channel<typeof AddHighlightIn, Highlight>(AddHighlightIn),
  'notes:updateHighlight': channel<z.ZodObject<{ articleId: typeof id; highlightId: typeof id; note: z.ZodOptional<typeof longText>; color: z.ZodOptional<typeof color> }>, Highlight>(
    z.object({ ...articleRef, highlightId: id, note: longText.optional(), color: color.optional() }).strict(),
  ),
  'notes:deleteHighlight': channel<z.ZodObject<{ articleId: typeof id; highlightId: typeof id }>, { ok: true }>(z.object({ ...articleRef, highlightId: id }).strict()),
  'notes:restoreHighlight': channel<z.ZodObject<{ articleId: typeof id; highlightId: typeof id }>, { ok: true }>(z.object({ ...articleRef, highlightId: id }).strict()),
  'notes:all': channel<z.ZodObject<{ query: z.ZodDefault<z.ZodString>; limit: z.ZodDefault<z.ZodNumber> }>, { total: number; entries: NoteEntry[] }>(
    z.object({ query: z.string().max(500).default(''), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
  ),
  'notes:export': channel<z.ZodObject<{ articleId: z.ZodOptional<typeof id>; format: z.ZodEnum<{ md: 'md'; json: 'json' }> }>, { filename: string; mime: string; content: string }>(
    z.object({ articleId: id.optional(), format: z.enum(['md', 'json']) }).strict(),
  ),
  'notes:import': channel<z.ZodObject<{ content: z.ZodString }>, NotesImportSummary>(
    z.object({ content: z.string().max(50 * 1024 * 1024) }).strict(),
  ),
  'app:notices': channel<typeof none, Notice[]>(none),
  'app:dismissNotice': channel<z.ZodObject<{ id: typeof id }>, { ok: true }>(z.object({ id }).strict()),
  'app:openExternal': channel<z.ZodObject<{ url: z.ZodString }>, { opened: boolean }>(
    z.object({ url: z.string().max(4096) }).strict(),
  ),
} as const

export type ChannelName = keyof typeof contract
export type Input<C extends ChannelName> = z.input<(typeof contract)[C]['input']>
export type ParsedInput<C extends ChannelName> = z.output<(typeof contract)[C]['input']>
export type Output<C extends ChannelName> = NonNullable<(typeof contract)[C]['output']>

/** What main implements: one handler per channel (a missing one is a compile error). */
export type Handlers = { [C in ChannelName]: (input: ParsedInput<C>) => Promise<Output<C>> }


/** Push events from main to the renderer: name -> payload. */
export interface Events {
  'refresh:progress': { done: number; total: number; feedId: string | null; error: string | null; finished: boolean }
  'library:changed': { reason: string }
  notice: Notice
  /** A menu command only the window can carry out (Electron's native menu). */
  'app:command': { command: 'showShortcuts' | 'importLink' | 'settingsChanged' }
}
export type EventName = keyof Events

/** What the renderer sees as window.offprint. */
export interface OffprintApi {
  invoke<C extends ChannelName>(
    channel: C,
    ...input: undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>]
  ): Promise<Output<C>>
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

export const channelNames = Object.keys(contract) as ChannelName[]

/** Method name on window.offprint for a channel: 'articles:list' -> 'articles:list' (kept verbatim). */
// The runtime pieces the renderer needs live in bridge.ts, which does not load zod.
export { BridgeError, createApi, eventNames, unwrap, type ErrorCode, type RawBridge, type Result } from './bridge'
