import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeFeedBytes, detectFeedEncoding, gunzipIfNeeded, MAX_FEED_BYTES, parseContentType } from '../../../../../main/core/ingest/decode'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { parseFeed } from '../../../../../main/core/ingest/parser'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'
import { readBytes, readFeedparserCase, walk } from './parser/corpus-helpers'

const identity = (html: string) => html
const GZIPPED_FEED = fileURLToPath(new URL('../../../../fixtures/feeds/gzipped-feed.xml', import.meta.url))
const bytes = (s: string, enc = 'utf-8') => new Uint8Array(iconv.encode(s, enc))

// Where we decide differently from feedparser on purpose, with what we answer instead.
const ENCODING_EXCEPTIONS: Record<string, { ours: string; why: string }> = {
  // RFC 3023 says text/* without a charset is us-ascii, whatever the XML declaration
  // says. Servers leave the charset out all the time, so we follow the declaration
  // (then UTF-8), as browsers and feed readers do. For ASCII content the text is the same.
  'http_text_rss_xml_default.xml': { ours: 'utf-8', why: 'text/* default is not forced to us-ascii' },
  'http_text_xml_epe_default.xml': { ours: 'utf-8', why: 'text/* default is not forced to us-ascii' },
  'http_text_xml_epe_encoding.xml': { ours: 'iso-8859-1', why: 'text/* without charset: the XML declaration is used' },
  // Undeclared legacy encodings: feedparser guesses with chardet; we have no statistical
  // detector, so these read as UTF-8 with stray bytes taken as windows-1252.
  'big5.xml@chardet': { ours: 'utf-8', why: 'no statistical charset detection' },
  'eucjp.xml@chardet': { ours: 'utf-8', why: 'no statistical charset detection' },
  'euckr.xml@chardet': { ours: 'utf-8', why: 'no statistical charset detection' },
  'koi8r.xml@chardet': { ours: 'utf-8', why: 'no statistical charset detection' },
  'shiftjis.xml@chardet': { ours: 'utf-8', why: 'no statistical charset detection' },
}

// Expectations about decoded text that we do not meet, on purpose.
const TEXT_EXCEPTIONS: Record<string, string> = {
  // "&acirc;&#128;&brvbar;" is UTF-8 "…" read as latin1 and escaped; feedparser undoes
  // that mojibake with a heuristic. We decode the references as written ("â€¦").
  'bozo_double-encoded-html.xml': 'no repair of double-encoded text',
}

describeCorpus('feedparser encoding cases (Header: lines as HTTP headers, Expect: as the oracle)', () => {
  const encodingFiles = [
    ...walk(corpusPath('feeds', 'feedparser/encoding')).map((f) => ({ f, key: f.split('/').pop()! })),
    ...walk(corpusPath('feeds', 'feedparser/illformed/chardet')).map((f) => ({ f, key: `${f.split('/').pop()!}@chardet` })),
  ]

  const withEncoding = encodingFiles.flatMap(({ f, key }) => {
    const c = readFeedparserCase(readBytes(f))
    const clause = c?.clauses.find((x) => x.kind === 'encoding')
    return c && clause?.kind === 'encoding' ? [{ key, f, contentType: c.contentType, expected: clause.value }] : []
  })

  it('finds the cases', () => {
    expect(withEncoding.length).toBeGreaterThanOrEqual(40)
  })

  it.each(withEncoding)('$key → $expected', ({ key, f, contentType, expected }) => {
    const detected = detectFeedEncoding(readBytes(f), contentType)
    const exception = ENCODING_EXCEPTIONS[key]
    expect(detected.encoding).toBe(exception ? exception.ours : expected.toLowerCase())
    // Whatever the label, the document decodes and starts with markup.
    expect(decodeFeedBytes(readBytes(f), contentType).trimStart().startsWith('<')).toBe(true)
  })

  const textCases = encodingFiles.flatMap(({ f, key }) => {
    const c = readFeedparserCase(readBytes(f))
    const clauses = (c?.clauses ?? []).filter((x) => x.kind === 'field' || x.kind === 'ord')
    return c && clauses.length ? [{ key, f, contentType: c.contentType, clauses }] : []
  })

  it.each(textCases)('$key decodes to the expected text', ({ key, f, contentType, clauses }) => {
    const feed = parseFeed(readBytes(f), { contentType, sanitize: identity })
    for (const clause of clauses) {
      const item = clause.kind === 'field' && clause.scope === 'feed' ? undefined : feed.items[clause.index]
      const actual = clause.kind === 'field' && clause.scope === 'feed' ? feed[clause.key as 'title'] : item?.html
      if (TEXT_EXCEPTIONS[key]) {
        expect(actual).toBe('â€¦') // documented above
        continue
      }
      if (clause.kind === 'ord') expect(actual?.codePointAt(0)).toBe(clause.value)
      else expect(actual).toBe(clause.value)
    }
  })

  it('decodes every encoding case without throwing', () => {
    for (const { f } of encodingFiles) {
      const c = readFeedparserCase(readBytes(f))
      expect(() => decodeFeedBytes(readBytes(f), c?.contentType)).not.toThrow()
    }
  })
})

