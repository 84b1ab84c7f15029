// Browser mode: the renderer served on 127.0.0.1 with the bridge over HTTP, on the
// same core as the Electron app. It is how Offprint runs where no Electron runtime
// is installed, and how its end-to-end tests drive a real Chromium.
//
// Access: a random token per start, printed in the address. As Jupyter does, the
// token is exchanged for an HttpOnly, SameSite=Strict cookie; any request with
// neither is refused (401). The Host header must name the loopback address and our
// port (a DNS-rebinding page cannot pass), and a cross-site Origin is refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { eventNames } from '../../common/bridge'
import type { Dispatch } from '../core/bridge/dispatch'
import { CONTENT_SECURITY_POLICY } from '../core/base/csp'

export interface ServeOptions {
  port: number
  dispatch: Dispatch
  /** Absolute path of a media file for a name, or null when not a stored name. */
  mediaPath: (name: string) => string | null
  /** Registers a listener for push events; returns the unsubscribe. */
  subscribe: (send: (event: string, payload: unknown) => void) => () => void
  rendererDir?: string
  token?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  server: Server
  close(): Promise<void>
}

// A notes import can be large; everything else is small.
const MAX_BODY = 60 * 1024 * 1024

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** dist/renderer, found by walking up from this module. */
export function findRendererDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'dist', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate
    }
    dir = dirname(dir)
  }
  return null
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>Offprint</title>
<p>This Offprint window is not authorized.
Open the address that <code>offprint serve</code> printed (it contains the access token).</p>`

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const rendererDir = opts.rendererDir ?? findRendererDir()
  const streams = new Set<ServerResponse>()
  let port = 0
  let cookieName = 'offprint'

  const baseHeaders = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  }

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(baseHeaders)) res.setHeader(k, v)
    // No DNS rebinding: only our own loopback address and port.
    if (!allowedHosts().has((req.headers.host ?? '').toLowerCase())) return send(res, 403, 'Forbidden: unexpected Host header.')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, '').toLowerCase())) {
      return send(res, 403, 'Forbidden: cross-origin request.')
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') return send(res, 403, 'Forbidden: cross-site request.')

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const offered = url.searchParams.get('token')
    if (offered !== null) {
      if (!sameToken(offered, token)) return send(res, 401, UNAUTHORIZED_PAGE, 'text/html; charset=utf-8')
      // Exchange the token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token')
      res.setHeader('set-cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      res.writeHead(303, { location: url.pathname + url.search })
      return res.end()
    }
    const cookie = cookieValue(req, cookieName)
    if (!cookie || !sameToken(cookie, token)) return send(res, 401, UNAUTHORIZED_PAGE, 'text/html; charset=utf-8')

    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain; charset=utf-8', { allow: 'POST' })
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send application/json.')
      const body = await readBody(req, MAX_BODY)
      if (body === null) return send(res, 413, JSON.stringify({ ok: false, code: 'invalid_input', message: 'The request is too large.' }), 'application/json')
      let input: unknown
      try {
        input = (JSON.parse(body) as { input?: unknown }).input ?? undefined
      } catch {
        return send(res, 400, JSON.stringify({ ok: false, code: 'invalid_input', message: 'The request is not valid JSON.' }), 'application/json')
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length))
      const result = await opts.dispatch(channel, input)
      return send(res, 200, JSON.stringify(result), 'application/json', { 'cache-control': 'no-store' })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.')
    if (url.pathname.startsWith('/media/')) {
      const file = opts.mediaPath(decodeURIComponent(url.pathname.slice('/media/'.length)))
      if (!file) return send(res, 404, 'Not found.')
      return sendFile(res, file, 'public, max-age=31536000, immutable')
    }
    if (!rendererDir) return send(res, 500, 'The renderer is not built: run `npm run build` first.')
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const file = normalize(join(rendererDir, rel))
    if (!file.startsWith(rendererDir + sep)) return send(res, 404, 'Not found.')
    return sendFile(res, file, rel === 'index.html' ? 'no-store' : 'public, max-age=3600')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error.')
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  // Cookies are not scoped by port: one name per port keeps two instances apart.
  cookieName = `offprint-${port}`

  const unsubscribe = opts.subscribe((event, payload) => {
    if (!(eventNames as string[]).includes(event)) return
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const s of streams) s.write(frame)
  })

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe()
        for (const s of streams) s.end()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function sendFile(res: ServerResponse, file: string, cache: string): Promise<void> {
  try {
    const data = await fs.readFile(file)
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': data.length, 'cache-control': cache })
    res.end(data)
  } catch {
    send(res, 404, 'Not found.')
  }
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooBig = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) tooBig = true
      else chunks.push(c)
    })
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
