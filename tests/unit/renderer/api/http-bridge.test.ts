// Browser mode's bridge in the page (renderer/api/http-bridge.ts) against the real host:
// the token read once and taken out of the address, the session key kept for a reload,
// every call and the event stream authorized by it, a spent address refused clearly.
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpBridge, SESSION_KEY, type PageAccess } from '../../../../renderer/api/http-bridge'
import { startServer, type RunningServer } from '../../../../main/server/serve'

const servers: RunningServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

/** A tab: its address bar and its sessionStorage. */
function tab(url: string, storage: Map<string, string> | null = new Map()) {
  const shown: string[] = []
  const page: PageAccess = {
    url,
    replaceUrl: (u) => shown.push(u),
    storage: storage && {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    },
  }
  return { page, shown, storage }
}

async function host() {
  let push: (event: string, payload: unknown) => void = () => {}
  const calls: string[] = []
  const server = await startServer({
    port: 0,
    rendererDir: '/nonexistent',
    dispatch: async (channel) => {
      calls.push(channel)
      return { ok: true, data: channel }
    },
    mediaPath: () => null,
    subscribe: (send) => {
      push = send
      return () => {}
    },
  })
  servers.push(server)
  const base = `http://127.0.0.1:${server.port}`
  return { server, base, calls, push: (e: string, p: unknown) => push(e, p) }
}

describe('browser-mode bridge', () => {
  it('exchanges the token from the address once, drops it from the address bar, and a reload keeps working', async () => {
    const { server, base, calls } = await host()
    const first = tab(`${server.url}#reader`)
    const bridge = createHttpBridge(first.page, base)
    expect(first.shown).toEqual(['/#reader'])
    expect(await bridge.invoke('settings:get', undefined)).toEqual({ ok: true, data: 'settings:get' })
    const key = first.storage!.get(SESSION_KEY)!
    expect(key).toMatch(/^[\w-]{43}$/)
    expect(key).not.toBe(server.token)

    // The reload: the address has no token now; the tab's storage has the key.
    const reload = tab(`${base}/#reader`, first.storage)
    const again = createHttpBridge(reload.page, base)
    expect(reload.shown).toEqual([])
    expect(await again.invoke('library:overview', undefined)).toEqual({ ok: true, data: 'library:overview' })
    expect(calls).toEqual(['settings:get', 'library:overview'])
  })

  it('the same address in a new tab is refused, saying why; the first tab goes on', async () => {
    const { server, base, calls } = await host()
    const first = createHttpBridge(tab(server.url).page, base)
    expect(await first.invoke('settings:get', undefined)).toMatchObject({ ok: true })
    const second = createHttpBridge(tab(server.url).page, base)
    expect(await second.invoke('settings:get', undefined)).toEqual({ ok: false, code: 'forbidden', message: expect.stringContaining('used already') })
    // A new tab on the bare address has nothing to show either.
    expect(await createHttpBridge(tab(`${base}/`).page, base).invoke('settings:get', undefined)).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await first.invoke('settings:get', undefined)).toMatchObject({ ok: true })
    expect(calls).toEqual(['settings:get', 'settings:get'])
  })

  it('works without storage (a locked-down profile) for as long as the page lives', async () => {
    const { server, base } = await host()
    const bridge = createHttpBridge(tab(server.url, null).page, base)
    expect(await bridge.invoke('settings:get', undefined)).toMatchObject({ ok: true })
  })

  it('a key from before a restart is forgotten and the page told', async () => {
    const { base } = await host()
    const stale = tab(`${base}/`, new Map([[SESSION_KEY, 'k'.repeat(43)]]))
    const bridge = createHttpBridge(stale.page, base)
    expect(await bridge.invoke('settings:get', undefined)).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('offprint serve') })
    expect(stale.storage!.has(SESSION_KEY)).toBe(false)
  })

  it('receives push events over the authorized stream, and again after the stream drops', async () => {
    const { server, base, push } = await host()
    const bridge = createHttpBridge(tab(server.url).page, base)
    const seen: unknown[] = []
    bridge.on('library:changed', (p) => seen.push(p))
    const until = async (n: number) => {
      for (let i = 0; i < 100 && seen.length < n; i++) {
        push('library:changed', { reason: `r${seen.length}` })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    await until(1)
    expect(seen[0]).toMatchObject({ reason: expect.stringMatching(/^r\d+$/) })
    // The host drops every connection; the bridge connects again by itself.
    server.server.closeAllConnections()
    const before = seen.length
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    await until(before + 1)
    expect(seen.length).toBeGreaterThan(before)
  })
})
