// Anchoring highlights in an article's plain text with W3C Web Annotation
// selectors (TextQuoteSelector + TextPositionSelector), and re-attaching them when
// the text changes. The matching follows Hypothesis's approach: approximate search
// for the quote (approx-string-match, their library), each candidate scored on the
// quote, its prefix and suffix, and its distance from the old position.
import search from 'approx-string-match'

export interface TextQuote {
  exact: string
  prefix: string
  suffix: string
}

export interface TextPosition {
  start: number
  end: number
}

export const CONTEXT = 32

export function describeRange(text: string, start: number, end: number): { quote: TextQuote; position: TextPosition } {
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) },
    position: { start, end },
  }
}

/** How well `str` matches `pattern` (1 = exactly), allowing up to half its length in edits. */
function similarity(str: string, pattern: string): number {
  if (pattern.length === 0 || str.length === 0) return 0
  const matches = search(str, pattern, Math.floor(pattern.length / 2))
  if (matches.length === 0) return 0
  const errors = Math.min(...matches.map((m) => m.errors))
  return 1 - errors / pattern.length
}

export interface Anchored extends TextPosition {
  /** 0..1, how confident the placement is. */
  score: number
  exact: boolean
}

/**
 * Finds where a quote now sits in `text`, or null when no placement is good enough
 * (the highlight is then kept as orphaned, never dropped).
 */
export function anchorQuote(text: string, quote: TextQuote, hint?: number): Anchored | null {
  if (!quote.exact) return null
  // Fast path: the exact quote with its context intact.
  const withContext = text.indexOf(quote.prefix + quote.exact + quote.suffix)
  if (withContext !== -1) {
    const start = withContext + quote.prefix.length
    return { start, end: start + quote.exact.length, score: 1, exact: true }
  }
  const maxErrors = Math.min(256, Math.floor(quote.exact.length / 4))
  const candidates = quote.exact.length <= 4096 ? search(text, quote.exact, maxErrors) : []
  if (candidates.length === 0) return null
  let best: Anchored | null = null
  let bestScore = -1
  let bestContext = 0
  for (const m of candidates.slice(0, 200)) {
    const quoteScore = 1 - m.errors / quote.exact.length
    const prefixScore = quote.prefix ? similarity(text.slice(Math.max(0, m.start - quote.prefix.length), m.start), quote.prefix) : 1
    const suffixScore = quote.suffix ? similarity(text.slice(m.end, m.end + quote.suffix.length), quote.suffix) : 1
    const posScore = hint === undefined ? 1 : 1 - Math.abs(m.start - hint) / Math.max(1, text.length)
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92
    if (score > bestScore) {
      bestScore = score
      const context = [quote.prefix ? prefixScore : null, quote.suffix ? suffixScore : null].filter((x): x is number => x !== null)
      bestContext = context.length ? context.reduce((a, b) => a + b, 0) / context.length : 1
      best = { start: m.start, end: m.end, score, exact: m.errors === 0 }
    }
  }
  // A changed quote whose surroundings changed too is a guess: refuse it, and the
  // highlight is kept as orphaned rather than put on the wrong words.
  if (!best || best.score < 0.6) return null
  return best.exact || bestContext >= 0.5 ? best : null
}
