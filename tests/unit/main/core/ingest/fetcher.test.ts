import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { HttpStatusError, createFetcher, type Fetcher } from '../../../../../main/core/ingest/fetcher'
import { closeAll, startServer, startSilentServer } from './servers'

const fetchers: Fetcher[] = []
function fetcher(options: Parameters<typeof createFetcher>[0] = {}): Fetcher {
  const f = createFetcher(options)
  fetchers.push(f)
  return f
}
afterEach(async () => {
  for (const f of fetchers.splice(0)) f.close()
  await closeAll()
})

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError)
    expect((err as Error).message).not.toContain('\n')
    return err as IngestError
  }
  throw new Error('expected the fetch to fail')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('fetcher basics', () => {
  it('returns status, body, headers and content type, sending its user agent and accept', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    const server = await startServer((req, res) => {
      seen = req.headers
      res.setHeader('Content-Type', 'application/rss+xml; charset=windows-1251')
      res.setHeader('ETag', '"v1"')
      res.setHeader('Last-Modified', 'Wed, 13 Mar 2024 10:00:00 GMT')
      res.setHeader('X-Multi', ['a', 'b'])
      res.end('<rss/>')
    })
    const r = await fetcher({ userAgent: 'TestAgent/1' }).fetch(server.url('/feed.xml#frag'), { accept: 'application/rss+xml' })
    expect(r.status).toBe(200)
    expect(r.notModified).toBe(false)
    expect(r.url).toBe(server.url('/feed.xml'))
    expect(Buffer.from(r.bytes).toString()).toBe('<rss/>')
    expect(r.contentType).toBe('application/rss+xml; charset=windows-1251')
    expect(r.etag).toBe('"v1"')
    expect(r.lastModified).toBe('Wed, 13 Mar 2024 10:00:00 GMT')
    expect(r.headers['x-multi']).toBe('a, b')
    expect(r.redirects).toEqual([])
    expect(r.permanentRedirect).toBeNull()
    expect(seen['user-agent']).toBe('TestAgent/1')
    expect(seen.accept).toBe('application/rss+xml')
    expect(seen['accept-encoding']).toBe('gzip, deflate, br')
    expect(seen.referer).toBeUndefined()
    expect(seen['if-none-match']).toBeUndefined()
  })

  it('sends a Referer only when asked', async () => {
    const referers: (string | undefined)[] = []
    const server = await startServer((req, res) => {
      referers.push(req.headers.referer)
      res.end('x')
    })
    const f = fetcher()
    await f.fetch(server.url('/a'))
    await f.fetch(server.url('/b'), { referer: 'https://site.example/article' })
    expect(referers).toEqual([undefined, 'https://site.example/article'])
  })

  it('refuses anything but http and https', async () => {
    const f = fetcher()
    expect((await failure(f.fetch('file:///etc/passwd'))).message).toBe('Only http and https addresses can be fetched, not file: file:///etc/passwd')
    expect((await failure(f.fetch('ftp://files.example/x'))).message).toMatch(/not ftp/)
    expect((await failure(f.fetch('not a url'))).message).toBe('Not a web address: not a url')
  })

  it('reports HTTP errors with their status', async () => {
    const server = await startServer((req, res) => {
      res.statusCode = req.url === '/gone' ? 404 : 503
      res.end('nope')
    })
    const err = await failure(fetcher().fetch(server.url('/gone')))
    expect(err).toBeInstanceOf(HttpStatusError)
    expect((err as HttpStatusError).status).toBe(404)
    expect(err.message).toBe(`HTTP 404 fetching ${server.url('/gone')}`)
    expect(err.source).toBe(server.url('/gone'))
    expect((await failure(fetcher().fetch(server.url('/busy')))).message).toBe(`HTTP 503 fetching ${server.url('/busy')}`)
  })

  it('names the address when nothing listens there', async () => {
    const server = await startServer((_req, res) => res.end())
    const url = server.url('/feed')
    await server.close()
    expect((await failure(fetcher().fetch(url))).message).toBe(`Connection refused by ${new URL(url).host} fetching ${url}`)
  })
})

