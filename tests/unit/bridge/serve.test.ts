// Browser mode's host: the token-to-cookie exchange, every refusal, the API, media,
// static files and push events.
import { afterEach, describe, expect, it } from 'vitest'
import { request as httpRequest } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../../main/server/serve'
import { tempDir } from '../../helpers/tmp'

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

async function start(onEvent?: (send: (event: string, payload: unknown) => void) => void) {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Offprint</title>')
  mkdirSync(join(renderer, 'assets'))
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(renderer, '..', 'outside.txt'), 'not for you')
  const media = tempDir()
  writeFileSync(join(media, 'img.png'), 'PNGDATA')
  const calls: [string, unknown][] = []
  const server = await startServer({
    port: 0,
    rendererDir: renderer,
    dispatch: async (channel, input) => {
      calls.push([channel, input])
      return { ok: true, data: { echo: input ?? null } }
    },
    mediaPath: (name) => (name === 'img.png' ? join(media, 'img.png') : null),
    subscribe: (send) => {
      onEvent?.(send)
      return () => {}
    },
  })
  servers.push(server)
  const login = await request(server.port, { path: `/?token=${server.token}` })
  const cookie = String(login.headers['set-cookie']).split(';')[0]!
  return { server, calls, login, cookie }
}

describe('browser-mode host', () => {
  it('prints an address on 127.0.0.1 with a long random token', async () => {
    const { server } = await start()
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32,}$`))
  })

  it('exchanges the token for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const { login, cookie, server } = await start()
    expect(login.status).toBe(303)
    expect(login.headers.location).toBe('/')
    const setCookie = String(login.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const page = await request(server.port, { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Offprint</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
  })

  it('refuses requests with neither token nor cookie, or with wrong ones (401)', async () => {
    const { server } = await start()
    expect((await request(server.port, {})).status).toBe(401)
    expect((await request(server.port, { path: '/?token=wrong' })).status).toBe(401)
    expect((await request(server.port, { headers: { cookie: `offprint-${server.port}=wrong` } })).status).toBe(401)
    const api = await request(server.port, { method: 'POST', path: '/api/settings:get', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(api.status).toBe(401)
    expect((await request(server.port, { path: '/media/img.png' })).status).toBe(401)
  })

  it('refuses a foreign Host header even with a valid cookie (no DNS rebinding)', async () => {
    const { server, cookie } = await start()
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const r = await request(server.port, { headers: { cookie, host } })
      expect(r.status, host).toBe(403)
    }
    expect((await request(server.port, { headers: { cookie, host: `localhost:${server.port}` } })).status).toBe(200)
  })

  it('refuses cross-origin and cross-site API calls', async () => {
    const { server, cookie, calls } = await start()
    const post = (headers: Record<string, string>) =>
      request(server.port, { method: 'POST', path: '/api/settings:get', headers: { cookie, 'content-type': 'application/json', ...headers }, body: '{"input":null}' })
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect(calls).toEqual([])
    const ok = await post({ origin: `http://127.0.0.1:${server.port}` })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toEqual({ ok: true, data: { echo: null } })
  })

  it('passes API calls to the dispatcher and answers its Result; rejects bad requests clearly', async () => {
    const { server, cookie, calls } = await start()
    const api = (path: string, init: { method?: string; body?: string; type?: string }) =>
      request(server.port, { method: init.method ?? 'POST', path, headers: { cookie, 'content-type': init.type ?? 'application/json' }, body: init.body })
    const r = await api('/api/articles:list', { body: JSON.stringify({ input: { limit: 3 } }) })
    expect(JSON.parse(r.body)).toEqual({ ok: true, data: { echo: { limit: 3 } } })
    expect(r.headers['cache-control']).toBe('no-store')
    expect(calls).toEqual([['articles:list', { limit: 3 }]])
    expect((await api('/api/articles:list', { method: 'GET' })).status).toBe(405)
    expect((await api('/api/articles:list', { body: 'x', type: 'text/plain' })).status).toBe(415)
    expect(JSON.parse((await api('/api/articles:list', { body: '{not json' })).body)).toMatchObject({ ok: false, code: 'invalid_input' })
    expect((await api('/api/articles:list', { body: JSON.stringify({ input: 'x'.repeat(61 * 1024 * 1024) }) })).status).toBe(413)
  })

  it('serves media and static files but nothing outside the renderer folder', async () => {
    const { server, cookie } = await start()
    const get = (path: string) => request(server.port, { path, headers: { cookie } })
    expect((await get('/media/img.png')).body).toBe('PNGDATA')
    expect((await get('/media/..%2F..%2Fetc%2Fpasswd')).status).toBe(404)
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/)
    expect((await get('/..%2Foutside.txt')).status).toBe(404)
    expect((await get('/../outside.txt')).status).toBe(404)
  })

  it('streams push events to the page', async () => {
    let push: ((event: string, payload: unknown) => void) | undefined
    const { server, cookie } = await start((send) => (push = send))
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { cookie, host: `127.0.0.1:${server.port}` } }, (res) => {
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
