// Browser mode's bridge: the same RawBridge as the Electron preload, over HTTP to the
// local host (main/server/serve.ts).
//
// The page is opened at an address with a one-time token. It is read here, once, taken
// out of the address bar, and exchanged for a session key, which goes with every call as
// an Authorization header, the event stream included (read with fetch: EventSource cannot
// send headers). The key is never a cookie: cookies are shared by every port of
// 127.0.0.1, so any local page on another port would be sent it. It is kept in memory
// and in this tab's sessionStorage, which belongs to this origin alone (port included)
// and which the browser sends nowhere, so that a reload goes on working.
import { eventNames, type RawBridge, type Result } from '../../common/bridge'

/** What the bridge needs of the page, so that it runs (and is tested) without a DOM. */
export interface PageAccess {
  /** The page's address, read once for the token. */
  url: string
  /** Shows this address instead, without adding to the history (history.replaceState). */
  replaceUrl(url: string): void
  /** The tab's sessionStorage; null where the browser refuses it (the key then lasts until a reload). */
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void } | null
}

export const SESSION_KEY = 'offprint-session'
const RETRY_MS = 1_000

const NOT_AUTHORIZED = 'This page is not authorized: open the address that `offprint serve` printed.'
const NOT_RUNNING = 'Offprint is not running: start it again and reload this page.'

export function createHttpBridge(page: PageAccess, base = ''): RawBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let streaming = false
  /** Why this page cannot be authorized, in the host's words, once it is known. */
  let refusal = NOT_AUTHORIZED

  const stored = (): string | null => {
    try {
      return page.storage?.getItem(SESSION_KEY) ?? null
    } catch {
      return null
    }
  }

  const exchange = async (token: string): Promise<string | null> => {
    try {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'omit',
        body: JSON.stringify({ token }),
      })
      const result = (await res.json()) as Result<{ key: string }>
      if (!result.ok) {
        refusal = result.message
        // This tab may still hold a key from before (the address pasted in again).
        return stored()
      }
      try {
        page.storage?.setItem(SESSION_KEY, result.data.key)
      } catch {
        // Storage refused (a locked-down profile): the key lives as long as the page.
      }
      return result.data.key
    } catch {
      refusal = NOT_RUNNING
      return stored()
    }
  }

  const url = new URL(page.url)
  const token = url.searchParams.get('token')
  if (token !== null) {
    // Out of the address bar at once, so it is not copied, bookmarked or shared from there.
    url.searchParams.delete('token')
    page.replaceUrl(url.pathname + url.search + url.hash)
  }
  const key: Promise<string | null> = token ? exchange(token) : Promise.resolve(stored())

  const forget = () => {
    try {
      page.storage?.removeItem(SESSION_KEY)
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  const emit = (event: string, data: string) => {
    if (!(eventNames as string[]).includes(event)) return
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }

  /** Reads server-sent events until the stream ends; returns the retry delay it asked for. */
  const readEvents = async (body: ReadableStream<Uint8Array>, retry: number): Promise<number> => {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    let event = 'message'
    let data: string[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return retry
      buffer += decoder.decode(value, { stream: true })
      const lines = buffer.split(/\r\n|\r|\n/)
      buffer = lines.pop()!
      for (const line of lines) {
        if (line === '') {
          if (data.length) emit(event, data.join('\n'))
          event = 'message'
          data = []
          continue
        }
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'event') event = value
        else if (field === 'data') data.push(value)
        else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
      }
    }
  }

  const stream = async () => {
    let retry = RETRY_MS
    for (;;) {
      const k = await key
      if (!k) return
      try {
        const res = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${k}`, accept: 'text/event-stream' }, credentials: 'omit' })
        // No longer authorized (the host was restarted): retrying cannot change that.
        if (res.status === 401 || res.status === 403) return
        if (res.ok && res.body) retry = await readEvents(res.body, retry)
      } catch {
        // The host went away or the network dropped: try again in a moment.
      }
      await new Promise((resolve) => setTimeout(resolve, retry))
    }
  }

  return {
    async invoke(channel, input) {
      const k = await key
      if (!k) return { ok: false, code: 'forbidden', message: refusal }
      try {
        const res = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${k}` },
          credentials: 'omit',
          body: JSON.stringify({ input: input ?? null }),
        })
        if (res.status === 401) {
          forget()
          return { ok: false, code: 'forbidden', message: 'This page is no longer authorized: open the address that `offprint serve` printed.' }
        }
        return (await res.json()) as Result<unknown>
      } catch {
        return { ok: false, code: 'failed', message: NOT_RUNNING }
      }
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      if (!streaming) {
        streaming = true
        void stream()
      }
      return () => {
        set.delete(listener)
      }
    },
  }
}