describe('fetcher redirects', () => {
  it('follows and records a chain, and reports where the address moved for good', async () => {
    const server = await startServer((req, res) => {
      const to: Record<string, [number, string]> = {
        '/old': [301, '/older-moved'],
        '/older-moved': [308, 'http://' + req.headers.host + '/feed'],
        '/temp': [302, '/feed'],
        '/perm-then-temp': [301, '/temp'],
        '/see-other': [303, '/feed'],
      }
      const hop = to[req.url ?? '']
      if (hop) {
        res.writeHead(hop[0], { Location: hop[1] })
        return res.end()
      }
      res.end('final')
    })
    const f = fetcher()
    const moved = await f.fetch(server.url('/old'))
    expect(Buffer.from(moved.bytes).toString()).toBe('final')
    expect(moved.url).toBe(server.url('/feed'))
    expect(moved.redirects).toEqual([
      { from: server.url('/old'), to: server.url('/older-moved'), status: 301 },
      { from: server.url('/older-moved'), to: server.url('/feed'), status: 308 },
    ])
    expect(moved.permanentRedirect).toBe(server.url('/feed'))

    expect((await f.fetch(server.url('/temp'))).permanentRedirect).toBeNull()
    const mixed = await f.fetch(server.url('/perm-then-temp'))
    expect(mixed.url).toBe(server.url('/feed'))
    expect(mixed.permanentRedirect).toBe(server.url('/temp'))
    expect((await f.fetch(server.url('/see-other'))).redirects.map((r) => r.status)).toEqual([303])
  })

  it('gives up after 5 redirects', async () => {
    let hits = 0
    const server = await startServer((req, res) => {
      hits++
      const n = Number(req.url?.slice(1)) || 0
      res.writeHead(302, { Location: `/${n + 1}` })
      res.end()
    })
    expect((await failure(fetcher().fetch(server.url('/0')))).message).toBe(`Too many redirects (more than 5) fetching ${server.url('/0')}`)
    expect(hits).toBe(6)
  })

  it('refuses to be redirected off the web', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(301, { Location: 'file:///etc/passwd' })
      res.end()
    })
    expect((await failure(fetcher().fetch(server.url('/x')))).message).toBe(`Redirected to a file: address from ${server.url('/x')}`)
  })
})

describe('fetcher conditional requests', () => {
  it('sends validators and reports 304 as not modified', async () => {
    const server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Wed, 13 Mar 2024 10:00:00 GMT') {
        res.statusCode = 304
        return res.end()
      }
      res.setHeader('ETag', '"v1"')
      res.setHeader('Last-Modified', 'Wed, 13 Mar 2024 10:00:00 GMT')
      res.end('body')
    })
    const f = fetcher()
    const first = await f.fetch(server.url('/feed'))
    expect(first.notModified).toBe(false)
    const second = await f.fetch(server.url('/feed'), { etag: first.etag, lastModified: first.lastModified })
    expect(second.status).toBe(304)
    expect(second.notModified).toBe(true)
    expect(second.bytes.length).toBe(0)
  })
})

describe('fetcher timeouts', () => {
  it('cuts a server that never answers', async () => {
    const server = await startServer(() => {})
    const started = Date.now()
    const err = await failure(fetcher({ timeoutMs: 300 }).fetch(server.url('/hang')))
    expect(err.message).toBe(`Timed out after 0.3 s fetching ${server.url('/hang')}`)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('cuts a response that trickles forever', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      const timer = setInterval(() => res.write('.'), 20)
      res.on('close', () => clearInterval(timer))
    })
    const err = await failure(fetcher({ timeoutMs: 400 }).fetch(server.url('/drip')))
    expect(err.message).toBe(`Timed out after 0.4 s fetching ${server.url('/drip')}`)
  })

  it('cuts a connection that never completes its handshake', async () => {
    const server = await startSilentServer()
    const started = Date.now()
    const err = await failure(fetcher({ timeoutMs: 10_000, connectTimeoutMs: 300 }).fetch(server.url('/')))
    expect(err.message).toBe(`Timed out after 0.3 s connecting to ${new URL(server.url()).host} for ${server.url('/')}`)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('can be cancelled', async () => {
    const server = await startServer(() => {})
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    expect((await failure(fetcher().fetch(server.url('/slow'), { signal: controller.signal }))).message).toBe(`Cancelled fetching ${server.url('/slow')}`)
  })
})

describe('fetcher size limits', () => {
  const MB = 1024 * 1024

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(3 * MB) })
      res.end(Buffer.alloc(3 * MB))
    })
    expect((await failure(fetcher({ maxBytes: 2 * MB }).fetch(server.url('/big')))).message).toBe(`Response from ${server.url('/big')} exceeds 2 MB`)
  })

  it('cuts an endless body at the limit', async () => {
    let sent = 0
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      const chunk = Buffer.alloc(64 * 1024, 1)
      const pump = () => {
        while (!res.destroyed && sent < 500 * MB && res.write(chunk)) sent += chunk.length
      }
      res.on('drain', pump)
      pump()
    })
    const err = await failure(fetcher({ maxBytes: MB }).fetch(server.url('/endless')))
    expect(err.message).toBe(`Response from ${server.url('/endless')} exceeds 1 MB`)
    expect(sent).toBeLessThan(50 * MB)
  })

  it('applies a tighter limit asked for by one request', async () => {
    const server = await startServer((_req, res) => res.end(Buffer.alloc(5000)))
    const f = fetcher()
    expect((await f.fetch(server.url('/x'))).bytes.length).toBe(5000)
    expect((await failure(f.fetch(server.url('/x'), { maxBytes: 4096 }))).message).toBe(`Response from ${server.url('/x')} exceeds 4 KB`)
  })
})

