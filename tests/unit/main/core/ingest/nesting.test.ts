// The nesting guard in front of every HTML parser: it must never count fewer levels
// than htmlparser2 builds (or deep markup would slip past it into the parsers' square
// time), must leave ordinary markup alone, and must read an attack in linear time.
import fc from 'fast-check'
import { Parser } from 'htmlparser2'
import { afterAll, describe, expect, it } from 'vitest'
import { limitNesting, MAX_NESTING, nestsDeeperThan } from '../../../../../main/core/ingest/nesting'
import { sanitizeHtml } from '../../../../../main/core/ingest/sanitize'
import { record } from '../../../../security/figures'
import '../../../../security/seed'
import { hostileHtml } from '../../../../security/html-grammar'

/** The deepest level htmlparser2 (under sanitize-html and linkedom) reaches. */
function parserDepth(html: string): number {
  let depth = 0
  let max = 0
  const parser = new Parser({ onopentag: () => (max = Math.max(max, ++depth)), onclosetag: () => void depth-- }, { decodeEntities: true })
  parser.write(html)
  parser.end()
  return max
}

// Pieces where a tag reader can disagree with htmlparser2: raw text, comments and
// declarations, self-closing in and out of svg, implied closes, odd closing tags.
const TRICKY = [
  '<svg>', '<path d="1"/>', '<g x=a/>', '<g / >', '</svg>', '<math>', '<mi>', '</mi>', '<p>', '</p>', '<li>', '<option>', '<tr>',
  '<td>', '<div/>', '<br/>', '</br>', '<table>', '<title>', '</title>', '<script>', '<script/>', '</script >', '</script/>',
  '<a b="x>y">', "<a b='", '<!-- x', '-->', '<!-->', '<!x>', '<!>', '<!->', '<![CDATA[', ']]>', '<?y>', '<?>', '</ x>', '< div>',
  '<DIV>', '</Div>', '</div/>', '</ div>', '<a =x>', '<a b = c>', '<textarea>', '<xmp>', '</xmp>', '<foreignObject>',
  '</foreignobject>', '<select>', '<input>', '<isindex>', '<style>', '</style>', '<div>', '</div>', '<span>', '</span>',
  '</script\v>', '</style\t>', '<title/>', '<textarea/>', '</xmp >', "<script a='x' ='y'>", "<b ='>",
]
const tricky = fc.array(fc.oneof(hostileHtml, fc.constantFrom(...TRICKY), fc.constantFrom(...TRICKY)), { maxLength: 40 }).map((a) => a.join(''))

let cases = 0
afterAll(() => record('property.nesting-vs-htmlparser2', cases, 'cases'))

describe('nesting guard', () => {
  it('never counts fewer levels than htmlparser2 builds, and counts them exactly almost always', () => {
    let exact = 0
    fc.assert(
      fc.property(tricky, (html) => {
        cases++
        const depth = parserDepth(html)
        // Padding past the guard's shortcut for short inputs.
        const padded = html + ' '.repeat(4000)
        if (depth > 0) expect(nestsDeeperThan(padded, depth - 1), JSON.stringify(html)).toBe(true)
        if (!nestsDeeperThan(padded, depth)) exact++
      }),
      { numRuns: 10_000 },
    )
    expect(exact / cases).toBeGreaterThan(0.9)
  })

  it('leaves markup up to 512 levels deep untouched, and long flat or list-heavy markup too', () => {
    const deepest = `${'<div>'.repeat(MAX_NESTING)}text${'</div>'.repeat(MAX_NESTING)}`
    expect(limitNesting(deepest)).toBe(deepest)
    const unclosed = `${'<p>para'.repeat(5000)}<ul>${'<li>item'.repeat(5000)}</ul><select>${'<option>o'.repeat(3000)}</select><svg>${'<path d="M0 0"/>'.repeat(3000)}</svg>`
    expect(limitNesting(unclosed)).toBe(unclosed)
  })

  it('reads 100,000 nested elements as their text, in linear time, and the sanitizer with it', () => {
    const n = 100_000
    const attack = `${'<div><span>'.repeat(n / 2)}<script>alert(1)</script>Deep words &amp; more${'</span></div>'.repeat(n / 2)}`
    let started = performance.now()
    const flat = limitNesting(attack)
    const guardMs = performance.now() - started
    expect(flat).toBe('<p>Deep words &amp; more</p>')
    started = performance.now()
    expect(sanitizeHtml(attack, 'https://x.example/')).toBe('<p>Deep words &amp; more</p>')
    const sanitizeMs = performance.now() - started
    record('nesting.100k-levels.guard-ms', guardMs, 'ms')
    record('nesting.100k-levels.sanitize-ms', sanitizeMs, 'ms')
    expect(sanitizeMs).toBeLessThan(2000)
    // Ten times the input, about ten times the time (a square law would be a hundred).
    const big = attack.repeat(10)
    started = performance.now()
    limitNesting(big)
    expect(performance.now() - started).toBeLessThan(Math.max(50, guardMs) * 40)
  })
})
