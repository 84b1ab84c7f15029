// Browser mode: the renderer served on 127.0.0.1 with the bridge over HTTP, on the
// same core as the Electron app. It is how Offprint runs where no Electron runtime
// is installed, and how its end-to-end tests drive a real Chromium.
//
// Access. Every program on this machine can reach 127.0.0.1, and every page in the
// browser can make requests to it, so the library opens only with a session key:
// - The address printed at start carries a random one-time token. The page served for it
//   (the same public bundle as any other) reads the token from its address once, removes
//   it from the address bar, and exchanges it (POST /api/session) for a session key. The
//   token then opens nothing: a second use is refused with a page that says so. The
//   browser's history still holds the address with the token; that copy is spent.
// - The session key is sent by the page as an Authorization header on every API call and
//   on the event stream (read with fetch, since EventSource cannot send headers). It is
//   kept in the tab's sessionStorage, so a reload goes on working. Never in a cookie:
//   cookies ignore ports, so any page served from another port of 127.0.0.1 would be sent
//   it, and could plant one of its own. sessionStorage belongs to this origin, port
//   included, and the browser sends its contents nowhere. Cookies are ignored entirely.
// - The renderer bundle is public (the same files as the package); cached images are
//   served only once an authorized call has handed out their address this run (their
//   names are hashes of their bytes: someone holding the same image could otherwise ask
//   whether it is here).
// - The Host header must name the loopback address and our port (a DNS-rebinding page
//   cannot pass); a foreign Origin, and any cross-site or same-site (another port)
//   request, is refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { eventNames, type Result } from '../../common/bridge'
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

const digest = (key: string) => createHash('sha256').update(key).digest('hex')

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

const sendResult = (res: ServerResponse, status: number, result: Result<unknown>) =>
  send(res, status, JSON.stringify(result), 'application/json', { 'cache-control': 'no-store' })

const page = (text: string) => `<!doctype html><meta charset="utf-8"><title>Offprint</title>\n<p>${text}</p>`

const UNAUTHORIZED_PAGE = page('This address does not open Offprint. Open the address that <code>offprint serve</code> printed (it contains the access token).')

const SPENT_PAGE = page(
  'This address has been used already. Each address that <code>offprint serve</code> prints opens Offprint once, ' +
    'so that the copy your browser keeps in its history opens nothing. If Offprint is open in another tab, use that ' +
    'tab (reloading it keeps working). Otherwise stop <code>offprint serve</code> and start it again for a new address.',
)

const SPENT_MESSAGE = 'This address has been used already: use the tab it opened, or start `offprint serve` again for a new address.'
const UNAUTHORIZED: Result<unknown> = { ok: false, code: 'forbidden', message: 'This page is no longer authorized: open the address that `offprint serve` printed.' }

/** Media addresses in what an authorized call returns: the names the page may now load. */
const MEDIA_REF = /offprint-media:\/\/m\/([0-9a-f]{64}\.[a-z]{3,4})/g

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let tokenSpent = false
  /** Digests of the session keys handed out; only in memory, so a restart ends them all. */
  const sessions = new Set<string>()
  const released = new Set<string>()
  const rendererDir = opts.rendererDir ?? findRendererDir()
  const streams = new Set<ServerResponse>()
  let port = 0

  const baseHeaders = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  }

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  const authorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer ([\w-]{20,200})$/.exec(req.headers.authorization ?? '')
    return match !== null && sessions.has(digest(match[1]!))
  }

  /** The one-time token, once, for a session key. */
  const exchange = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain; charset=utf-8', { allow: 'POST' })
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send application/json.')
    const body = await readBody(req, 4096)
    let offered: unknown
    try {
      offered = body === null ? null : (JSON.parse(body) as { token?: unknown } | null)?.token
    } catch {
      offered = null
    }
    if (typeof offered !== 'string' || !sameToken(offered, token)) return sendResult(res, 401, UNAUTHORIZED)
    if (tokenSpent) return sendResult(res, 410, { ok: false, code: 'forbidden', message: SPENT_MESSAGE })
    tokenSpent = true
    const key = randomBytes(32).toString('base64url')
    sessions.add(digest(key))
    return sendResult(res, 200, { ok: true, data: { key } })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(baseHeaders)) res.setHeader(k, v)
    // No DNS rebinding: only our own loopback address and port.
    if (!allowedHosts().has((req.headers.host ?? '').toLowerCase())) return send(res, 403, 'Forbidden: unexpected Host header.')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, '').toLowerCase())) {
      return send(res, 403, 'Forbidden: cross-origin request.')
    }
    // Another port of 127.0.0.1 is the same site, and never us.
    const site = req.headers['sec-fetch-site']
    if (site === 'cross-site' || site === 'same-site') return send(res, 403, `Forbidden: ${site} request.`)

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname === '/api/session') return exchange(req, res)

    if (url.pathname.startsWith('/api/')) {
      if (!authorized(req)) return sendResult(res, 401, UNAUTHORIZED)
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
        res.write(': connected\n\n')
        streams.add(res)
        req.on('close', () => streams.delete(res))
        return
      }
      if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain; charset=utf-8', { allow: 'POST' })
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send application/json.')
      const body = await readBody(req, MAX_BODY)
      if (body === null) return sendResult(res, 413, { ok: false, code: 'invalid_input', message: 'The request is too large.' })
      let input: unknown
      try {
        input = (JSON.parse(body) as { input?: unknown } | null)?.input ?? undefined
      } catch {
        return sendResult(res, 400, { ok: false, code: 'invalid_input', message: 'The request is not valid JSON.' })
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length))
      const json = JSON.stringify(await opts.dispatch(channel, input))
      for (const m of json.matchAll(MEDIA_REF)) released.add(m[1]!)
      return send(res, 200, json, 'application/json', { 'cache-control': 'no-store' })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.')

    const offered = url.searchParams.get('token')
    if (offered !== null) {
      if (!sameToken(offered, token)) return send(res, 401, UNAUTHORIZED_PAGE, 'text/html; charset=utf-8', { 'cache-control': 'no-store' })
      if (tokenSpent) return send(res, 410, SPENT_PAGE, 'text/html; charset=utf-8', { 'cache-control': 'no-store' })
      // Unspent: the page below reads it from its own address and exchanges it.
    }
    if (url.pathname.startsWith('/media/')) {
      const name = decodeURIComponent(url.pathname.slice('/media/'.length))
      const file = released.has(name) ? opts.mediaPath(name) : null
      if (!file) return send(res, 404, 'Not found.')
      return sendFile(res, file, 'private, max-age=31536000, immutable')
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
