// Shared by the ingest integration tests: the project's fixtures, local servers that log
// what they were asked, a library in a temporary folder, and a fetcher that can only
// reach 127.0.0.1 (fixture and corpus feeds name other hosts; a test must never go out
// to them).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import { Library } from '../../main/core/library/library'
import { IngestError } from '../../main/core/ingest/errors'
import { createFetcher, type Fetcher, type FetcherOptions } from '../../main/core/ingest/fetcher'
import { parseHTML } from 'linkedom'
import { tempDir } from '../helpers/tmp'

/** A file of tests/fixtures (written for the project), by its path there. */
export const fixturePath = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url))
export const fixtureText = (path: string) => readFileSync(fixturePath(path), 'utf8')

export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A distinct PNG per seed: same signature, different bytes, so a different stored file. */
export function png(seed: string): Buffer {
  return Buffer.concat([PNG_1x1, Buffer.from(seed.padEnd(32, '.'))])
}

export interface LoggedRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
}

export interface TestServer {
  origin: string
  url(path?: string): string
  requests: LoggedRequest[]
  /** Requests whose path starts with `prefix`. */
  hits(prefix: string): LoggedRequest[]
  close(): Promise<void>
}

const servers: TestServer[] = []

export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<TestServer> {
  const requests: LoggedRequest[] = []
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers })
    try {
      handler(req, res)
    } catch (err) {
      res.statusCode = 500
      res.end(String(err))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const handle: TestServer = {
    origin,
    url: (path = '/') => origin + path,
    requests,
    hits: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  servers.push(handle)
  return handle
}

/** A server from a table of path → response; unknown paths are 404. */
export function routes(table: Record<string, string | Buffer | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>, contentType = 'application/rss+xml; charset=utf-8') {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!
    const route = table[path] ?? table[req.url ?? '/']
    if (route === undefined) {
      res.statusCode = 404
      res.end('not here')
    } else if (typeof route === 'function') route(req, res)
    else {
      res.setHeader('content-type', path.endsWith('.html') || path.endsWith('/') ? 'text/html; charset=utf-8' : contentType)
      res.end(route)
    }
  }
}

const fetchers: Fetcher[] = []

/** A real fetcher that refuses every host but 127.0.0.1 without a request. */
export function localFetcher(options: FetcherOptions = {}): Fetcher {
  const inner = createFetcher({ timeoutMs: 5000, ...options })
  fetchers.push(inner)
  return {
    fetch(url, opts) {
      let host = ''
      try {
        host = new URL(url).hostname
      } catch {
        // the inner fetcher words this error
      }
      if (host && host !== '127.0.0.1') return Promise.reject(new IngestError(`Offline in tests: ${url}`, url))
      return inner.fetch(url, opts)
    },
    close: () => inner.close(),
  }
}

/** A fetcher with no network at all. */
export const offlineFetcher: Fetcher = {
  fetch: (url) => Promise.reject(new IngestError(`Offline in tests: ${url}`, url)),
  close: () => {},
}

const libraries: Library[] = []

export async function openLibrary(dataDir = tempDir('offprint-ingest-')): Promise<Library> {
  const lib = await Library.open({ dataDir, sample: false, search: null })
  libraries.push(lib)
  return lib
}

afterEach(async () => {
  await Promise.all(libraries.splice(0).map((l) => l.close().catch(() => {})))
  for (const f of fetchers.splice(0)) f.close()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** Every <img src> of some HTML. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*?\bsrc\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!)
}

/** A small RSS 2.0 document. */
export function rss(title: string, items: { title: string; link?: string; guid?: string; html: string; date?: string }[], link = 'https://example.org/'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(link)}</link><description>test</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}<pubDate>${i.date ?? 'Tue, 05 Apr 2022 10:00:00 GMT'}</pubDate><description>${esc(i.html)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`
}

/** Text long enough to count as an article (and to get a content hash). */
export function paragraph(seed: string, sentences = 6): string {
  return Array.from({ length: sentences }, (_, i) => `Sentence ${i + 1} about ${seed} tells the reader something new about ${seed} and its place in the story.`).join(' ')
}

const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'input', 'button', 'textarea', 'svg', 'math', 'style', 'template', 'noscript'])
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data'])

/**
 * What in some HTML could run, load a document or restyle the reader (a static check,
 * on a real parser's view of it): forbidden elements, event handlers, style and
 * srcdoc attributes, and script or HTML-document addresses.
 */
export function executableConstructs(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`)
  const found: string[] = []
  type El = { localName: string; attributes: ArrayLike<{ name: string; value: string }> }
  for (const el of Array.from(document.body.querySelectorAll('*') as ArrayLike<El>)) {
    const tag = el.localName.toLowerCase()
    if (FORBIDDEN_TAGS.has(tag)) found.push(`<${tag}>`)
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase()
      const value = attr.value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase()
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') found.push(`${tag}[${name}]`)
      if (URL_ATTRS.has(name) && /^(javascript:|vbscript:|livescript:|data:(?!image\/(png|jpe?g|gif|webp|avif);))/.test(value)) found.push(`${tag}[${name}=${value.slice(0, 40)}]`)
    }
  }
  return found
}
