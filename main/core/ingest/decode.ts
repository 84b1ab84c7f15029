// Bytes of a feed → text. Feed libraries take strings and none of them decodes legacy
// encodings or UTF-16 (EVALUATION.md §1), so this runs before any parsing.
//
// Order of evidence, strongest first:
//   1. a byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
//   2. the byte pattern of UTF-16/32 without a BOM ("<\0?\0", "\0<\0?", …): a document
//      whose first character is ASCII shows its code unit width in its first bytes;
//   3. the charset parameter of the HTTP Content-Type (RFC 3023: for text/* and
//      application/* it overrides the XML declaration);
//   4. the XML declaration's encoding="…";
//   5. UTF-8 (also for JSON Feed, which RFC 8259 makes UTF-8).
// A label nobody knows ("bogus") is skipped and the next source is asked.
//
// Deliberate departures from the letter of RFC 3023, as browsers and feed readers do:
//   - text/* without a charset does not mean us-ascii: the XML declaration is used.
//     Servers omit the charset all the time; forcing us-ascii only garbles text.
//   - us-ascii, iso-8859-1 and latin1 are decoded as their supersets (WHATWG Encoding):
//     iso-8859-1 as windows-1252, so "smart quotes" in bytes 0x80–0x9F come out right;
//     us-ascii as UTF-8, because a server that says us-ascii while sending high bytes
//     is far more often sending UTF-8.
//   - gb2312 and gbk are decoded as gb18030, their superset.
//   - C1 control characters in the decoded text (U+0080–U+009F, e.g. UTF-8 "\u0092")
//     are read as the windows-1252 punctuation they almost always were.
//   - Text that should be UTF-8 but has invalid bytes is decoded byte-run by byte-run:
//     valid UTF-8 stays UTF-8 and each stray byte is read as windows-1252. A feed
//     declared (or defaulted) UTF-8 but written in windows-1252 then reads correctly,
//     and one with a single bad byte keeps all its other characters. Only the bad
//     bytes would otherwise have become U+FFFD.
//
// iconv-lite does the legacy decoding: Node 20's TextDecoder('windows-1252') is latin1
// (nodejs/node#60888). TextDecoder is used only for UTF-8, where it is correct and fast.
import { gunzipSync, constants as zlibConstants } from 'node:zlib'
import iconv from 'iconv-lite'
import { IngestError } from './errors'

/** Largest feed we accept after decompression. */
export const MAX_FEED_BYTES = 50 * 1024 * 1024

export type EncodingSource = 'bom' | 'sniff' | 'header' | 'prolog' | 'default'

export interface DetectedEncoding {
  /** Canonical lower-case name, e.g. 'utf-8', 'utf-16le', 'windows-1251', 'iso-8859-1'. */
  encoding: string
  from: EncodingSource
  /** Bytes of byte order mark to skip before decoding. */
  bomLength: number
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/**
 * Gunzips gzip bytes (a .gz feed, or a server that compresses twice); anything else
 * is returned as it is. A truncated stream gives what could be recovered.
 */
export function gunzipIfNeeded(bytes: Uint8Array, maxBytes = MAX_FEED_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes
  const tooLarge = (error: unknown) =>
    new IngestError(`Compressed feed expands beyond ${Math.round(maxBytes / 1024 / 1024)} MB; refused`, undefined, { cause: error })
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes })
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(error)
    if (code === 'Z_BUF_ERROR') {
      // A cut-off download: keep what it holds instead of throwing it all away.
      try {
        const partial = gunzipSync(bytes, { maxOutputLength: maxBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH })
        if (partial.length > 0) return partial
      } catch (again) {
        if (again instanceof RangeError) throw tooLarge(again)
      }
    }
    throw new IngestError(`Compressed feed is corrupt (${(error as Error).message})`, undefined, { cause: error })
  }
}

export interface ContentType {
  /** Lower-case type/subtype, '' when absent. */
  mimeType: string
  /** The charset parameter as written (unquoted, trimmed), if any. */
  charset?: string
}

