// What serves files to the renderer, under arbitrary request paths built from
// traversal pieces (dot segments, encoded slashes and backslashes, NULs, doubled
// encodings): app:// and offprint-media:// in Electron, and browser mode's HTTP host
// with arbitrary Host, Origin, Cookie and Authorization headers too. A file outside the
// renderer or media folder is never served; a foreign Host or Origin never gets past the
// door; an image is served only once an authorized call has named it; the API answers
// only the session key, never a cookie.
import fc from 'fast-check'
import net from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { appProtocolHandler, mediaProtocolHandler } from '../../../../main/desktop/protocol'
import { MediaStore } from '../../../../main/core/ingest/media-store'
import { startServer, type RunningServer } from '../../../../main/server/serve'
import { tempDir } from '../../../helpers/tmp'
import { record } from '../../../security/figures'
import '../../../security/seed'

const SECRET = 'SECRET-OUTSIDE-THE-FOLDER'
const PIECES = [
  '..', '.', '%2e%2e', '%2E%2E', '.%2e', '%252e%252e', '%2f', '%2F', '%5c', '\\', '..\\', '%00', '%c0%ae%c0%ae', '%e0%80%ae',
  'index.html', 'assets', 'app.js', 'secret.txt', 'outside', 'media', 'm', 'ab', `${'ab'.repeat(32)}.png`, '~', '', '//', '%', '%zz',
  'etc', 'passwd', '?x=1', '#frag', ';', '%3b', 'a'.repeat(300),
]
const pathArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).chain((parts) => fc.constantFrom('/', '%2f', '/%2f').map((sep) => parts.join(sep)))

let cases = 0
afterAll(() => record('property.serving-paths-and-hosts', cases, 'cases'))

function layout() {
  const root = tempDir('offprint-serving-')
  const renderer = join(root, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), 'INDEX')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'APP')
  writeFileSync(join(root, 'secret.txt'), SECRET)
  writeFileSync(join(root, 'outside'), SECRET)
  const mediaDir = join(root, 'media')
  const name = `${'ab'.repeat(32)}.png`
  mkdirSync(join(mediaDir, 'ab'), { recursive: true })
  writeFileSync(join(mediaDir, 'ab', name), 'PNGBYTES')
  writeFileSync(join(mediaDir, 'secret.txt'), SECRET)
  // Stored, but never named by a call in browser mode: never served there.
  const unnamed = `${'cd'.repeat(32)}.png`
  mkdirSync(join(mediaDir, 'cd'), { recursive: true })
  writeFileSync(join(mediaDir, 'cd', unnamed), 'UNNAMED')
  return { root, renderer, name, unnamed, media: new MediaStore(mediaDir), inside: new Set(['INDEX', 'APP', 'PNGBYTES', 'UNNAMED']) }
}

/** One raw HTTP/1.1 exchange, so any path and any header value can be sent. */
function raw(port: number, path: string, headers: Record<string, string>, method = 'GET', body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let data = ''
    socket.on('data', (d) => (data += d.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
    const length = method === 'POST' ? [`Content-Length: ${Buffer.byteLength(body)}`] : []
    const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), ...length, 'Connection: close', '', body]
    // write, not end: the host answers nothing to a half-closed connection.
    socket.write(lines.join('\r\n'))
  })
}

const servers: RunningServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

