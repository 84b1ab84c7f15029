// The search engine's public shapes. The library feeds SearchDocs in and asks
// questions; the engine never reads the library's files itself.

export interface SearchDoc {
  id: string
  title: string
  /** Plain body text. */
  text: string
  author: string
  siteName: string
  feedId: string | null
  /** ISO 8601. */
  published: string
  /** The user's comments and highlight notes, concatenated; may be ''. */
  notes: string
}

export interface SearchFilters {
  feedIds?: string[]
  /** ISO dates, inclusive. A date without a time ('2024-05-01') covers the whole day in `to`. */
  from?: string
  to?: string
  /** The caller's own predicate (unread, starred, has notes, folder…). */
  accept?: (id: string) => boolean
}

export interface SearchHit {
  id: string
  score: number
  title: string
  /** Plain text around the best-matching passage, at most 240 characters. */
  snippet: string
  /** Words and phrases as spelled in the article (title, text or notes), for case-insensitive highlighting. */
  matches: string[]
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  /**
   * Set when total is an estimate: a phrase query with more candidates than
   * are worth reading is counted from the share that passed among those read.
   */
  estimated?: true
}

export interface RelatedResult {
  related: { id: string; score: number }[]
  /** Near-duplicates: the same story, usually from another feed. */
  sameStory: string[]
}
