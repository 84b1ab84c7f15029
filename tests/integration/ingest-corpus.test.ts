// Every file of the shared feed corpus goes through importFile into one library: each
// either brings its articles or fails with a one-line IngestError naming the file, and
// nothing that is stored can run (feedparser's sanitize cases included).
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, it } from 'vitest'
import { createIngestService, type ImportResult } from '../../main/core/ingest/service'
import { IngestError } from '../../main/core/ingest/errors'
import { corpusPath, describeCorpus } from '../helpers/corpus'
import { executableConstructs, offlineFetcher, openLibrary } from './ingest-helpers'

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort()
}

describeCorpus('the feed corpus through importFile', () => {
  const FEEDS = corpusPath('feeds')

  it('imports every file or names it in a one-line error', { timeout: 120_000 }, async () => {
    const files = walk(FEEDS).filter((f) => !f.endsWith('.expected.json'))
    expect(files.length).toBeGreaterThan(500)
    const lib = await openLibrary()
    const ingest = createIngestService(lib, { fetcher: offlineFetcher })
    const failures: string[] = []
    const kinds = { feed: 0, page: 0, opml: 0 }
    const articleIds: string[] = []

    for (const file of files) {
      const outcome: ImportResult | Error = await ingest.importFile(file).catch((e: Error) => e)
      if (outcome instanceof Error) {
        expect(outcome, relative(FEEDS, file)).toBeInstanceOf(IngestError)
        expect(outcome.message).toContain(file)
        expect(outcome.message).not.toMatch(/[\r\n]/)
        failures.push(`${relative(FEEDS, file)}: ${outcome.message.slice(file.length + 2)}`)
        continue
      }
      kinds[outcome.kind]++
      const ids = outcome.articles.map((a) => a.id)
      articleIds.push(...ids)
    }

    // Known failures: an empty document, broken JSON, and home pages with no article in them.
    expect(failures.length, failures.join('\n')).toBeLessThanOrEqual(8)
    expect(kinds.feed).toBeGreaterThan(480)
    expect(articleIds.length).toBeGreaterThan(2000)
    // Offline here, so every image was dropped rather than left pointing at the network.
    for (const id of articleIds.filter((_, i) => i % 7 === 0)) {
      const { html } = await lib.get(id)
      expect(html).not.toMatch(/<img\b[^>]*\ssrc="(?!offprint-media:)/i)
      expect(executableConstructs(html)).toEqual([])
    }
  })

  it("stores nothing that can run from feedparser's sanitize cases", { timeout: 60_000 }, async () => {
    // Each into a library of its own: the cases share their text, so one library would
    // keep the first and call the rest duplicates.
    const files = walk(join(FEEDS, 'feedparser')).filter((f) => f.includes('/sanitize/'))
    expect(files.length).toBeGreaterThan(70)
    let checked = 0
    for (const file of files) {
      const lib = await openLibrary()
      const outcome = await createIngestService(lib, { fetcher: offlineFetcher }).importFile(file)
      for (const { id } of outcome.articles) {
        const { html } = await lib.get(id)
        expect(executableConstructs(html), `${relative(FEEDS, file)}: ${html}`).toEqual([])
        checked++
      }
      await lib.close()
    }
    // Some cases hold nothing but the payload: sanitized, they leave no article at all.
    expect(checked).toBeGreaterThan(55)
  })
})
