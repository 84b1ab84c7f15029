// Browser mode's bridge: the same RawBridge as the Electron preload, over HTTP to the
// local host (main/serve.ts). Authentication rides on the HttpOnly cookie that the
// host set when the page was opened with its token; nothing here sees the token.
import { eventNames, type RawBridge, type Result } from '../../common/bridge'

export function createHttpBridge(base = ''): RawBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  const connect = () => {
    if (source || typeof EventSource === 'undefined') return
    source = new EventSource(`${base}/api/events`)
    for (const name of eventNames) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as unknown
        for (const listener of listeners.get(name) ?? []) listener(payload)
      })
    }
  }

  return {
    async invoke(channel, input) {
      try {
        const res = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ input: input ?? null }),
        })
        if (res.status === 401) {
          return { ok: false, code: 'forbidden', message: 'This page is no longer authorized: open the address that `offprint serve` printed.' }
        }
        return (await res.json()) as Result<unknown>
      } catch {
        return { ok: false, code: 'failed', message: 'Offprint is not running: start it again and reload this page.' }
      }
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      connect()
      return () => {
        set.delete(listener)
      }
    },
  }
}