/** Parses "application/rss+xml; charset='us-ascii'" leniently (spaces, either quote). */
export function parseContentType(contentType?: string): ContentType {
  if (!contentType) return { mimeType: '' }
  const [type = '', ...params] = contentType.split(';')
  const result: ContentType = { mimeType: type.trim().toLowerCase() }
  for (const param of params) {
    const eq = param.indexOf('=')
    if (eq < 0) continue
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue
    const value = param.slice(eq + 1).trim().replace(/^["']|["']$/g, '').trim()
    if (value) result.charset = value
  }
  return result
}

// Labels whose canonical name differs from iconv-lite's own or that we widen on purpose.
const ALIASES: Record<string, string> = {
  utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8', 'x-unicode20utf8': 'utf-8',
  utf16: 'utf-16', u16: 'utf-16', 'iso-10646-ucs-2': 'utf-16', 'ucs-2': 'utf-16',
  utf16le: 'utf-16le', utf16be: 'utf-16be', 'unicodefffe': 'utf-16be', unicode: 'utf-16le',
  utf32: 'utf-32', u32: 'utf-32', 'ucs-4': 'utf-32', utf32le: 'utf-32le', utf32be: 'utf-32be',
  ascii: 'us-ascii', 'ansi_x3.4-1968': 'us-ascii', 'iso646-us': 'us-ascii', 'us': 'us-ascii',
  latin1: 'iso-8859-1', 'l1': 'iso-8859-1', 'iso8859-1': 'iso-8859-1', 'iso_8859-1': 'iso-8859-1', 'cp819': 'iso-8859-1',
  cp1252: 'windows-1252', 'x-cp1252': 'windows-1252',
  gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030', 'cp936': 'gb18030', 'csgb2312': 'gb18030', 'chinese': 'gb18030',
  'big5-hkscs': 'big5', 'x-x-big5': 'big5', 'cn-big5': 'big5',
  'x-sjis': 'shift_jis', 'sjis': 'shift_jis', 'ms_kanji': 'shift_jis', 'windows-31j': 'shift_jis', 'shift-jis': 'shift_jis',
  'x-euc-jp': 'euc-jp', 'ks_c_5601-1987': 'euc-kr', 'windows-949': 'euc-kr', 'cp949': 'euc-kr',
  'koi8_r': 'koi8-r', 'koi': 'koi8-r', 'cp1251': 'windows-1251', 'x-cp1251': 'windows-1251',
  'x-mac-roman': 'macintosh', 'mac': 'macintosh',
}

// What each canonical name is actually decoded as (see the header comment).
const DECODE_AS: Record<string, string> = {
  'us-ascii': 'utf-8',
  'iso-8859-1': 'windows-1252',
  'utf-16': 'utf-16be',
  'utf-32': 'utf-32be',
}

/** Canonical name for a charset label, or undefined when iconv-lite cannot decode it. */
export function normalizeCharset(label: string): string | undefined {
  const key = label.trim().toLowerCase().replace(/^["']|["']$/g, '')
  if (!key) return undefined
  const name = ALIASES[key] ?? key
  if (name === 'utf-8' || name === 'us-ascii') return name
  return iconv.encodingExists(DECODE_AS[name] ?? name) ? name : undefined
}

const isWide = (encoding: string) => encoding.startsWith('utf-16') || encoding.startsWith('utf-32')

function detectBom(b: Uint8Array): DetectedEncoding | undefined {
  const [b0, b1, b2, b3] = b
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', from: 'bom', bomLength: 3 }
  // The UTF-32LE BOM starts with the UTF-16LE one: test it first.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', from: 'bom', bomLength: 4 }
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', from: 'bom', bomLength: 4 }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', from: 'bom', bomLength: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', from: 'bom', bomLength: 2 }
  return undefined
}

/** UTF-16/32 without a BOM, from the NUL pattern around a first ASCII character. */
function sniffWide(b: Uint8Array): DetectedEncoding | undefined {
  if (b.length < 4) return undefined
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = b
  const ascii = (x: number) => x > 0 && x < 0x80
  let encoding: string | undefined
  if (ascii(b0) && b1 === 0 && b2 === 0 && b3 === 0) encoding = 'utf-32le'
  else if (b0 === 0 && b1 === 0 && b2 === 0 && ascii(b3)) encoding = 'utf-32be'
  else if (ascii(b0) && b1 === 0 && ascii(b2) && b3 === 0) encoding = 'utf-16le'
  else if (b0 === 0 && ascii(b1) && b2 === 0 && ascii(b3)) encoding = 'utf-16be'
  return encoding ? { encoding, from: 'sniff', bomLength: 0 } : undefined
}

const PROLOG = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/

function prologEncoding(b: Uint8Array): string | undefined {
  // The declaration is ASCII and comes first: latin1 over the first bytes reads it.
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 512)).toString('latin1')
  return PROLOG.exec(head)?.[1]
}

/**
 * Which character encoding the bytes are in, and why we think so. Expects the bytes
 * already gunzipped (decodeFeedBytes does that).
 */
export function detectFeedEncoding(bytes: Uint8Array, contentType?: string): DetectedEncoding {
  const byBytes = detectBom(bytes) ?? sniffWide(bytes)
  if (byBytes) return byBytes

  // From here on the bytes are ASCII-compatible, so a label claiming UTF-16/32
  // (a declaration copied from elsewhere, or a server default) is wrong: skip it.
  const usable = (name: string | undefined) => (name && !isWide(name) ? name : undefined)

  const { mimeType, charset } = parseContentType(contentType)
  if (charset && (mimeType === '' || mimeType.startsWith('text/') || mimeType.startsWith('application/'))) {
    const fromHeader = usable(normalizeCharset(charset))
    if (fromHeader) return { encoding: fromHeader, from: 'header', bomLength: 0 }
  }
  const declared = prologEncoding(bytes)
  if (declared) {
    const fromProlog = usable(normalizeCharset(declared))
    if (fromProlog) return { encoding: fromProlog, from: 'prolog', bomLength: 0 }
  }
  return { encoding: 'utf-8', from: 'default', bomLength: 0 }
}

/**
 * Feed bytes → string: gunzip (bounded by MAX_FEED_BYTES), detect the encoding
 * (see the top of this file) and decode. The result never starts with a BOM.
 * Throws IngestError for corrupt or oversized gzip data.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): string {
  const raw = gunzipIfNeeded(bytes)
  const detected = detectFeedEncoding(raw, contentType)
  const body = raw.subarray(detected.bomLength)
  const decoder = DECODE_AS[detected.encoding] ?? detected.encoding
  const text = decoder === 'utf-8' ? decodeUtf8Lenient(body) : iconv.decode(toBuffer(body), decoder, { stripBOM: true })
  return c1ToWindows1252(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
}

// windows-1252's characters for 0x80–0x9F; the five bytes it leaves undefined stay as they are.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

/**
 * C1 control characters (U+0080–U+009F) never mean anything in a feed; they are
 * windows-1252 punctuation that went through a latin1 step somewhere ("don\u0092t").
 */
function c1ToWindows1252(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!)
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** UTF-8, with each byte that is not part of a valid sequence read as windows-1252. */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return decodeUtf8WithFallback(toBuffer(bytes))
  }
}

