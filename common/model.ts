// The core's data model. Plain types only: shared by storage, ingestion, search,
// notes, the CLI and (through preload/contract.ts) the renderer.

/** What the index keeps for every article: small, loaded at start. */
export interface ArticleMeta {
  id: string
  feedId: string | null
  title: string
  /** The article's own address (may be '' for a saved page with no known address). */
  url: string
  siteName: string
  author: string
  /** ISO 8601. The publisher's date, or the time we first saw it. */
  published: string
  /** ISO 8601. When it entered the library. */
  added: string
  /** Feed guid/id when there is one: the first key for recognizing duplicates. */
  guid: string
  /** Plain-text excerpt, at most 200 characters, for the article list. */
  excerpt: string
  /** Local media address (offprint-media://…) of a list thumbnail, or ''. */
  image: string
  /** Hash of the normalized plain text: the content key for duplicates. */
  contentHash: string
  words: number
}

/** The heavy part, one file per article, loaded on demand. */
export interface ArticleBody {
  id: string
  /** Sanitized HTML. Image sources point at local media, never the network. */
  html: string
  /** Plain text of html, the text that highlights anchor to. */
  text: string
  /** Increments each time the text is replaced (full-text fetch, feed update). */
  textVersion: number
}

export interface ArticleState {
  read: boolean
  starred: boolean
}

export type Article = ArticleMeta & ArticleBody & ArticleState

/** An article as ingestion hands it to the library (ids and dates are the library's job). */
export interface NewArticle {
  guid?: string
  url?: string
  title: string
  author?: string
  siteName?: string
  /** ISO 8601 if known. */
  published?: string
  /** Sanitized HTML (ingestion sanitizes before handing over). */
  html: string
  /** Optional media address of a thumbnail. */
  image?: string
}

export interface Folder {
  id: string
  name: string
}

export interface Feed {
  id: string
  title: string
  /** The feed document's address ('' for a local file import with no address). */
  url: string
  /** The site's home page. */
  siteUrl: string
  folderId: string | null
  /** Fetch and extract the full page when the feed carries only a summary. */
  fullText: boolean
  /** The site's icon, stored in the library (an offprint-media: address), if one was found. */
  icon?: string
  /** When an icon was last looked for, found or not, so it is not looked for on every refresh. */
  iconChecked?: string
  etag?: string
  lastModified?: string
  /** Hash of the last body fetched: unchanged means not parsed again. */
  bodyHash?: string
  lastFetched?: string
  /** Where a permanent redirect moved the feed. */
  redirectedFrom?: string
  error?: { message: string; at: string } | null
}

export interface Settings {
  theme: 'system' | 'light' | 'dark' | 'sepia'
  fontFamily: 'serif' | 'sans'
  fontSize: number
  lineWidth: number
  markReadOnOpen: boolean
  /** Drop read articles older than this many days; 0 keeps everything. */
  retentionDays: number
  /** The name remembered for "Leave a reply". */
  commenterName: string
  /** The article list's order by date. */
  listOrder: 'newest' | 'oldest'
}

export const defaultSettings: Settings = {
  theme: 'system',
  fontFamily: 'serif',
  fontSize: 18,
  lineWidth: 680,
  markReadOnOpen: true,
  retentionDays: 0,
  commenterName: '',
  listOrder: 'newest',
}

/** Something the user must be told about (a file restored from backup, say). */
export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  message: string
  at: string
}

/** A private comment or reply on an article ("Leave a reply"). */
export interface Comment {
  id: string
  parentId: string | null
  name: string
  text: string
  created: string
  edited?: string
  /** Soft delete, so a delete can be undone. */
  deletedAt?: string
}

/** A highlighted passage with an optional note, anchored by W3C Web Annotation selectors. */
export interface Highlight {
  id: string
  color: string
  note: string
  created: string
  updated: string
  /** TextQuoteSelector. */
  quote: { exact: string; prefix: string; suffix: string }
  /** TextPositionSelector, in the article's plain text. */
  position: { start: number; end: number }
  /** The article text version the selectors were last placed on. */
  textVersion: number
  /** Could not be placed in the current text: kept and listed, never dropped. */
  orphaned?: boolean
  deletedAt?: string
}

export interface CommentNode {
  id: string
  name: string
  text: string
  created: string
  edited: string | null
  /** A deleted comment that still has replies stays in the thread as a placeholder. */
  deleted: boolean
  replies: CommentNode[]
  /**
   * Set on a reply shown beside, not under, the comment it answers: past a thread's
   * deepest nesting, replies continue flat (as mail clients show them). Name '' if deleted.
   */
  inReplyTo?: { id: string; name: string }
}

export interface ArticleNotes {
  articleId: string
  comments: CommentNode[]
  commentCount: number
  highlights: Highlight[]
}

export interface NoteEntry {
  articleId: string
  articleTitle: string
  articleUrl: string
  kind: 'comment' | 'highlight'
  id: string
  /** The comment, or the highlighted passage. */
  text: string
  /** A highlight's note. */
  note: string
  name: string
  color: string
  created: string
  orphaned: boolean
}

/** What merging a notes export did: notes added, notes already here, notes the file held but could not be read. */
export interface NotesImportSummary {
  comments: number
  highlights: number
  alreadyHere: number
  invalid: number
  /** Articles the file has notes on that this library does not hold (their notes are not imported). */
  unknownArticles: number
}
