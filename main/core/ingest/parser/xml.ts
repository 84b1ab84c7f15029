// The XML formats go through feedsmith; a document it rejects as malformed is
// repaired (xml-repair.ts) and read again, and its errors become one-line IngestErrors.
import {
  DetectError,
  MalformedError,
  parseAtomFeed,
  parseRdfFeed,
  parseRssFeed,
  type AtomFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith'
import { IngestError } from '../errors'
import { repairXml } from './xml-repair'

type XmlResult =
  | { format: 'rss'; feed: RssFeed.Feed<string> }
  | { format: 'atom'; feed: AtomFeed.Feed<string> }
  | { format: 'rdf'; feed: RdfFeed.Feed<string> }

export function parseXml(text: string, format: 'rss'): RssFeed.Feed<string>
export function parseXml(text: string, format: 'atom'): AtomFeed.Feed<string>
export function parseXml(text: string, format: 'rdf'): RdfFeed.Feed<string>
export function parseXml(text: string, format: XmlResult['format']): XmlResult['feed'] {
  const run = (t: string) => (format === 'rss' ? parseRssFeed(t) : format === 'atom' ? parseAtomFeed(t) : parseRdfFeed(t))
  try {
    return run(text)
  } catch (error) {
    if (error instanceof MalformedError) {
      try {
        // feedsmith throws for a repaired document that holds nothing: then the
        // original error is the one to report.
        return run(repairXml(text))
      } catch {
        // reported below
      }
      const cause = (error as { cause?: Error }).cause
      throw new IngestError(`Malformed XML in ${FORMAT_NAMES[format]} feed: ${cause?.message ?? error.message}`, undefined, { cause: error })
    }
    if (error instanceof DetectError) {
      throw new IngestError(`Not a feed: the <${format === 'rdf' ? 'rdf:RDF' : format === 'rss' ? 'rss' : 'feed'}> document has none of a feed's elements`, undefined, { cause: error })
    }
    // feedsmith's ParseError: the root is there but holds nothing it recognizes.
    // RSS items placed directly under <rss> (no <channel>) are common enough to rescue.
    if (format === 'rss' && !/<channel[\s>/]/i.test(text)) {
      try {
        return run(text.replace(/<rss\b[^>]*>/i, '$&<channel>').replace(/<\/rss\s*>(?![\s\S]*<\/rss)/i, '</channel>$&'))
      } catch {
        // fall through to the empty feed
      }
    }
    // A feed with no channel data and no items is empty, not broken.
    return {} as XmlResult['feed']
  }
}

const FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', rdf: 'RDF', json: 'JSON' } as const