let cp1252: string[] | undefined
function cp1252Char(byte: number): string {
  if (!cp1252) {
    const all = Buffer.alloc(256)
    for (let i = 0; i < 256; i++) all[i] = i
    cp1252 = Array.from(iconv.decode(all, 'windows-1252'))
  }
  return cp1252[byte] ?? '\ufffd'
}

/** Length of the valid UTF-8 sequence starting at i (1–4), or 0 when it is invalid. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!
  if (c < 0x80) return 1
  const cont = (k: number) => {
    const x = b[i + k]
    return x !== undefined && (x & 0xc0) === 0x80
  }
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0
    if (c === 0xe0 && c1 < 0xa0) return 0 // overlong
    if (c === 0xed && c1 > 0x9f) return 0 // surrogate
    return cont(1) && cont(2) ? 3 : 0
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0
    if (c === 0xf0 && c1 < 0x90) return 0 // overlong
    if (c === 0xf4 && c1 > 0x8f) return 0 // beyond U+10FFFF
    return cont(1) && cont(2) && cont(3) ? 4 : 0
  }
  return 0
}

function decodeUtf8WithFallback(b: Buffer): string {
  const parts: string[] = []
  let runStart = 0
  let i = 0
  while (i < b.length) {
    const n = utf8SequenceLength(b, i)
    if (n > 0) {
      i += n
      continue
    }
    if (i > runStart) parts.push(b.toString('utf8', runStart, i))
    parts.push(cp1252Char(b[i]!))
    i += 1
    runStart = i
  }
  if (runStart < b.length) parts.push(b.toString('utf8', runStart))
  return parts.join('')
}