describe('decodeFeedBytes', () => {
  const rss = (title: string, encodingDecl = '') =>
    `<?xml version="1.0"${encodingDecl ? ` encoding="${encodingDecl}"` : ''}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`

  it('lets the HTTP charset override the XML declaration', () => {
    const body = bytes(rss('Новости', 'iso-8859-1'), 'windows-1251')
    expect(decodeFeedBytes(body, 'application/rss+xml; charset=windows-1251')).toContain('<title>Новости</title>')
    expect(decodeFeedBytes(body, 'text/xml; charset="WINDOWS-1251"')).toContain('Новости')
  })

  it('uses the XML declaration when the header has no charset', () => {
    expect(decodeFeedBytes(bytes(rss('Новости', 'windows-1251'), 'windows-1251'), 'text/xml')).toContain('Новости')
    expect(decodeFeedBytes(bytes(rss('한국어', 'euc-kr'), 'euc-kr'))).toContain('한국어')
    expect(decodeFeedBytes(bytes(rss('日本語', 'Shift_JIS'), 'shift_jis'))).toContain('日本語')
  })

  it('reads iso-8859-1 as windows-1252, so smart quotes survive', () => {
    const body = new Uint8Array([...bytes(rss('X', 'iso-8859-1')).subarray(0, 60), 0x93, 0x68, 0x69, 0x94, 0xe9])
    expect(decodeFeedBytes(body)).toMatch(/“hi”é$/)
  })

  it('decodes windows-1252 correctly (Node 20 TextDecoder would give latin1)', () => {
    expect(decodeFeedBytes(bytes(rss('€ – don’t', 'windows-1252'), 'windows-1252'))).toContain('<title>€ – don’t</title>')
  })

  it('skips an unknown charset label and falls back to the next source, then UTF-8', () => {
    expect(decodeFeedBytes(bytes(rss('Новости', 'windows-1251'), 'windows-1251'), 'text/xml; charset=bogus')).toContain('Новости')
    expect(decodeFeedBytes(bytes(rss('naïve', 'bogus')))).toContain('naïve')
  })

  it('ignores a UTF-16 label on bytes that are plainly 8-bit', () => {
    expect(decodeFeedBytes(bytes(rss('naïve', 'utf-16')))).toContain('naïve')
    expect(decodeFeedBytes(bytes(rss('naïve')), 'text/xml; charset=utf-16')).toContain('naïve')
  })

  it('reads stray windows-1252 bytes in UTF-8 text instead of replacing them', () => {
    const mixed = new Uint8Array([...bytes('<rss><channel><title>naïve caf'), 0xe9, ...bytes(' – ok'), 0x92, ...bytes('s</title></channel></rss>')])
    expect(decodeFeedBytes(mixed)).toContain('<title>naïve café – ok’s</title>')
  })

  it('detects byte order marks and strips them', () => {
    const text = rss('Grüße')
    expect(decodeFeedBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(text)]))).toBe(text)
    expect(decodeFeedBytes(new Uint8Array([0xff, 0xfe, ...bytes(text, 'utf-16le')]))).toBe(text)
    expect(decodeFeedBytes(new Uint8Array([0xfe, 0xff, ...bytes(text, 'utf-16be')]))).toBe(text)
    // A BOM beats a contradicting header.
    expect(decodeFeedBytes(new Uint8Array([0xff, 0xfe, ...bytes(text, 'utf-16le')]), 'text/xml; charset=iso-8859-1')).toBe(text)
  })

  it('recognizes UTF-16 and UTF-32 without a BOM by their NUL pattern', () => {
    const text = rss('Grüße')
    expect(decodeFeedBytes(bytes(text, 'utf-16le'))).toBe(text)
    expect(decodeFeedBytes(bytes(text, 'utf-16be'))).toBe(text)
    expect(decodeFeedBytes(bytes(text, 'utf-32le'))).toBe(text)
    expect(detectFeedEncoding(bytes('{"items":[]}', 'utf-16le')).encoding).toBe('utf-16le')
  })

  it('decodes JSON as UTF-8 by default and honours a header charset', () => {
    expect(decodeFeedBytes(bytes('{"title":"Grüße"}'), 'application/feed+json')).toBe('{"title":"Grüße"}')
    expect(decodeFeedBytes(bytes('{"title":"Grüße"}', 'windows-1252'), 'application/json; charset=windows-1252')).toBe('{"title":"Grüße"}')
  })

  it('parses Content-Type leniently', () => {
    expect(parseContentType("application/rss+xml;charset= 'us-ascii'")).toEqual({ mimeType: 'application/rss+xml', charset: 'us-ascii' })
    expect(parseContentType('Text/XML ; Charset = "UTF-8"')).toEqual({ mimeType: 'text/xml', charset: 'UTF-8' })
    expect(parseContentType(undefined)).toEqual({ mimeType: '' })
  })
})

