// A running core: the library on a data folder, the bridge handlers over it, and
// its push events. The Electron app and browser mode each open one.
import { Library, type LibraryOptions } from './library/library'
import { createDispatcher, createHandlers, type Dispatch } from './handlers'
import { createIngestService } from './ingest/service'
import type { EventName, Events } from '../../preload/contract'

export interface Session {
  library: Library
  dispatch: Dispatch
  /** Subscribes to push events; returns the unsubscribe. */
  subscribe(send: <E extends EventName>(event: E, payload: Events[E]) => void): () => void
  close(): Promise<void>
}

export async function openSession(
  opts: LibraryOptions & { openExternal: (url: string) => Promise<boolean>; log?: (err: unknown, channel: string) => void },
): Promise<Session> {
  const library = await Library.open(opts)
  const ingest = createIngestService(library)
  const handlers = createHandlers({ library, ingest, openExternal: opts.openExternal })
  const dispatch = createDispatcher(handlers, opts.log)
  return {
    library,
    dispatch,
    subscribe(send) {
      const onChanged = (reason: string) => send('library:changed', { reason })
      const onNotice = (n: Events['notice']) => send('notice', n)
      const onProgress = (p: Events['refresh:progress']) => send('refresh:progress', p)
      library.on('changed', onChanged)
      library.on('notice', onNotice)
      library.on('refresh:progress', onProgress)
      return () => {
        library.off('changed', onChanged)
        library.off('notice', onNotice)
        library.off('refresh:progress', onProgress)
      }
    },
    async close() {
      ingest.close()
      await library.close()
    },
  }
}
