// The "Done when" of ingestion: every feed in the shared corpus either parses or is
// refused with an IngestError whose message is one line — never another exception.
// Where the source repository kept its own expected parse (.expected.json), item
// count, titles and links are compared; feedparser's in-file Expect: lines are checked
// for titles, links and ids. Figures are printed at the end of the run.
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../../main/core/ingest/errors'
import { htmlToOneLine as htmlToText, parseFeed, type ParsedFeed } from '../../../../../../main/core/ingest/parser'
import { sanitizeHtml } from '../../../../../../main/core/ingest/sanitize'
import { corpusPath, describeCorpus } from '../../../../../helpers/corpus'
import { feedFiles, readBytes, readFeedparserCase, rel, walk } from './corpus-helpers'

describeCorpus('the feed corpus', () => {
  type Outcome = { feed: ParsedFeed } | { error: unknown }
  const outcomes = new Map<string, Outcome>()

  /** Parses a corpus file once, the way a refresh would (bytes, headers, address). */
  function outcome(path: string): Outcome {
    const cached = outcomes.get(path)
    if (cached) return cached
    const bytes = readBytes(path)
    const name = rel(path)
    const fp = name.startsWith('feedparser/') ? readFeedparserCase(bytes) : undefined
    // feedparser's suite serves its files from this address; its expectations rely on it.
    const url = name.startsWith('feedparser/') ? `http://127.0.0.1:8097/tests/${name.slice('feedparser/'.length)}` : undefined
    let result: Outcome
    try {
      result = { feed: parseFeed(bytes, { url, contentType: fp?.contentType, sanitize: sanitizeHtml }) }
    } catch (error) {
      result = { error }
    }
    outcomes.set(path, result)
    return result
  }

  const files = feedFiles()

  it('finds the shared corpus beside the repository', () => {
    expect(existsSync(corpusPath('feeds'))).toBe(true)
    expect(files.length).toBeGreaterThan(400)
  })

  describe('every corpus feed parses or fails with a one-line IngestError', () => {
    it.each(files.map((f) => [rel(f), f]))('%s', (_, path) => {
      const result = outcome(path)
      if ('feed' in result) {
        expect(['rss', 'atom', 'rdf', 'json']).toContain(result.feed.format)
        for (const item of result.feed.items) {
          expect(typeof item.title).toBe('string')
          expect(item.title.trim()).toBe(item.title)
          expect(item.title).not.toBe('')
          if (item.url) expect(item.url).toMatch(/^https?:\/\//)
          if (item.published) expect(new Date(item.published).toISOString()).toBe(item.published)
        }
      } else {
        expect(result.error).toBeInstanceOf(IngestError)
        const message = (result.error as IngestError).message
        expect(message).toMatch(/\S/)
        expect(message).not.toMatch(/[\r\n]/)
      }
    })
  })

  describe('damaged corpus feeds', () => {
    it('a truncated download keeps the items that arrived whole', () => {
      const realWorld = files.filter((f) => rel(f).startsWith('sample-feeds/real-world/'))
      expect(realWorld.length).toBeGreaterThan(10)
      for (const path of realWorld) {
        const full = outcome(path) as { feed: ParsedFeed }
        const bytes = readBytes(path)
        const cut = parseFeed(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { sanitize: sanitizeHtml })
        expect(cut.items.length, rel(path)).toBeGreaterThan(0)
        expect(cut.items.length, rel(path)).toBeLessThan(full.feed.items.length)
        // The kept items are the feed's first ones, whole (the cut one is left out).
        cut.items.forEach((item, k) => expect(item, rel(path)).toEqual(full.feed.items[k]))
      }
    })

    it('random damage never crashes the parser: a feed or a one-line IngestError', () => {
      let seed = 20240601
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
        return seed / 0x7fffffff
      }
      const snippets = ['<', '&', '</item>', '<item>', ']]>', '<![CDATA[', '"', '<!--', '</entry>', '{', '\u0000']
      for (let k = 0; k < 400; k++) {
        let bytes = readBytes(files[Math.floor(random() * files.length)]!)
        const at = Math.floor(random() * bytes.length)
        const op = k % 4
        if (op === 0) bytes = bytes.subarray(0, at)
        else if (op === 1) for (let i = 0; i < 5; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
        else if (op === 2) bytes = new Uint8Array([...bytes.subarray(0, at), ...Buffer.from(snippets[k % snippets.length]!), ...bytes.subarray(at)])
        else bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(Math.min(bytes.length, at + Math.floor(random() * 400)))])
        try {
          parseFeed(bytes, { url: 'https://damaged.example/feed', sanitize: sanitizeHtml })
        } catch (error) {
          expect(error).toBeInstanceOf(IngestError)
          expect((error as Error).message).not.toMatch(/[\r\n]/)
        }
      }
    })
  })

  // ---------------------------------------------------------------------------------
  // .expected.json: each in its own library's shape

  interface Expected {
    title?: string | null
    link?: string | null
  }

  const text = (v: unknown): string | undefined =>
    v == null ? undefined : typeof v === 'string' ? v : typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : String(v)

  /** One adapter per source library (corpus/README.md). */
  function expectedItems(name: string, json: any): Expected[] {
    const source = name.split('/')[0]
    switch (source) {
      case 'rss-parser': // rbren/rss-parser: { feed: { items: [{ title, link }] } }
        return (json.feed.items ?? []).map((i: any) => ({ title: i.title, link: i.link }))
      case 'sample-feeds': // rowanmanning/feed-parser snapshot: { feed: { items: [{ title, url }] } }
        return (json.feed.items ?? []).map((i: any) => ({ title: i.title, link: i.url }))
      case 'feedsmith': {
        // feedsmith's own output: RSS/RDF items with link, Atom entries with links[]
        const list = json.items ?? json.entries ?? []
        return list.map((i: any) => ({
          title: text(i.title),
          link: i.link ?? i.links?.find((l: any) => !l.rel || l.rel === 'alternate')?.href,
        }))
      }
      case 'gofeed': // gofeed's JSON Feed output mirrors the input
        return (json.items ?? []).map((i: any) => ({ title: i.title, link: i.url }))
      default:
        throw new Error(`no adapter for ${name}`)
    }
  }

  // Where another library's answer differs from ours by design. Prefer fixing to adding here.
  const EXPECTED_EXCEPTIONS: Record<string, string> = {
    // rss-parser returns an item for an <entry> holding only an empty <author>. We drop
    // items with no title, link, id or content: there is nothing to show or to dedupe on.
    'rss-parser/incomplete-fields.atom': 'empty entry dropped',
  }

  const sameLink = (ours: string | undefined, theirs: string, base: string | undefined) => {
    if (!ours) return false
    try {
      // Libraries that do not resolve relative links (feedsmith), untrimmed values
      // (rss-parser) and "https://host" vs "https://host/" name the same address.
      return new URL(theirs.trim(), base ?? ours).href === new URL(ours).href
    } catch {
      return false
    }
  }

  const sameTitle = (ours: string, theirs: string) => {
    const plain = theirs.replace(/\s+/g, ' ').trim()
    return ours === plain || ours === htmlToText(theirs)
  }

  const expectedFiles = walk(corpusPath('feeds')).filter((f) => f.endsWith('.expected.json'))
  const expectedMatched: string[] = []
  const expectedMismatched: { name: string; why: string }[] = []

  describe('items match the source libraries’ expected output', () => {
    it.each(expectedFiles.map((f) => [rel(f.replace(/\.expected\.json$/, '')), f]))('%s', (name, expectedPath) => {
      const result = outcome(expectedPath.replace(/\.expected\.json$/, ''))
      expect(result).toHaveProperty('feed')
      const feed = (result as { feed: ParsedFeed }).feed
      const expected = expectedItems(name, JSON.parse(readFileSync(expectedPath, 'utf8')))
      const problems: string[] = []
      if (feed.items.length !== expected.length) problems.push(`${feed.items.length} items, expected ${expected.length}`)
      expected.forEach((want, k) => {
        const got = feed.items[k]
        if (!got) return
        // An item the other library leaves untitled gets a title from its text here.
        if (want.title && !sameTitle(got.title, want.title)) problems.push(`title ${k}: ${JSON.stringify(got.title)} ≠ ${JSON.stringify(want.title)}`)
        if (want.link && !sameLink(got.url, want.link, feed.siteUrl || undefined)) problems.push(`link ${k}: ${got.url} ≠ ${want.link}`)
      })
      const exception = EXPECTED_EXCEPTIONS[name]
      if (problems.length === 0) expectedMatched.push(name)
      else expectedMismatched.push({ name, why: exception ? `${exception} (${problems[0]})` : problems.join('; ') })
      if (exception) expect(problems.length, `${name} was a named exception and now matches: remove it`).toBeGreaterThan(0)
      else expect(problems).toEqual([])
    })

    it('feedparser/json/example.json: title and two entries (its __TEST__ line)', () => {
      const result = outcome(corpusPath('feeds', 'feedparser/json/example.json')) as { feed: ParsedFeed }
      expect(result.feed.title).toBe('My Example Feed')
      expect(result.feed.items).toHaveLength(2)
    })
  })

  // ---------------------------------------------------------------------------------
  // feedparser's Expect: lines about titles, links and ids

  // Expectations we do not meet, on purpose.
  const FEEDPARSER_EXCEPTIONS: Record<string, string> = {
    // The title is HTML "sa<!-- -- nonwhitespace >fe<script>…": an HTML5 parser (and a
    // browser) reads an unclosed comment to the end, leaving "sa"; feedparser's SGML
    // parser ends the comment at ">" and keeps "safe".
    'feedparser/wellformed/sanitize/xml_malicious_comment.xml': 'HTML5 comment rules',
  }

  interface FieldCheck {
    name: string
    path: string
    scope: 'feed' | 'entry'
    index: number
    key: 'title' | 'link' | 'id'
    value: string
  }

  const fieldChecks: FieldCheck[] = files
    .filter((f) => rel(f).startsWith('feedparser/'))
    .flatMap((path) => {
      const c = readFeedparserCase(readBytes(path))
      return (c?.clauses ?? []).flatMap((clause) =>
        clause.kind === 'field' && (clause.key === 'title' || clause.key === 'link' || clause.key === 'id')
          ? [{ name: rel(path), path, scope: clause.scope, index: clause.index, key: clause.key, value: clause.value } as FieldCheck]
          : [],
      )
    })
  let fieldsMatched = 0

  describe('feedparser expectations on titles, links and ids', () => {
    it('finds them', () => {
      expect(fieldChecks.length).toBeGreaterThan(40)
    })

    it.each(fieldChecks.map((c) => [`${c.name} ${c.scope}${c.scope === 'entry' ? `[${c.index}]` : ''}.${c.key}`, c]))('%s', (_, check) => {
      const result = outcome(check.path)
      expect(result).toHaveProperty('feed')
      const feed = (result as { feed: ParsedFeed }).feed
      const item = feed.items[check.index]
      const actual =
        check.scope === 'feed'
          ? check.key === 'title'
            ? feed.title
            : check.key === 'link'
              ? feed.siteUrl
              : undefined
          : check.key === 'title'
            ? item?.title
            : check.key === 'link'
              ? item?.url
              : item?.guid
      // feedparser keeps markup in HTML titles; ours are plain text of the same thing.
      const matches = actual === check.value || (check.key === 'title' && actual === htmlToText(check.value))
      if (FEEDPARSER_EXCEPTIONS[check.name]) {
        expect(matches, `${check.name} was a named exception and now matches: remove it`).toBe(false)
        return
      }
      expect(actual).toBe(check.key === 'title' && actual !== check.value ? htmlToText(check.value) : check.value)
      fieldsMatched++
    })
  })

  afterAll(() => {
    const parsed = [...outcomes.values()].filter((o) => 'feed' in o).length
    const failed = [...outcomes.entries()].filter(([, o]) => 'error' in o)
    const lines = [
      `corpus feeds: ${files.length} files, ${parsed} parsed, ${failed.length} failed cleanly with IngestError`,
      ...failed.map(([path, o]) => `  refused ${rel(path)}: ${(o as { error: Error }).error.message}`),
      `expected.json: ${expectedMatched.length}/${expectedFiles.length} matched fully (count, titles, links)`,
      ...expectedMismatched.map((m) => `  mismatch ${m.name}: ${m.why}`),
      `feedparser Expect (titles/links/ids): ${fieldsMatched}/${fieldChecks.length} met, ${Object.keys(FEEDPARSER_EXCEPTIONS).length} named exception(s)`,
    ]
    console.log(lines.join('\n'))
  })
})
