// A running core: the library on a data folder, the bridge handlers over it, and
// its push events. The Electron app and browser mode each open one.
import { Library, type LibraryOptions } from '../library/library'
import { createDispatcher, type Dispatch } from './dispatch'
import { createHandlers } from './handlers/index'
import { createIngestService } from '../ingest/service'
import { startRemote, type RemoteServer } from './remote'
import type { EventName, Events } from '../../../common/contract'

export interface Session {
  library: Library
  dispatch: Dispatch
  /** Subscribes to push events; returns the unsubscribe. */
  subscribe(send: <E extends EventName>(event: E, payload: Events[E]) => void): () => void
  close(): Promise<void>
}

type SessionOptions = LibraryOptions & { openExternal: (url: string) => Promise<boolean>; log?: (err: unknown, channel: string) => void }

export async function openSession(opts: SessionOptions): Promise<Session> {
  const library = await Library.open(opts)
  const ingest = createIngestService(library)
  const handlers = createHandlers({ library, ingest, openExternal: opts.openExternal })
  const dispatch = createDispatcher(handlers, opts.log)
  const remote = await openRemote(library, dispatch, opts.log)
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
      await remote?.close()
      ingest.close()
      await library.close()
    },
  }
}

/**
 * Lets the command line reach this library while this program has it (remote.ts).
 * Notes written from there are announced, so an open window shows them.
 */
async function openRemote(library: Library, dispatch: Dispatch, log: SessionOptions['log']): Promise<RemoteServer | null> {
  const relay: Dispatch = async (channel, input) => {
    const result = await dispatch(channel, input)
    if (result.ok && channel.startsWith('notes:') && !READS.has(channel)) library.emit('changed', 'notes')
    return result
  }
  try {
    const remote = await startRemote(library.dataDir, relay)
    await library.announce({ socket: remote.socket, token: remote.token })
    return remote
  } catch (err) {
    // The app works without it; the command line then says the library is in use.
    log?.(err, 'remote')
    return null
  }
}

const READS = new Set(['notes:get', 'notes:all', 'notes:export'])
