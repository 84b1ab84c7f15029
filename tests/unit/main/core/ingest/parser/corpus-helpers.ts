// Shared by the ingest-feeds tests: how to walk the corpus (tests/helpers/corpus.ts says
// where it is), and how to read the expectations kurtmckee/feedparser writes into a
// leading XML comment of each file:
//   Header:  Content-type: text/xml; charset=windows-1252   (an HTTP header)
//   Expect:  not bozo and entries[0]['title'] == 'Example'   (Python over the result)
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { corpusPath } from '../../../../../helpers/corpus'

export function walk(dir: string, skipDir: (name: string) => boolean = () => false): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!skipDir(entry.name)) out.push(...walk(path, skipDir))
    } else out.push(path)
  }
  return out.sort()
}

/** Every feed file of the corpus: no .expected.json, no HTML pages for discovery. */
export function feedFiles(): string[] {
  return walk(corpusPath('feeds'), (name) => name === 'html-for-feed-discovery').filter((f) => !f.endsWith('.expected.json'))
}

/** A corpus feed's name, relative to the corpus feeds folder. */
export const rel = (path: string) => relative(corpusPath('feeds'), path)

export type Clause =
  | { kind: 'bozo' }
  | { kind: 'encoding'; value: string }
  | { kind: 'field'; scope: 'feed' | 'entry'; index: number; key: string; value: string }
  | { kind: 'ord'; index: number; key: string; value: number }
  | { kind: 'other'; text: string }

export interface FeedparserCase {
  description: string
  /** The Content-Type the test server would send, if the file says. */
  contentType?: string
  expect: string
  clauses: Clause[]
}

/** Reads the leading comment of a feedparser test file (any encoding: it is ASCII). */
export function readFeedparserCase(bytes: Uint8Array): FeedparserCase | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/\0/g, '')
  const start = head.indexOf('<!--')
  const end = head.indexOf('-->', start)
  if (start < 0 || end < 0) return undefined
  const fields: Record<string, string> = {}
  let contentType: string | undefined
  for (const line of head.slice(start + 4, end).split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line)
    if (!m) continue
    const [, key, value] = m as unknown as [string, string, string]
    if (key === 'Header') {
      const h = /^content-type:\s*(.*)$/i.exec(value)
      if (h) contentType = h[1]
    } else fields[key] = value
  }
  if (!fields.Expect) return undefined
  return { description: fields.Description ?? '', contentType, expect: fields.Expect, clauses: parseExpect(fields.Expect) }
}

function parseExpect(expr: string): Clause[] {
  return splitAnd(expr).map((part): Clause => {
    const text = part.trim()
    if (text === 'bozo' || text === 'not bozo' || text === '1') return { kind: 'bozo' }
    let m = /^encoding == (.+)$/.exec(text)
    if (m) {
      const value = pyString(m[1]!)
      if (value !== undefined) return { kind: 'encoding', value }
    }
    m = /^(feed|entries\[(\d+)\])\['([a-z_]+)'\] == (u?['"].*)$/.exec(text)
    if (m) {
      const value = pyString(m[4]!)
      if (value !== undefined) {
        return { kind: 'field', scope: m[1] === 'feed' ? 'feed' : 'entry', index: Number(m[2] ?? 0), key: m[3]!, value }
      }
    }
    m = /^ord\(entries\[(\d+)\]\['([a-z_]+)'\]\) == (\d+)$/.exec(text)
    if (m) return { kind: 'ord', index: Number(m[1]), key: m[2]!, value: Number(m[3]) }
    return { kind: 'other', text }
  })
}

/** Splits on " and " outside string literals. */
function splitAnd(expr: string): string[] {
  const parts: string[] = []
  let quote = ''
  let last = 0
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = ''
    } else if (c === "'" || c === '"') quote = c
    else if (expr.startsWith(' and ', i)) {
      parts.push(expr.slice(last, i))
      last = i + 5
      i += 4
    }
  }
  parts.push(expr.slice(last))
  return parts
}

/** A whole Python string literal ('…' or "…", optional u prefix) → its value. */
export function pyString(literal: string): string | undefined {
  const m = /^u?(['"])(.*)\1$/s.exec(literal.trim())
  if (!m) return undefined
  const body = m[2]!
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c !== '\\') {
      if (c === m[1]) return undefined // the literal ended earlier: not a single string
      out += c
      continue
    }
    const n = body[++i]
    if (n === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16))
      i += 4
    } else if (n === 'U') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16))
      i += 8
    } else if (n === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16))
      i += 2
    } else out += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[n ?? ''] ?? n ?? ''
  }
  return out
}

export const readBytes = (path: string) => new Uint8Array(readFileSync(path))