describe('gzip', () => {
  it('gunzips a gzip feed served as .xml (fixture: gzip bytes on disk)', () => {
    const text = decodeFeedBytes(readBytes(GZIPPED_FEED))
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    const feed = parseFeed(readBytes(GZIPPED_FEED), { sanitize: identity })
    expect(feed.title).toBe('The Quiet Compiler')
    expect(feed.items.length).toBeGreaterThan(0)
  })

  it('gunzips and then decodes the declared charset', () => {
    const zipped = gzipSync(bytes('<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>Новости</title></channel></rss>', 'windows-1251'))
    expect(decodeFeedBytes(new Uint8Array(zipped))).toContain('Новости')
  })

  it('keeps what a truncated gzip stream holds', () => {
    const text = `<rss><channel>${'<item><title>x</title></item>'.repeat(2000)}`
    const zipped = gzipSync(Buffer.from(text))
    const cut = new Uint8Array(zipped.subarray(0, Math.floor(zipped.length * 0.8)))
    const out = decodeFeedBytes(cut)
    expect(out.length).toBeGreaterThan(0)
    expect(text.startsWith(out)).toBe(true)
  })

  it('refuses a stream that expands beyond the limit, with a clear message', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_FEED_BYTES + 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(200_000)
    expect(() => decodeFeedBytes(new Uint8Array(bomb))).toThrow(IngestError)
    expect(() => decodeFeedBytes(new Uint8Array(bomb))).toThrow(/expands beyond 50 MB/)
    expect(() => gunzipIfNeeded(new Uint8Array(gzipSync(Buffer.alloc(5000))), 1000)).toThrow(/refused/)
  })

  it('reports corrupt gzip data as an IngestError', () => {
    const corrupt = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02, 0x03])
    expect(() => decodeFeedBytes(corrupt)).toThrow(IngestError)
  })

  it('leaves bytes that are not gzip alone', () => {
    const plain = bytes('<rss/>')
    expect(gunzipIfNeeded(plain)).toBe(plain)
  })
})