describe('serving files to the renderer', () => {
  it('app:// and offprint-media:// serve nothing outside their folders, whatever the path', async () => {
    const { renderer, media, inside } = layout()
    const app = appProtocolHandler(renderer)
    const mediaHandler = mediaProtocolHandler((name) => media.path(name))
    let served = 0
    await fc.assert(
      fc.asyncProperty(pathArb, fc.constantFrom('app://offprint/', 'offprint-media://m/'), async (path, origin) => {
        cases++
        let url: string
        try {
          url = new URL(origin + path).href
        } catch {
          return
        }
        const res = await (origin.startsWith('app') ? app : mediaHandler)(new Request(url)).catch(() => null)
        if (!res || res.status !== 200) return
        const body = await res.text()
        expect(body, url).not.toContain(SECRET)
        expect(inside.has(body), url).toBe(true)
        served++
      }),
      { numRuns: 1500 },
    )
    // The paths reach real files too, so the refusals above are not just a dead handler.
    expect(served).toBeGreaterThan(10)
  })

  it("browser mode's host: traversal paths never leak, foreign Hosts and Origins never pass, cookies open nothing", async () => {
    const { renderer, media, name, unnamed } = layout()
    const server = await startServer({
      port: 0,
      rendererDir: renderer,
      dispatch: async () => ({ ok: true, data: `API offprint-media://m/${name}` }),
      mediaPath: (n) => media.path(n),
      subscribe: () => () => {},
    })
    servers.push(server)
    const good = `127.0.0.1:${server.port}`
    const json = { Host: good, 'Content-Type': 'application/json' }
    const login = await raw(server.port, '/api/session', json, 'POST', JSON.stringify({ token: server.token }))
    const key = (JSON.parse(login.body) as { data: { key: string } }).data.key
    // One authorized call names the image, as an article's HTML would.
    expect((await raw(server.port, '/api/articles:get', { ...json, Authorization: `Bearer ${key}` }, 'POST', '{}')).body).toContain('API')
    const hosts = fc.oneof(
      { weight: 3, arbitrary: fc.constant(good) },
      fc.constantFrom(good, `localhost:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`, `[::1]:${server.port}`, `0.0.0.0:${server.port}`, `${good}@evil.example`, `${good} `, `${good.toUpperCase()}`),
      fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
    )
    const origins = fc.option(fc.constantFrom(`http://${good}`, 'http://evil.example', 'null', `https://${good}`, `http://${good}.evil.example`, `http://localhost:${server.port}`, `http://127.0.0.1:${server.port + 1}`), { nil: undefined })
    const sites = fc.option(fc.constantFrom('same-origin', 'none', 'same-site', 'cross-site'), { nil: undefined })
    // The token and the key as cookies (what a page on another port could plant or be sent), and junk.
    const cookies = fc.option(fc.constantFrom(`offprint-${server.port}=${server.token}`, `offprint=${key}`, `offprint-${server.port}=x`, 'a=b'), { nil: undefined })
    const paths = fc.oneof(pathArb, fc.constantFrom('', 'index.html', 'assets/app.js', `media/${name}`, `media/${unnamed}`, 'api/articles:get', `?token=${server.token}`))
    let served = 0
    let api = 0
    await fc.assert(
      fc.asyncProperty(paths, hosts, origins, sites, cookies, fc.boolean(), fc.boolean(), async (path, host, origin, site, cookie, withKey, post) => {
        cases++
        const headers: Record<string, string> = { Host: host }
        if (origin) headers.Origin = origin
        if (site) headers['Sec-Fetch-Site'] = site
        if (cookie) headers.Cookie = cookie
        if (withKey) headers.Authorization = `Bearer ${key}`
        if (post) headers['Content-Type'] = 'application/json'
        const res = await raw(server.port, `/${path}`, headers, post ? 'POST' : 'GET', post ? '{}' : '')
        expect(res.body).not.toContain(SECRET)
        expect(res.body).not.toContain('UNNAMED')
        if (res.status !== 200) return
        // Only our own Host, no foreign Origin, and nothing from another site or port is served at all.
        // (Header values lose their surrounding spaces in HTTP parsing, as RFC 9110 says.)
        expect([good, `localhost:${server.port}`]).toContain(host.trim().toLowerCase())
        if (origin) expect([`http://${good}`, `http://localhost:${server.port}`]).toContain(origin)
        expect(['same-site', 'cross-site']).not.toContain(site)
        if (res.body.startsWith('{')) {
          // The library answers the key alone, whatever cookie comes with it.
          expect(withKey).toBe(true)
          expect(res.body).toContain('API')
          api++
        } else expect(['INDEX', 'APP', 'PNGBYTES'], `/${path}`).toContain(res.body)
        served++
      }),
      { numRuns: 1000 },
    )
    expect(served).toBeGreaterThan(5)
    expect(api).toBeGreaterThan(0)
  }, 60_000)
})
