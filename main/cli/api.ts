// The bridge, for the command line: the same calls the window makes, validated by the
// same dispatcher. On a library no one else has open, the CLI runs them itself; while
// the app (or `offprint serve`) has it, they go to that program over its local socket
// (core/remote.ts), which is then the library's only writer.
import { hostname } from 'node:os'
import { createApi } from '../../common/bridge'
import type { OffprintApi } from '../../common/contract'
import { LibraryInUseError } from '../core/library/folder-lock'
import { Library } from '../core/library/library'
import type { IngestService } from '../core/ingest/service'
import type { CommandContext } from './context'

export interface CliApi {
  invoke: OffprintApi['invoke']
  /** True when the calls go to a running app rather than to a library this command opened. */
  remote: boolean
}

/** Most of these commands fetch nothing; the ingest service is loaded only for those that need it. */
const noIngest = new Proxy({} as IngestService, {
  get: (_, name) =>
    name === 'then'
      ? undefined
      : () => {
          throw new Error('This command does not fetch or import.')
        },
})

const events = { on: () => () => {} }

export async function withApi<T>(ctx: CommandContext, fn: (api: CliApi) => Promise<T>, opts: { search?: boolean; ingest?: boolean } = {}): Promise<T> {
  let lib: Library
  try {
    lib = await Library.open({ dataDir: ctx.dataDir, ...(opts.search ? {} : { search: null }) })
  } catch (err) {
    return throughApp(err, fn)
  }
  // Damage found while opening is told here too, not only in the app.
  for (const n of lib.notices()) if (n.level !== 'info') process.stderr.write(`offprint: ${n.message}\n`)
  try {
    const [{ createDispatcher }, { createHandlers }] = await Promise.all([import('../core/bridge/dispatch'), import('../core/bridge/handlers/index')])
    const ingest = opts.ingest ? (await import('../core/ingest/service')).createIngestService(lib) : noIngest
    try {
      const dispatch = createDispatcher(createHandlers({ library: lib, ingest, openExternal: async () => false }))
      return await fn({ invoke: createApi({ invoke: dispatch, ...events }).invoke, remote: false })
    } finally {
      if (ingest !== noIngest) ingest.close()
    }
  } finally {
    await lib.close()
  }
}

/**
 * Runs `local` on a library this command opens itself; if the app has the library, runs
 * `remote` through the app instead. For commands whose local form needs more than the
 * bridge offers (a file read by path, progress as it happens).
 */
export async function locallyOrThroughApp<T>(local: () => Promise<T>, remote: (api: CliApi) => Promise<T>): Promise<T> {
  try {
    return await local()
  } catch (err) {
    return throughApp(err, remote)
  }
}

/** When `err` says a running app holds the library, runs `fn` through it; else rethrows `err`. */
async function throughApp<T>(err: unknown, fn: (api: CliApi) => Promise<T>): Promise<T> {
  const running = err instanceof LibraryInUseError && err.info.socket && err.info.token && err.info.host === hostname() ? err.info : null
  if (!running) throw err
  const { connectRemote } = await import('../core/bridge/remote')
  const client = await connectRemote({ socket: running.socket!, token: running.token! }).catch(() => {
    // It holds the library but does not answer: say who has it.
    throw err
  })
  try {
    return await fn({ invoke: createApi({ invoke: client.dispatch, ...events }).invoke, remote: true })
  } finally {
    client.close()
  }
}
