// The words a search matched, marked where they appear. The search returns them as
// the article spells them ("Lighthouse" for a query "lighthuose"), so marking is a
// plain whole-word match, never a second search.
import type { ReactNode } from 'react'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function matcher(matches: readonly string[]): RegExp | null {
  const forms = [...new Set(matches.map((m) => m.trim()).filter(Boolean))].sort((a, b) => b.length - a.length)
  if (forms.length === 0) return null
  const alternatives = forms.map((f) => f.split(/\s+/).map(escape).join('\\s+'))
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
}

/** Text with every match wrapped in <mark>. */
export function Highlight({ text, matches }: { text: string; matches: readonly string[] }): ReactNode {
  const re = matcher(matches)
  if (!re) return text
  const out: ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0
    if (at > last) out.push(text.slice(last, at))
    out.push(<mark key={at}>{m[0]}</mark>)
    last = at + m[0].length
  }
  if (last === 0) return text
  if (last < text.length) out.push(text.slice(last))
  return out
}
