// The search filters (feeds, a date range) as the scorer's starting stages:
// slots outside them are blocked before any word is scored.
import { parseDate, type InvertedIndex } from './inverted-index'
import { BLOCKED } from './scoring'
import type { SearchFilters } from './types'

/** Stage 0 for slots that may match, BLOCKED for dead or filtered-out ones. */
export function gate(stage: Uint8Array, docs: InvertedIndex['docs'], n: number, filters: SearchFilters | undefined): void {
  const live = docs.live
  let feeds: Uint8Array | null = null
  let from = -Infinity
  let to = Infinity
  if (filters?.feedIds) {
    feeds = new Uint8Array(docs.feedNames.length + 1)
    for (const f of filters.feedIds) {
      const i = docs.feedIndexIfKnown(f)
      if (i !== undefined) feeds[i] = 1
    }
  }
  if (filters?.from) from = parseDate(filters.from) || -Infinity
  if (filters?.to) to = endOfDay(filters.to)
  const published = docs.published
  const feed = docs.feed
  for (let d = 0; d < n; d++) {
    let ok = live[d] === 1
    if (ok && feeds !== null) ok = feed[d]! >= 0 && feeds[feed[d]!] === 1
    if (ok && (published[d]! < from || published[d]! > to)) ok = false
    stage[d] = ok ? 0 : BLOCKED
  }
}

/** `to` covers the whole of its last day when it is a bare date. */
function endOfDay(iso: string): number {
  const t = parseDate(iso)
  if (!t) return Infinity
  return /^\d{4}-\d{2}-\d{2}$/.test(iso.trim()) ? t + 86_400_000 - 1 : t
}