describe('fetcher decompression', () => {
  const text = 'Offprint '.repeat(5000)
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: gzipSync,
    deflate: deflateSync,
    'deflate (raw)': deflateRawSync,
    br: brotliCompressSync,
  }

  it.each(Object.keys(encoders))('decodes %s', async (name) => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': name.split(' ')[0]! })
      res.end(encoders[name]!(Buffer.from(text)))
    })
    expect(Buffer.from((await fetcher().fetch(server.url('/z'))).bytes).toString()).toBe(text)
  })

  it.each([
    ['gzip', gzipSync],
    ['br', (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })],
  ] as const)('stops a %s bomb at the limit', async (encoding, encode) => {
    const bomb = encode(Buffer.alloc(64 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': String(bomb.length) })
      res.end(bomb)
    })
    const before = process.memoryUsage().rss
    const err = await failure(fetcher({ maxBytes: 2 * 1024 * 1024 }).fetch(server.url('/bomb')))
    expect(err.message).toBe(`Response from ${server.url('/bomb')} exceeds 2 MB`)
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024)
  })

  it('reports a body that does not decode', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' })
      res.end('this is not gzip at all')
    })
    expect((await failure(fetcher().fetch(server.url('/bad')))).message).toBe(`Could not decompress the response from ${server.url('/bad')}`)
  })

  it('reports an encoding it cannot decode', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'zstd' })
      res.end('xx')
    })
    expect((await failure(fetcher().fetch(server.url('/z')))).message).toBe(`Unsupported content encoding "zstd" from ${server.url('/z')}`)
  })
})

describe('fetcher concurrency', () => {
  function tracked(delayMs: number, counter: { now: number; max: number; total: number }) {
    return startServer((_req, res) => {
      counter.now++
      counter.total++
      counter.max = Math.max(counter.max, counter.now)
      setTimeout(() => {
        counter.now--
        res.end('ok')
      }, delayMs)
    })
  }

  it('holds one request at a time per host', async () => {
    const counter = { now: 0, max: 0, total: 0 }
    const server = await tracked(60, counter)
    const f = fetcher({ maxConcurrency: 8 })
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => f.fetch(server.url(`/${i}`))))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(counter.total).toBe(5)
    expect(counter.max).toBe(1)
  })

  it('allows more per host when told to', async () => {
    const counter = { now: 0, max: 0, total: 0 }
    const server = await tracked(100, counter)
    const f = fetcher({ perHost: 3 })
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch(server.url(`/${i}`))))
    expect(counter.max).toBe(3)
  })

  it('bounds requests in flight across hosts', async () => {
    const counter = { now: 0, max: 0, total: 0 }
    const servers = await Promise.all(Array.from({ length: 5 }, () => tracked(80, counter)))
    const f = fetcher({ maxConcurrency: 2 })
    await Promise.all(servers.flatMap((s) => [f.fetch(s.url('/a')), f.fetch(s.url('/b'))]))
    expect(counter.total).toBe(10)
    expect(counter.max).toBe(2)
  })

  it('lets a queued request through once a slow host is done, and keeps other hosts moving', async () => {
    const slow = await startServer((_req, res) => setTimeout(() => res.end('slow'), 300))
    const fast = await startServer((_req, res) => res.end('fast'))
    const f = fetcher({ maxConcurrency: 4 })
    const started = Date.now()
    const slowDone = f.fetch(slow.url('/1'))
    await sleep(20)
    const fastResult = await f.fetch(fast.url('/1'))
    expect(Buffer.from(fastResult.bytes).toString()).toBe('fast')
    expect(Date.now() - started).toBeLessThan(250)
    await slowDone
  })
})
