// Highlights are stored as offsets into the article's plain text (the core's
// htmlToText: block elements become '\n', whitespace collapsed), while the reader sees
// the DOM rendered from the article's HTML. The two carry the same visible characters
// and differ in whitespace, so they are aligned on their non-whitespace characters; a
// place where they disagree anyway (an entity the core does not decode, say) is
// skipped by resynchronising a few characters later, and a selection or highlight
// that lands in such a place is found by its quote instead.
// Pure string code: no DOM, so it is unit-tested in Node.

export interface TextAlignment {
  /** Rendered index → plain index; -1 for whitespace and characters with no counterpart. */
  readonly toPlain: Int32Array
  /** Plain index → rendered index; -1 likewise. */
  readonly toRendered: Int32Array
  /** Non-whitespace characters (of either text) left without a counterpart. */
  readonly unmatched: number
}

export interface TextRange {
  start: number
  end: number
}

const SPACE = /\s/

function nonSpace(text: string): { chars: string; at: number[] } {
  const at: number[] = []
  let chars = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (SPACE.test(c)) continue
    at.push(i)
    chars += c
  }
  return { chars, at }
}

/** How far ahead to look for the texts to agree again after a difference. */
const WINDOW = 48
/** How many characters must agree for the texts to count as back in step. */
const GRAM = 6
/** Beyond this many failed resynchronisations the texts are not the same article. */
const GIVE_UP = 4000

export function alignText(rendered: string, plain: string): TextAlignment {
  const toPlain = new Int32Array(rendered.length).fill(-1)
  const toRendered = new Int32Array(plain.length).fill(-1)
  const r = nonSpace(rendered)
  const p = nonSpace(plain)
  let x = 0
  let y = 0
  let unmatched = 0
  let failures = 0
  while (x < r.chars.length && y < p.chars.length) {
    if (r.chars[x] === p.chars[y]) {
      toPlain[r.at[x]!] = p.at[y]!
      toRendered[p.at[y]!] = r.at[x]!
      x++
      y++
      continue
    }
    const skip = failures < GIVE_UP ? resync(r.chars, x, p.chars, y) : null
    if (skip) {
      x += skip.a
      y += skip.b
      unmatched += skip.a + skip.b
    } else {
      // Nothing agrees nearby: take it as one changed character on each side.
      failures++
      x++
      y++
      unmatched += 2
    }
  }
  unmatched += r.chars.length - x + (p.chars.length - y)
  return { toPlain, toRendered, unmatched }
}

/** The smallest skip (a characters of one text, b of the other) after which they agree. */
function resync(r: string, x: number, p: string, y: number): { a: number; b: number } | null {
  const windowP = p.slice(y, y + WINDOW + GRAM)
  let best: { a: number; b: number } | null = null
  for (let a = 0; a <= WINDOW && x + a < r.length; a++) {
    if (best && a >= best.a + best.b) break
    // Near the end of the text a shorter agreement has to do.
    const gram = r.slice(x + a, x + a + GRAM)
    const b = windowP.indexOf(gram)
    if (b === -1 || (a === 0 && b === 0)) continue
    if (!best || a + b < best.a + best.b) best = { a, b }
  }
  return best
}

/** Maps a range between two texts through an index map, trimming unmapped ends. */
function mapRange(map: Int32Array, start: number, end: number): TextRange | null {
  let first = -1
  let last = -1
  for (let i = Math.max(0, start); i < Math.min(end, map.length); i++) {
    if (map[i]! >= 0) {
      first = map[i]!
      break
    }
  }
  if (first < 0) return null
  for (let i = Math.min(end, map.length) - 1; i >= start; i--) {
    if (map[i]! >= 0) {
      last = map[i]!
      break
    }
  }
  return last >= first ? { start: first, end: last + 1 } : null
}

const compact = (s: string) => s.replace(/\s+/g, '')

/**
 * Finds `quote` in `text` ignoring differences in whitespace, choosing the occurrence
 * nearest to `hint`. Returns the range of the match in `text`.
 */
export function findQuote(text: string, quote: string, hint = 0): TextRange | null {
  const chars = [...compact(quote)]
  if (chars.length === 0) return null
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(chars.map(esc).join('\\s*'), 'gu')
  let best: TextRange | null = null
  for (const m of text.matchAll(pattern)) {
    const range = { start: m.index, end: m.index + m[0].length }
    if (!best || Math.abs(range.start - hint) < Math.abs(best.start - hint)) best = range
    if (m.index > hint && best.start <= hint) break
  }
  return best
}

/**
 * A range of the rendered text (a selection) as plain-text offsets for the core.
 * Null when the selection holds no characters of the article text.
 */
export function renderedToPlain(al: TextAlignment, rendered: string, plain: string, range: TextRange): TextRange | null {
  const selected = rendered.slice(range.start, range.end)
  if (!compact(selected)) return null
  const mapped = mapRange(al.toPlain, range.start, range.end)
  if (mapped && compact(plain.slice(mapped.start, mapped.end)) === compact(selected)) return mapped
  // The selection touches text the two versions disagree on: find it by its words.
  const hint = mapped?.start ?? Math.round((range.start / Math.max(1, rendered.length)) * plain.length)
  return findQuote(plain, selected, hint)
}

/**
 * A highlight's plain-text range as a range of the rendered text to paint, or null
 * when its words are not on the page.
 */
export function plainToRendered(al: TextAlignment, rendered: string, plain: string, range: TextRange, quote?: string): TextRange | null {
  const exact = quote ?? plain.slice(range.start, range.end)
  if (!compact(exact)) return null
  const mapped = mapRange(al.toRendered, range.start, range.end)
  if (mapped && compact(rendered.slice(mapped.start, mapped.end)) === compact(exact)) return mapped
  const hint = mapped?.start ?? Math.round((range.start / Math.max(1, plain.length)) * rendered.length)
  return findQuote(rendered, exact, hint)
}
