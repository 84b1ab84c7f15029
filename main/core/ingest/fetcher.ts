// The one way ingestion reaches the network. Every request is bounded: in time (to
// connect and overall), in size (counted after decompression, so a small gzip bomb
// cannot fill memory), and in number (a global bound and one connection per host at a
// time, so a refresh of hundreds of feeds neither floods a site nor the machine).
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import zlib from 'node:zlib'
import { IngestError } from './errors'

export interface FetcherOptions {
  /** Budget for one request, from sending it to the last byte of the body. Default 15 s. */
  timeoutMs?: number
  /** Budget for the TCP (and TLS) connection alone. Default min(10 s, timeoutMs). */
  connectTimeoutMs?: number
  /** Largest body accepted, after decompression. Default 20 MB. */
  maxBytes?: number
  /** Requests in flight at once, all hosts together. Default 6. */
  maxConcurrency?: number
  /** Requests in flight at once to one host (host:port). Default 1. */
  perHost?: number
  userAgent?: string
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number
}

export interface FetchOptions {
  /** Validators from the last fetch: a 304 then comes back as `notModified`. */
  etag?: string
  lastModified?: string
  referer?: string
  accept?: string
  /** A tighter size limit for this request than the fetcher's own. */
  maxBytes?: number
  signal?: AbortSignal
}

export interface Redirect {
  from: string
  to: string
  status: number
}

export interface FetchResult {
  status: number
  notModified: boolean
  /** The final address, after redirects. */
  url: string
  redirects: Redirect[]
  /**
   * Where the requested address has moved for good: the end of the leading run of
   * 301/308 redirects, or null when the first hop was not permanent. A feed's stored
   * address should follow it; a temporary redirect should not change it.
   */
  permanentRedirect: string | null
  /** Response headers, lower-case names, repeated ones joined with ", ". */
  headers: Record<string, string>
  /** The Content-Type header as sent (charset included), or ''. */
  contentType: string
  /** The body, decompressed. Empty for a 304. */
  bytes: Uint8Array
  etag?: string
  lastModified?: string
}

export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>
  /** Closes idle kept-alive connections. Requests in flight finish. */
  close(): void
}

