// XML entity attacks through the real ingest path (a feed subscribed from a local
// server, an OPML or page file imported): billion laughs, quadratic blowup, external
// entities naming a local file or a local server, parameter entities, XInclude. None
// may expand, read a file or make a request; each ends in bounded time and memory with
// either a stored feed showing the entity literally or a one-line error.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { routes, startServer } from './ingest-helpers'
import { tempDir } from '../helpers/tmp'
import { measure, note, record } from '../security/figures'
import { expectCleanError, filesContaining, hostileSession, storedArticles } from '../security/hostile-session'

const tally = { tried: 0, blocked: 0 }
afterAll(() => {
  record('xml-bombs.payloads-tried', tally.tried, 'payloads')
  record('xml-bombs.payloads-blocked', tally.blocked, 'payloads')
})

const CANARY = `offprint-canary-${process.pid}-not-to-be-read`

function canaryFile(): string {
  const file = join(tempDir('offprint-canary-'), 'secret.txt')
  writeFileSync(file, `${CANARY}\nroot:x:0:0:root:/root:/bin/bash\n`)
  return pathToFileURL(file).href
}

const laughs = (root: string) =>
  `<!DOCTYPE ${root} [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`

const rss = (doctype: string, entity: string) =>
  `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>Bomb ${entity}</title><link>https://bomb.example/</link><description>x</description>
<item><title>Item ${entity}</title><link>https://bomb.example/1</link><guid>b1</guid><description>Text of the item, ${entity}, and more words to make it an article.</description></item></channel></rss>`

const atom = (doctype: string, entity: string, extra = '') =>
  `<?xml version="1.0"?>${doctype}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:xi="http://www.w3.org/2001/XInclude"><title>Atom ${entity}</title><id>urn:bomb</id>
<entry><id>urn:bomb:1</id><title>Entry ${entity}</title><link href="https://bomb.example/a1"/><content type="html">Entry text ${entity} ${extra}</content></entry></feed>`

const rdf = (doctype: string, entity: string) =>
  `<?xml version="1.0"?>${doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://bomb.example/"><title>RDF ${entity}</title><link>https://bomb.example/</link></channel>
<item rdf:about="https://bomb.example/r1"><title>R ${entity}</title><link>https://bomb.example/r1</link><description>RDF text ${entity}</description></item></rdf:RDF>`

const opml = (doctype: string, entity: string) =>
  `<?xml version="1.0"?>${doctype}<opml version="2.0"><head><title>${entity}</title></head><body><outline text="Feed ${entity}" xmlUrl="https://bomb.example/feed?${entity}"/></body></opml>`

/** What an expansion would leave behind in stored text. */
const EXPANDED = /(lol){20}|a{5000}|root:x:0:0/

