// The ingestion service: how content gets into the library. The building blocks
// (fetcher, decoder, parsers, sanitizer, extractor, media store) are pure or nearly so;
// the parts that meet the library, each with its own policy, are composed here:
//
// - subscribe.ts: a feed address, or a site's address that announces a feed;
// - refresh.ts: every subscription, through its source (source.ts; feed documents
//   fetched from their addresses in feed-source.ts), one feed's failure never stopping
//   the others;
// - store-items.ts: every item with its full text when wanted and its images local;
// - import.ts: a file or an address, sniffed as OPML, a feed or a web page; OPML export.
import { join } from 'node:path'
import type { Feed } from '../../../common/model'
import type { Library } from '../library/library'
import { createFeedSource } from './feed-source'
import { createFetcher, type Fetcher } from './fetcher'
import { createImporter, exportOpml, MAX_IMPORT_BYTES, type Importer } from './import'
import { MediaStore } from './media-store'
import { createRefresher, type RefreshResult, type RefreshStep } from './refresh'
import { createItemStore } from './store-items'
import { createSubscriber, type SubscribeOptions } from './subscribe'

export { MAX_IMPORT_BYTES, readImportFile, type ImportResult } from './import'
export type { RefreshProgress, RefreshResult, RefreshStep } from './refresh'

export interface IngestServiceOptions {
  /** The network; by default a fetcher of the service's own, closed by close(). */
  fetcher?: Fetcher
  now?: () => Date
  /** Feeds refreshed at once. Default 6 (the fetcher adds one connection per host). */
  concurrency?: number
}

export interface IngestService extends Importer {
  subscribe(url: string, opts?: SubscribeOptions): Promise<{ feed: Feed; added: number }>
  refresh(feedIds?: string[], onProgress?: (p: RefreshStep) => void): Promise<RefreshResult>
  exportOpml(): string
  /** Closes the service's own network connections (not an injected fetcher's). */
  close(): void
}

export function createIngestService(lib: Library, opts: IngestServiceOptions = {}): IngestService {
  const ownFetcher = opts.fetcher ? null : createFetcher({ maxBytes: MAX_IMPORT_BYTES })
  const fetcher: Fetcher = opts.fetcher ?? ownFetcher!
  const now = opts.now ?? (() => new Date())
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 6))
  const media = new MediaStore(join(lib.dataDir, 'media'))
  const items = createItemStore(lib, { fetcher, media })
  const source = createFeedSource({ fetcher, now })
  const refresher = createRefresher(lib, { source, items, fetcher, media, now, concurrency })
  const subscriber = createSubscriber(lib, { fetcher, source, refresher })
  const importer = createImporter(lib, { fetcher, items, subscribeFetched: subscriber.subscribeFetched })
  return {
    subscribe: subscriber.subscribe,
    refresh: refresher.refresh,
    importFile: importer.importFile,
    importContent: importer.importContent,
    importUrl: importer.importUrl,
    exportOpml: () => exportOpml(lib),
    close() {
      ownFetcher?.close()
    },
  }
}
