// Browser mode's host: the one-time token exchanged for a session key (never a cookie),
// every refusal, the API, media, static files and push events.
import { afterEach, describe, expect, it } from 'vitest'
import { request as httpRequest } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../../../main/server/serve'
import { tempDir } from '../../../helpers/tmp'

const servers: RunningServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function request(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

const IMAGE = `${'ab'.repeat(32)}.png`
const HIDDEN_IMAGE = `${'cd'.repeat(32)}.png`

function exchange(port: number, token: string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(port, { method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) })
}

async function start(onEvent?: (send: (event: string, payload: unknown) => void) => void) {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Offprint</title>')
  mkdirSync(join(renderer, 'assets'))
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(renderer, '..', 'outside.txt'), 'not for you')
  const media = tempDir()
  writeFileSync(join(media, 'img.png'), 'PNGDATA')
  writeFileSync(join(media, 'hidden.png'), 'HIDDEN')
  const calls: [string, unknown][] = []
  const server = await startServer({
    port: 0,
    rendererDir: renderer,
    dispatch: async (channel, input) => {
      calls.push([channel, input])
      // An article that shows one image (and only names it): the page may now load it.
      if (channel === 'articles:get') return { ok: true, data: { html: `<img src="offprint-media://m/${IMAGE}">` } }
      return { ok: true, data: { echo: input ?? null } }
    },
    mediaPath: (name) => (name === IMAGE ? join(media, 'img.png') : name === HIDDEN_IMAGE ? join(media, 'hidden.png') : null),
    subscribe: (send) => {
      onEvent?.(send)
      return () => {}
    },
  })
  servers.push(server)
  const opened = await request(server.port, { path: `/?token=${server.token}` })
  const login = await exchange(server.port, server.token)
  const key = (JSON.parse(login.body) as { data: { key: string } }).data.key
  const auth = { authorization: `Bearer ${key}` }
  return { server, calls, opened, login, key, auth }
}

