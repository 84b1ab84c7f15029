// Where a refresh gets its items. Today only feed documents fetched from their own
// addresses (feed-source.ts); a sync account (a Google Reader API or Fever server, as
// NetNewsWire's AccountDelegate) brings subscriptions and items from its server instead.
// Either way the rest is the same: items stored with their full text and local images
// (store-items.ts), the feed's new state saved once they are, progress and failures
// reported per feed (refresh.ts).
import type { Feed, NewArticle } from '../../../common/model'

/** What a source keeps on a feed between refreshes (validators, body hash, a moved address…). */
export type FeedState = Partial<Omit<Feed, 'id'>>

/** What a source brought for one feed. */
export interface SourceItems {
  /** Nothing changed since the feed's state: there is nothing to store. */
  unchanged: boolean
  items: NewArticle[]
  /** What the items' relative links and images resolve against. */
  baseUrl: string
  /** Saved on the feed once its items are stored: a fetch whose items failed to store is tried again. */
  state: FeedState
  /** An icon the source names for the feed, tried first when its icon is looked for. */
  icon?: string
}

export interface ArticleSource {
  /** Of the feeds a refresh was asked for, the ones this source brings items for, in the order to fetch them. */
  feeds(selected: readonly Feed[]): Feed[]
  /**
   * What is new for a feed since the state kept on it. A failure throws, in one line that
   * names the source: the refresh records it on the feed and goes on with the others.
   */
  fetch(feed: Feed): Promise<SourceItems>
}