/** An HTTP error status. `status` lets callers react (e.g. retry a 403 with a Referer). */
export class HttpStatusError extends IngestError {
  override name = 'HttpStatusError'

  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} fetching ${url}`, url)
  }
}

const DEFAULT_USER_AGENT = 'Offprint/0.1 (offline news reader)'
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const PERMANENT = new Set([301, 308])

export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024)
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
  const kb = n / 1024
  if (kb >= 1) return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`
  return `${n} bytes`
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`
}

// --- a small scheduler: global bound plus a per-host bound -----------------------------

interface Waiter {
  host: string
  start: () => void
}

class Slots {
  private active = 0
  private readonly perHostActive = new Map<string, number>()
  private readonly waiting: Waiter[] = []

  constructor(
    private readonly max: number,
    private readonly perHost: number,
  ) {}

  /** Resolves with a release function once a slot for `host` is free. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        host,
        start: () => {
          signal?.removeEventListener('abort', onAbort)
          let released = false
          resolve(() => {
            if (released) return
            released = true
            this.active--
            const n = (this.perHostActive.get(host) ?? 1) - 1
            if (n > 0) this.perHostActive.set(host, n)
            else this.perHostActive.delete(host)
            this.pump()
          })
        },
      }
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter)
        if (at >= 0) this.waiting.splice(at, 1)
        reject(signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
      this.pump()
    })
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.active < this.max; ) {
      const waiter = this.waiting[i]!
      const hostActive = this.perHostActive.get(waiter.host) ?? 0
      if (hostActive >= this.perHost) {
        i++
        continue
      }
      this.waiting.splice(i, 1)
      this.active++
      this.perHostActive.set(waiter.host, hostActive + 1)
      waiter.start()
    }
  }
}

// --- decompression -------------------------------------------------------------------

/** "deflate" is zlib-wrapped by the standard and raw from some servers: look, then inflate. */
class InflateEither extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.inner) {
      const wrapped = chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0
      const inner = wrapped ? zlib.createInflate() : zlib.createInflateRaw()
      inner.on('data', (data: Buffer) => this.push(data))
      inner.on('error', (err) => this.destroy(err))
      this.inner = inner
    }
    this.inner.write(chunk, () => done())
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done()
    this.inner.once('end', () => done())
    this.inner.end()
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy()
    done(err)
  }
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip()
    case 'deflate':
      return new InflateEither()
    case 'br':
      return zlib.createBrotliDecompress()
    default:
      return null
  }
}

// --- one request -----------------------------------------------------------------------

interface Hop {
  status: number
  headers: Record<string, string>
  bytes: Uint8Array
}

interface HopLimits {
  timeoutMs: number
  connectTimeoutMs: number
  maxBytes: number
}

function flattenHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function describeNetworkError(err: NodeJS.ErrnoException, url: string, host: string): IngestError {
  const code = err.code ?? ''
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new IngestError(`Could not find host ${host} fetching ${url}`, url, { cause: err })
  if (code === 'ECONNREFUSED') return new IngestError(`Connection refused by ${host} fetching ${url}`, url, { cause: err })
  if (code === 'ECONNRESET' || err.message === 'aborted') return new IngestError(`Connection reset by ${host} fetching ${url}`, url, { cause: err })
  if (code.startsWith('HPE_')) return new IngestError(`Malformed HTTP response from ${host} fetching ${url}`, url, { cause: err })
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/i.test(code)) return new IngestError(`TLS error (${code}) fetching ${url}`, url, { cause: err })
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ERROR_'))
    return new IngestError(`Could not decompress the response from ${url}`, url, { cause: err })
  return new IngestError(`${code || err.message} fetching ${url}`, url, { cause: err })
}

/** A kept-alive socket the server had closed while it sat idle: safe to retry once. */
class StaleSocket extends IngestError {
  constructor(url: string) {
    super(`Connection reset fetching ${url}`, url)
  }
}

function requestOnce(
  url: URL,
  headers: Record<string, string>,
  limits: HopLimits,
  agents: { http: http.Agent; https: https.Agent },
  signal: AbortSignal | undefined,
  redirecting: (status: number) => boolean,
): Promise<Hop> {
  const href = url.href
  const client = url.protocol === 'https:' ? https : http
  const agent = url.protocol === 'https:' ? agents.https : agents.http

  return new Promise((resolve, reject) => {
    let failure: Error | null = null
    let settled = false
    let response: IncomingMessage | null = null
    let body: Readable | null = null
    let connectTimer: NodeJS.Timeout | undefined

    const finish = (err: Error | null, hop?: Hop): void => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      clearTimeout(connectTimer)
      signal?.removeEventListener('abort', onAbort)
      if (err) {
        request.destroy()
        response?.destroy()
        body?.destroy()
        reject(err)
      } else resolve(hop!)
    }
    // The first reason wins: a timeout surfaces as "timed out", not as the reset it causes.
    const fail = (err: Error): void => {
      failure ??= err
      finish(failure)
    }
    const onAbort = (): void => fail(new IngestError(`Cancelled fetching ${href}`, href))

    const request = client.request(url, { method: 'GET', headers, agent })
    const deadline = setTimeout(() => fail(new IngestError(`Timed out after ${formatSeconds(limits.timeoutMs)} fetching ${href}`, href)), limits.timeoutMs)
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })

    request.on('socket', (socket: Socket) => {
      if (!socket.connecting) return // a kept-alive socket, already connected
      connectTimer = setTimeout(
        () => fail(new IngestError(`Timed out after ${formatSeconds(limits.connectTimeoutMs)} connecting to ${url.host} for ${href}`, href)),
        limits.connectTimeoutMs,
      )
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer))
    })
    request.on('error', (err: NodeJS.ErrnoException) => {
      if (!response && request.reusedSocket && err.code === 'ECONNRESET') return fail(new StaleSocket(href))
      fail(failure ?? describeNetworkError(err, href, url.host))
    })

    request.on('response', (res) => {
      response = res
      clearTimeout(connectTimer)
      const status = res.statusCode ?? 0
      const responseHeaders = flattenHeaders(res.headers)
      if (redirecting(status) || status === 304 || status < 200 || status >= 300) {
        // Only the status and headers matter; dropping the connection is cheaper than
        // reading a body nobody wants.
        res.destroy()
        return finish(null, { status, headers: responseHeaders, bytes: new Uint8Array(0) })
      }

      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > limits.maxBytes)
        return fail(new IngestError(`Response from ${href} exceeds ${formatBytes(limits.maxBytes)}`, href))

      const encodings = (res.headers['content-encoding'] ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter((e) => e && e !== 'identity')
        .reverse()
      const decoders: Transform[] = []
      for (const encoding of encodings) {
        const decoder = decoderFor(encoding)
        if (!decoder) return fail(new IngestError(`Unsupported content encoding "${encoding}" from ${href}`, href))
        decoders.push(decoder)
      }
      body = decoders.length
        ? (pipeline([res, ...decoders], () => {}) as unknown as Readable)
        : res

      const chunks: Buffer[] = []
      let size = 0
      void (async () => {
        try {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            size += chunk.length
            if (size > limits.maxBytes) throw new IngestError(`Response from ${href} exceeds ${formatBytes(limits.maxBytes)}`, href)
            chunks.push(chunk)
          }
          if (!res.complete) throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
          finish(null, { status, headers: responseHeaders, bytes: new Uint8Array(Buffer.concat(chunks, size)) })
        } catch (err) {
          fail(failure ?? (err instanceof IngestError ? err : describeNetworkError(err as NodeJS.ErrnoException, href, url.host)))
        }
      })()
    })

    request.end()
  })
}

// --- the fetcher ---------------------------------------------------------------------------

function parseWebUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new IngestError(`Not a web address: ${raw}`, raw)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new IngestError(`Only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}: ${raw}`, raw)
  url.hash = ''
  return url
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const timeoutMs = options.timeoutMs ?? 15_000
  const connectTimeoutMs = options.connectTimeoutMs ?? Math.min(10_000, timeoutMs)
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024
  const perHost = Math.max(1, options.perHost ?? 1)
  const maxRedirects = options.maxRedirects ?? 5
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT
  const slots = new Slots(Math.max(1, options.maxConcurrency ?? 6), perHost)
  // Kept-alive sockets are unref'd by Node when idle, so they never hold the process open.
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: perHost, maxFreeSockets: perHost }),
    https: new https.Agent({ keepAlive: true, maxSockets: perHost, maxFreeSockets: perHost }),
  }

  async function fetchOnce(url: URL, headers: Record<string, string>, limits: HopLimits, signal?: AbortSignal, redirecting = (s: number) => REDIRECTS.has(s)) {
    let release: () => void
    try {
      release = await slots.acquire(url.host, signal)
    } catch {
      throw new IngestError(`Cancelled fetching ${url.href}`, url.href)
    }
    try {
      try {
        return await requestOnce(url, headers, limits, agents, signal, redirecting)
      } catch (err) {
        // A kept-alive socket the server closed while idle fails on first use: that one
        // retry is what browsers do too.
        if (err instanceof StaleSocket && !signal?.aborted)
          return await requestOnce(url, headers, limits, agents, signal, redirecting)
        throw err
      }
    } finally {
      release()
    }
  }

  return {
    async fetch(rawUrl: string, opts: FetchOptions = {}): Promise<FetchResult> {
      let url = parseWebUrl(rawUrl)
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: opts.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
      }
      if (opts.referer) headers.referer = opts.referer
      if (opts.etag) headers['if-none-match'] = opts.etag
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified
      const limits: HopLimits = { timeoutMs, connectTimeoutMs, maxBytes: Math.min(maxBytes, opts.maxBytes ?? maxBytes) }

      const redirects: Redirect[] = []
      for (;;) {
        const hop = await fetchOnce(url, headers, limits, opts.signal)
        if (REDIRECTS.has(hop.status)) {
          const location = hop.headers.location
          if (!location) throw new IngestError(`HTTP ${hop.status} without a Location fetching ${url.href}`, url.href)
          if (redirects.length >= maxRedirects)
            throw new IngestError(`Too many redirects (more than ${maxRedirects}) fetching ${rawUrl}`, rawUrl)
          let next: URL
          try {
            next = new URL(location, url)
          } catch {
            throw new IngestError(`Redirected to an invalid address from ${url.href}`, url.href)
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:')
            throw new IngestError(`Redirected to a ${next.protocol.replace(/:$/, '')}: address from ${url.href}`, url.href)
          next.hash = ''
          redirects.push({ from: url.href, to: next.href, status: hop.status })
          url = next
          continue
        }
        if (hop.status === 304) return result(url, redirects, hop, true)
        if (hop.status < 200 || hop.status >= 300) throw new HttpStatusError(hop.status, url.href)
        return result(url, redirects, hop, false)
      }
    },

    close(): void {
      agents.http.destroy()
      agents.https.destroy()
    },
  }
}

function result(url: URL, redirects: Redirect[], hop: Hop, notModified: boolean): FetchResult {
  let permanentRedirect: string | null = null
  for (const r of redirects) {
    if (!PERMANENT.has(r.status)) break
    permanentRedirect = r.to
  }
  const out: FetchResult = {
    status: hop.status,
    notModified,
    url: url.href,
    redirects,
    permanentRedirect,
    headers: hop.headers,
    contentType: hop.headers['content-type'] ?? '',
    bytes: hop.bytes,
  }
  if (hop.headers.etag) out.etag = hop.headers.etag
  if (hop.headers['last-modified']) out.lastModified = hop.headers['last-modified']
  return out
}