describe('browser-mode host', () => {
  it('prints an address on 127.0.0.1 with a long random token', async () => {
    const { server } = await start()
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32,}$`))
  })

  it('the token opens the page, which exchanges it for a session key sent as a header; no cookie is ever set', async () => {
    const { opened, login, key, auth, server } = await start()
    expect(opened.status).toBe(200)
    expect(opened.body).toContain('<title>Offprint</title>')
    expect(opened.headers['cache-control']).toBe('no-store')
    expect(login.status).toBe(200)
    expect(key).toMatch(/^[\w-]{43}$/)
    expect(key).not.toContain(server.token)
    expect(login.headers['cache-control']).toBe('no-store')
    const api = await request(server.port, { method: 'POST', path: '/api/settings:get', headers: { ...auth, 'content-type': 'application/json' }, body: '{"input":null}' })
    expect(api.status).toBe(200)
    expect(JSON.parse(api.body)).toEqual({ ok: true, data: { echo: null } })
    // Cookies are shared by every port of 127.0.0.1: nothing here is one.
    for (const r of [opened, login, api]) expect(r.headers['set-cookie']).toBeUndefined()
    const page = await request(server.port, {})
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
  })

  it('the token works once: a second exchange, or opening its address again, is refused with a clear message', async () => {
    const { server, key } = await start()
    const again = await exchange(server.port, server.token)
    expect(again.status).toBe(410)
    expect(JSON.parse(again.body)).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('used already') })
    const reopened = await request(server.port, { path: `/?token=${server.token}` })
    expect(reopened.status).toBe(410)
    expect(reopened.headers['content-type']).toMatch(/text\/html/)
    expect(reopened.body).toContain('has been used already')
    expect(reopened.body).toContain('offprint serve')
    // The page it opened keeps working, reloads included: the key, not the token, opens the library.
    expect((await request(server.port, {})).status).toBe(200)
    const api = await request(server.port, { method: 'POST', path: '/api/settings:get', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' })
    expect(api.status).toBe(200)
  })

  it('refuses API calls, the event stream and media without the key, or with a wrong one (401)', async () => {
    const { server } = await start()
    expect((await request(server.port, { path: '/?token=wrong' })).status).toBe(401)
    expect((await exchange(server.port, 'wrong')).status).toBe(401)
    for (const authorization of [undefined, 'Bearer wrong-key-wrong-key-wrong-key', `Bearer ${server.token}`, server.token]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }
      const api = await request(server.port, { method: 'POST', path: '/api/settings:get', headers, body: '{}' })
      expect(api.status, String(authorization)).toBe(401)
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, code: 'forbidden' })
      expect((await request(server.port, { path: '/api/events', headers })).status, String(authorization)).toBe(401)
    }
    expect((await request(server.port, { path: `/media/${IMAGE}` })).status).toBe(404)
  })

  it('a cookie never opens the library, and one planted by another port does not lock the page out', async () => {
    const { server, auth, calls } = await start()
    const post = (headers: Record<string, string>) =>
      request(server.port, { method: 'POST', path: '/api/settings:get', headers: { 'content-type': 'application/json', ...headers }, body: '{"input":null}' })
    // What the host used to set (the token as a cookie), and what a page elsewhere could plant.
    for (const cookie of [`offprint-${server.port}=${server.token}`, `offprint=${server.token}`]) expect((await post({ cookie })).status, cookie).toBe(401)
    expect(calls).toEqual([])
    for (const cookie of [`offprint-${server.port}=x`, `offprint-${server.port}=x; offprint=y`]) {
      expect((await post({ cookie, ...auth })).status, cookie).toBe(200)
      expect((await request(server.port, { headers: { cookie } })).status, cookie).toBe(200)
    }
  })

  it('refuses a foreign Host header even with a valid key (no DNS rebinding)', async () => {
    const { server, auth } = await start()
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const r = await request(server.port, { headers: { ...auth, host } })
      expect(r.status, host).toBe(403)
      const api = await request(server.port, { method: 'POST', path: '/api/settings:get', headers: { ...auth, host, 'content-type': 'application/json' }, body: '{}' })
      expect(api.status, host).toBe(403)
    }
    expect((await request(server.port, { headers: { ...auth, host: `localhost:${server.port}` } })).status).toBe(200)
  })

  it('refuses cross-origin, cross-site and same-site (another port) requests, the exchange included', async () => {
    const { server, auth, calls } = await start()
    const post = (headers: Record<string, string>) =>
      request(server.port, { method: 'POST', path: '/api/settings:get', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: '{"input":null}' })
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403)
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await request(server.port, { headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(403)
    expect((await exchange(server.port, server.token, { origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403)
    expect(calls).toEqual([])
    const ok = await post({ origin: `http://127.0.0.1:${server.port}`, 'sec-fetch-site': 'same-origin' })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toEqual({ ok: true, data: { echo: null } })
  })

  it('passes API calls to the dispatcher and answers its Result; rejects bad requests clearly', async () => {
    const { server, auth, calls } = await start()
    const api = (path: string, init: { method?: string; body?: string; type?: string }) =>
      request(server.port, { method: init.method ?? 'POST', path, headers: { ...auth, 'content-type': init.type ?? 'application/json' }, body: init.body })
    const r = await api('/api/articles:list', { body: JSON.stringify({ input: { limit: 3 } }) })
    expect(JSON.parse(r.body)).toEqual({ ok: true, data: { echo: { limit: 3 } } })
    expect(r.headers['cache-control']).toBe('no-store')
    expect(calls).toEqual([['articles:list', { limit: 3 }]])
    expect((await api('/api/articles:list', { method: 'GET' })).status).toBe(405)
    expect((await api('/api/articles:list', { body: 'x', type: 'text/plain' })).status).toBe(415)
    expect(JSON.parse((await api('/api/articles:list', { body: '{not json' })).body)).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(JSON.parse((await api('/api/articles:list', { body: 'null' })).body)).toEqual({ ok: true, data: { echo: null } })
    expect((await api('/api/articles:list', { body: JSON.stringify({ input: 'x'.repeat(61 * 1024 * 1024) }) })).status).toBe(413)
  })

  it('serves an image only once an authorized call has handed out its address; nothing outside the renderer folder', async () => {
    const { server, auth } = await start()
    const get = (path: string) => request(server.port, { path })
    expect((await get(`/media/${IMAGE}`)).status).toBe(404)
    await request(server.port, { method: 'POST', path: '/api/articles:get', headers: { ...auth, 'content-type': 'application/json' }, body: '{"input":{"id":"a"}}' })
    const image = await get(`/media/${IMAGE}`)
    expect(image.body).toBe('PNGDATA')
    expect(image.headers['cache-control']).toMatch(/^private/)
    // Stored, but never shown this run: not served.
    expect((await get(`/media/${HIDDEN_IMAGE}`)).status).toBe(404)
    expect((await get('/media/..%2F..%2Fetc%2Fpasswd')).status).toBe(404)
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/)
    expect((await get('/..%2Foutside.txt')).status).toBe(404)
    expect((await get('/../outside.txt')).status).toBe(404)
  })

  it('streams push events to a page that sends its key', async () => {
    let push: ((event: string, payload: unknown) => void) | undefined
    const { server, auth } = await start((send) => (push = send))
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { ...auth, host: `127.0.0.1:${server.port}` } }, (res) => {
        let text = ''
        res.on('data', (d: Buffer) => {
          text += d.toString()
          if (text.includes('connected')) push!('library:changed', { reason: 'test' })
          if (text.includes('library:changed')) {
            req.destroy()
            resolve(text)
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(received).toContain('event: library:changed\ndata: {"reason":"test"}')
  })
})
