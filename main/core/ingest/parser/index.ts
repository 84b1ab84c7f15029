// A feed document (bytes or text) → the feed's title, addresses and its items as
// NewArticles. Pure: no network, no storage. This entry tells the formats apart by
// the document's root (detect.ts) and hands each to its reader: rss.ts, rdf.ts (RSS
// 1.0) and atom.ts go through feedsmith (xml.ts; EVALUATION.md §1: most real feeds
// parsed, fastest), json-feed.ts reads JSON Feed 1.0/1.1 and RSS-in-JSON itself;
// items.ts holds the finishing steps they share.
//
// Choices a reader of the results should know:
// - Titles are plain text: tags stripped, entities decoded (also double-escaped ones
//   such as "&amp;amp;"), whitespace collapsed. An Atom title typed "text" is
//   taken literally, as its spec says ("History of the <blink> tag").
// - An item without a title is titled by the first words of its text, then by its
//   address, then "Untitled"; an item with no title, address, id or HTML is dropped.
// - Relative addresses resolve against, in order: the item's xml:base, the feed's
//   xml:base, then for RSS/RDF the channel <link> (what the publisher means by
//   "relative": node-feedparser and NetNewsWire agree), and opts.url. For Atom the
//   document address comes before the site link, as RFC 4287 says.
// - Only http(s) addresses are kept for links and images: a feed cannot smuggle a
//   javascript: URL into the reader.
// - feedUrl is opts.url when given (where we really fetched it); the feed's own
//   rel="self" is used only when there is no opts.url, since self links are often stale.
// - Dates become ISO 8601 in UTC; a date without a zone is read as UTC (the machine's
//   zone would make results depend on where they are parsed); invalid dates are omitted.
// - A malformed document is repaired when the damage is local (a truncated download,
//   an unclosed or misnested tag, items without a <channel>); what cannot be read
//   throws an IngestError with a one-line message.
import { IngestError, oneLine } from '../errors'
import { decodeFeedBytes } from '../decode'
import { parseAtom } from './atom'
import { documentStart, firstNonSpace } from './detect'
import { parseJsonFeed } from './json-feed'
import { parseRdf } from './rdf'
import { parseRss } from './rss'
import type { ParsedFeed, ParseFeedOptions } from './types'

export type { FeedFormat, ParsedFeed, ParseFeedOptions } from './types'
export { documentStart, type DocumentStart } from './detect'
export { parseDate } from './dates'
export { parseTruncatedJson } from './json-feed'
export { collapseWhitespace, htmlToOneLine, textToHtml, titleFromText } from './text'
export { repairXml } from './xml-repair'

/**
 * Parses a feed. Bytes are gunzipped and decoded first (see decode.ts); a string is
 * taken as already decoded. Throws IngestError (one-line message, `source` = opts.url)
 * when nothing can be read; items that cannot be read are skipped.
 */
export function parseFeed(input: Uint8Array | string, opts: ParseFeedOptions): ParsedFeed {
  try {
    const text = typeof input === 'string' ? input : decodeFeedBytes(input, opts.contentType)
    return parseFeedText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, opts)
  } catch (error) {
    // The message names the source too: it is shown on its own in refresh summaries.
    const from = opts.url ? ` (${opts.url})` : ''
    if (error instanceof IngestError) {
      if (error.source || !opts.url) throw error
      throw new IngestError(`${error.message}${from}`, opts.url, { cause: error.cause })
    }
    // Anything else is a bug in a parser: still one clear line for the user.
    throw new IngestError(`Could not read the feed: ${oneLine(String((error as Error)?.message ?? error), 200)}${from}`, opts.url, { cause: error })
  }
}

function parseFeedText(text: string, opts: ParseFeedOptions): ParsedFeed {
  const start = firstNonSpace(text)
  if (start < 0) throw new IngestError('The feed is empty')
  const first = text[start]
  if (first === '{' || first === '[') return parseJsonFeed(text.slice(start), opts)

  const { at, root, local } = documentStart(text, { from: start })
  if (at < 0) throw new IngestError('The feed is empty: it holds no elements')
  switch (local) {
    case 'rss':
      return parseRss(text, root!, opts)
    case 'feed':
      return parseAtom(text, opts)
    case 'rdf':
      return parseRdf(text, opts)
    case 'html':
    case 'head':
    case 'body':
      throw new IngestError('Not a feed: this is an HTML page (look for its feed links instead)')
    case 'opml':
      throw new IngestError('Not a feed: this is an OPML subscription list (import it instead)')
    case undefined:
      break
    default:
      throw new IngestError(`Not a feed: the document's root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`)
  }
  if (/<(html|body)[\s>]/i.test(text.slice(0, 2048))) {
    throw new IngestError('Not a feed: this is an HTML page (look for its feed links instead)')
  }
  throw new IngestError('Not a feed: no <rss>, <feed> or <rdf:RDF> element, and not JSON')
}