describe('XML entity attacks', () => {
  it('feeds from a server: no expansion, no file read, no request, bounded time and memory', async () => {
    const fileUrl = canaryFile()
    let canaryRequests = 0
    const quadratic = `<!DOCTYPE rss [<!ENTITY a "${'a'.repeat(50_000)}">]>`
    const payloads: Record<string, string> = {
      '/laughs.rss': rss(laughs('rss'), '&lol9;'),
      '/laughs.atom': atom(laughs('feed'), '&lol9;'),
      '/laughs.rdf': rdf(laughs('rdf:RDF'), '&lol9;'),
      '/quadratic.rss': rss(quadratic, '&a;'.repeat(50_000)),
      '/xxe-file.rss': rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${fileUrl}">]>`, '&xxe;'),
      '/xxe-file.atom': atom(`<!DOCTYPE feed [<!ENTITY xxe SYSTEM "${fileUrl}">]>`, '&xxe;'),
      '/xxe-http.rss': rss('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "ORIGIN/canary">]>', '&xxe;'),
      '/xxe-param.rss': rss('<!DOCTYPE rss [<!ENTITY % remote SYSTEM "ORIGIN/canary.dtd"> %remote; %payload;]>', '&exfil;'),
      '/xxe-public.rdf': rdf(`<!DOCTYPE rdf:RDF PUBLIC "-//X//Y" "ORIGIN/canary.dtd">`, 'x'),
      '/xinclude.atom': atom('', '', `<xi:include href="${fileUrl}" parse="text"/><xi:include href="ORIGIN/canary" parse="text"/>`),
      '/laughs-utf16.rss': '',
    }
    const server = await startServer((req, res) => {
      if (req.url?.startsWith('/canary')) {
        canaryRequests++
        res.end(`<!ENTITY % payload "<!ENTITY exfil '${CANARY}'>">`)
        return
      }
      routes(table)(req, res)
    })
    const table: Record<string, string | Buffer> = {}
    for (const [path, body] of Object.entries(payloads)) table[path] = body.replaceAll('ORIGIN', server.origin)
    // The same bomb in UTF-16, where a byte-level filter would miss it.
    table['/laughs-utf16.rss'] = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss(laughs('rss'), '&lol9;').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'), 'utf16le')])

    const { lib, dispatch, untyped } = await hostileSession()
    for (const path of Object.keys(payloads)) {
      tally.tried++
      const { result, ms, heapMB } = await measure(() => dispatch('feeds:subscribe', { url: server.url(path) }))
      record(`xml-bombs.${path.slice(1)}.ms`, ms, 'ms')
      record(`xml-bombs.${path.slice(1)}.heap-growth`, heapMB, 'MB')
      expect(ms, path).toBeLessThan(5000)
      expect(heapMB, path).toBeLessThan(150)
      if (!result.ok) note(`xml-bombs.${path.slice(1)}`, `refused: ${expectCleanError(result)}`)
      else note(`xml-bombs.${path.slice(1)}`, `stored, entity left unexpanded: "${lib.feeds().at(-1)?.title.slice(0, 60)}"`)
      const stored = await storedArticles(lib)
      for (const a of stored) {
        expect(a.text, `${path}: stored text`).not.toMatch(EXPANDED)
        expect(a.title.length).toBeLessThan(200_000)
      }
      for (const f of lib.feeds()) expect(f.title, path).not.toMatch(EXPANDED)
      expect(filesContaining(lib.dataDir, CANARY), path).toEqual([])
      expect(canaryRequests, `${path}: external entity fetched`).toBe(0)
      tally.blocked++
    }
    expect(untyped).toEqual([])
  }, 60_000)

  it('imported files (OPML, feed, XHTML page): the same', async () => {
    const fileUrl = canaryFile()
    const files: Record<string, string> = {
      'laughs.opml': opml(laughs('opml'), '&lol9;'),
      'xxe.opml': opml(`<!DOCTYPE opml [<!ENTITY xxe SYSTEM "${fileUrl}">]>`, '&xxe;'),
      'quadratic.opml': opml(`<!DOCTYPE opml [<!ENTITY a "${'a'.repeat(50_000)}">]>`, '&a;'.repeat(20_000)),
      'laughs.xml': rss(laughs('rss'), '&lol9;'),
      'xxe.atom': atom(`<!DOCTYPE feed [<!ENTITY xxe SYSTEM "${fileUrl}">]>`, '&xxe;'),
      'laughs.html': `${laughs('html')}<html><head><title>Page &lol9;</title></head><body><article><h1>Headline &lol9;</h1><p>${'A sentence of the saved page. '.repeat(20)} &lol9;</p></article></body></html>`,
      'xxe.xhtml': `<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "${fileUrl}">]><html xmlns="http://www.w3.org/1999/xhtml"><head><title>X &xxe;</title></head><body><article><p>${'Words of the page body. '.repeat(20)} &xxe;</p></article></body></html>`,
    }
    const { lib, dispatch, untyped } = await hostileSession()
    for (const [name, content] of Object.entries(files)) {
      tally.tried++
      const { result, ms, heapMB } = await measure(() => dispatch('library:import', { name, content }))
      record(`xml-bombs.import-${name}.ms`, ms, 'ms')
      expect(ms, name).toBeLessThan(5000)
      expect(heapMB, name).toBeLessThan(150)
      if (!result.ok) note(`xml-bombs.import-${name}`, `refused: ${expectCleanError(result)}`)
      else note(`xml-bombs.import-${name}`, `imported (${result.data && (result.data as { kind: string }).kind}), entity left unexpanded`)
      for (const a of await storedArticles(lib)) expect(a.text, name).not.toMatch(EXPANDED)
      for (const f of lib.feeds()) {
        expect(f.title, name).not.toMatch(EXPANDED)
        expect(f.url.length, name).toBeLessThan(300_000)
      }
      expect(filesContaining(lib.dataDir, CANARY), name).toEqual([])
      tally.blocked++
    }
    expect(untyped).toEqual([])
  }, 60_000)
})
