// Repair of XML whose damage is local: a truncated download, an unclosed or misnested
// tag. Feeds are often written by string concatenation; one broken item should not
// cost the reader the whole feed.

// Elements HTML leaves unclosed; inside an unescaped description they must not be
// taken for open XML elements.
const HTML_VOID = new Set(['br', 'img', 'hr', 'input', 'wbr', 'area', 'col', 'embed', 'param', 'track'])

/**
 * Makes XML well-formed where the damage is local: cuts an unfinished construct at
 * the end (a truncated download) together with the item or entry it was in, closes
 * elements left open, drops closing tags that close nothing and closes the inner
 * elements a misplaced closing tag implies.
 */
export function repairXml(input: string): string {
  const text = cutUnterminated(input)
  const markup =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/gi
  const out: string[] = []
  const stack: { name: string; at: number }[] = []
  let last = 0
  for (const m of text.matchAll(markup)) {
    const at = m.index
    out.push(text.slice(last, at))
    last = at + m[0].length
    const name = m[2]
    if (!name) {
      out.push(m[0])
      continue
    }
    const lower = name.toLowerCase()
    if (m[1]) {
      let open = stack.length - 1
      while (open >= 0 && stack[open]!.name !== lower) open--
      if (open < 0) continue // closes nothing: drop it
      while (stack.length > open + 1) out.push(`</${stack.pop()!.name}>`)
      stack.pop()
      out.push(`</${name}>`)
    } else {
      if (!m[4] && !HTML_VOID.has(lower)) stack.push({ name: lower, at: out.length })
      out.push(m[0])
    }
  }
  let tail = text.slice(last)
  // An unfinished tag at the end: a cut-off download.
  const cut = tail.search(/<[A-Za-z_/!?]/)
  if (cut >= 0) tail = tail.slice(0, cut)
  out.push(tail)
  // An item cut off in the middle would be stored incomplete and, its guid known,
  // never fixed by a later refresh: leave it out so the next refresh brings it whole.
  const cutItem = stack.findIndex((e) => /(^|:)(item|entry)$/.test(e.name))
  if (cutItem >= 0) {
    out.length = stack[cutItem]!.at
    stack.length = cutItem
  }
  while (stack.length) out.push(`</${stack.pop()!.name}>`)
  return out.join('')
}

/** Drops a CDATA section or comment that never ends, and what follows it. */
function cutUnterminated(text: string): string {
  let result = text
  for (const [open, close] of [['<![CDATA[', ']]>'], ['<!--', '-->']] as const) {
    const start = result.lastIndexOf(open)
    if (start >= 0 && result.indexOf(close, start + open.length) < 0) result = result.slice(0, start)
  }
  return result
}
