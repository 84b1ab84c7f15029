// What the parser returns and what it is given: shared by the entry and every format.
import type { NewArticle } from '../../../../common/model'

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json'

export interface ParsedFeed {
  format: FeedFormat
  title: string
  /** The site's home page ('' when the feed names none). */
  siteUrl: string
  /** The feed document's address: opts.url, else the feed's rel="self", else ''. */
  feedUrl: string
  /**
   * The small image the feed declares for itself (absolute http(s)), when it declares
   * one: JSON Feed favicon then icon, Atom <icon> (never <logo>, a banner), the RSS
   * channel's <image>.
   */
  icon?: string
  items: NewArticle[]
}

export interface ParseFeedOptions {
  /** Where the document came from: the base for relative addresses, and feedUrl. */
  url?: string
  /** The HTTP Content-Type, for its charset (only used when input is bytes). */
  contentType?: string
  /** Cleans item HTML; baseUrl is the item's base for resolving relative addresses. */
  sanitize: (html: string, baseUrl: string) => string
}
