// The library as a whole: its overview, imports and the OPML export.
import type { Handlers, libraryChannels } from '../../../../common/contract'
import type { ImportResult } from '../../ingest/service'
import type { HandlerDeps } from './deps'
import { feedInfo } from './feeds'

export function libraryHandlers({ library: lib, ingest }: HandlerDeps): Pick<Handlers, keyof typeof libraryChannels> {
  return {
    async 'library:overview'() {
      const counts = await lib.counts()
      const feeds = lib.feeds().map((f) => feedInfo(f, counts.byFeed.get(f.id)))
      return { folders: lib.folders(), feeds, counts: { all: counts.all, unread: counts.unread, starred: counts.starred } }
    },
    async 'library:import'({ name, content, encoding }) {
      const data = encoding === 'base64' ? Buffer.from(content, 'base64') : content
      return importSummary(await ingest.importContent(name, data))
    },
    'library:importUrl': async ({ url }) => importSummary(await ingest.importUrl(url)),
    async 'library:exportOpml'() {
      return { filename: `offprint-feeds-${lib.now().toISOString().slice(0, 10)}.opml`, mime: 'text/x-opml', content: ingest.exportOpml() }
    },
  }
}

function importSummary(r: ImportResult) {
  return { kind: r.kind, feeds: r.feeds.map((f) => ({ id: f.id, title: f.title })), articles: r.articles, duplicates: r.duplicates }
}
