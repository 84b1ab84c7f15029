// What serves files to the renderer, under arbitrary request paths built from
// traversal pieces (dot segments, encoded slashes and backslashes, NULs, doubled
// encodings): app:// and offprint-media:// in Electron, and browser mode's HTTP host
// with arbitrary Host and Origin headers too. A file outside the renderer or media
// folder is never served; a foreign Host or Origin never gets past the door.
import fc from 'fast-check'
import net from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { appProtocolHandler, mediaProtocolHandler } from '../../../main/desktop/protocol'
import { MediaStore } from '../../../main/core/ingest/media-store'
import { startServer, type RunningServer } from '../../../main/server/serve'
import { tempDir } from '../../helpers/tmp'
import { record } from '../../security/figures'
import '../../security/seed'

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
  return { root, renderer, media: new MediaStore(mediaDir), inside: new Set(['INDEX', 'APP', 'PNGBYTES']) }
}

/** One raw HTTP/1.1 exchange, so any path and any header value can be sent. */
function raw(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let data = ''
    socket.on('data', (d) => (data += d.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
    const lines = [`GET ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', '']
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

  it("browser mode's host: traversal paths never leak, foreign Hosts and Origins never pass", async () => {
    const { renderer, media, inside } = layout()
    const server = await startServer({ port: 0, rendererDir: renderer, dispatch: async () => ({ ok: true, data: 'API' }), mediaPath: (n) => media.path(n), subscribe: () => () => {} })
    servers.push(server)
    const cookie = `offprint-${server.port}=${server.token}`
    const good = `127.0.0.1:${server.port}`
    const hosts = fc.oneof(
      { weight: 3, arbitrary: fc.constant(good) },
      fc.constantFrom(good, `localhost:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`, `[::1]:${server.port}`, `0.0.0.0:${server.port}`, `${good}@evil.example`, `${good} `, `${good.toUpperCase()}`),
      fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
    )
    let served = 0
    const origins = fc.option(fc.constantFrom(`http://${good}`, 'http://evil.example', 'null', `https://${good}`, `http://${good}.evil.example`, `http://localhost:${server.port}`), { nil: undefined })
    await fc.assert(
      fc.asyncProperty(fc.oneof(pathArb, fc.constantFrom('', 'index.html', 'assets/app.js', `media/${'ab'.repeat(32)}.png`)), hosts, origins, fc.boolean(), async (path, host, origin, withCookie) => {
        cases++
        const headers: Record<string, string> = { Host: host }
        if (origin) headers.Origin = origin
        if (withCookie) headers.Cookie = cookie
        const res = await raw(server.port, `/${path}`, headers)
        expect(res.body).not.toContain(SECRET)
        if (res.status !== 200) return
        // Only our own Host, with the cookie, and no foreign Origin, is served at all.
        // (Header values lose their surrounding spaces in HTTP parsing, as RFC 9110 says.)
        expect([good, `localhost:${server.port}`]).toContain(host.trim().toLowerCase())
        expect(withCookie).toBe(true)
        if (origin) expect([`http://${good}`, `http://localhost:${server.port}`]).toContain(origin)
        expect(inside.has(res.body), `/${path}`).toBe(true)
        served++
      }),
      { numRuns: 800 },
    )
    expect(served).toBeGreaterThan(5)
  }, 60_000)
})
