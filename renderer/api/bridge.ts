// The one place the renderer meets its transport: Electron's preload exposes a
// RawBridge as window.offprint; in browser mode there is none and we speak HTTP to the
// local host that served this page. Both are wrapped once with the typed contract.
import { createContext, useContext } from 'react'
import { createApi, type RawBridge } from '../../common/bridge'
import type { OffprintApi } from '../../common/contract'
import { createHttpBridge } from './http-bridge'

declare global {
  interface Window {
    offprint?: RawBridge
  }
}

export interface Connection {
  api: OffprintApi
  /** True when served over HTTP by `offprint serve` rather than running inside Electron. */
  browserMode: boolean
}

/** The tab's sessionStorage, or null where the browser refuses it (a locked-down profile). */
function tabStorage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

export function connect(): Connection {
  const raw = window.offprint
  if (raw) return { api: createApi(raw), browserMode: false }
  const page = {
    url: window.location.href,
    replaceUrl: (url: string) => window.history.replaceState(window.history.state, '', url),
    storage: tabStorage(),
  }
  return { api: createApi(createHttpBridge(page)), browserMode: true }
}

export const ConnectionContext = createContext<Connection | null>(null)

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext)
  if (!connection) throw new Error('useConnection outside <ConnectionContext.Provider>')
  return connection
}

export const useApi = (): OffprintApi => useConnection().api
