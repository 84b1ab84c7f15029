// The one decoder of character references that feed titles, page attributes and the
// library's text share, and the two writers (HTML text, OPML's XML).
import { describe, expect, it } from 'vitest'
import { decodeEntities, escapeHtml, escapeXml } from '../../../../../main/core/base/entities'

describe('decodeEntities', () => {
  it("decodes HTML 4's named references and &apos;", () => {
    expect(decodeEntities('Caf&eacute; &amp; Cr&egrave;me &ndash; &euro;5 &hellip;')).toBe('Café & Crème – €5 …')
    expect(decodeEntities('&lt;b&gt; &quot;q&quot; &apos;a&apos; &sup2; &Omega;')).toBe('<b> "q" \'a\' ² Ω')
    expect(decodeEntities('a&nbsp;b')).toBe('a\u00a0b')
  })

  it('decodes decimal and hex references, astral ones too', () => {
    expect(decodeEntities('&#65;&#x42;&#X43; &#128512; &#x1F600;')).toBe('ABC 😀 😀')
  })

  it('reads 0x80–0x9F as windows-1252, as browsers do', () => {
    expect(decodeEntities('it&#146;s &#147;q&#148; &#150; &#128;')).toBe('it’s “q” – €')
  })

  it('turns impossible code points into U+FFFD', () => {
    expect(decodeEntities('&#0; &#xD800; &#x110000;')).toBe('\ufffd \ufffd \ufffd')
  })

  it('leaves unknown names, missing semicolons and other case spellings as written', () => {
    expect(decodeEntities('&bogus; &amp &copy2 &EACUTE; &AMP; ?a=1&b=2')).toBe('&bogus; &amp &copy2 &EACUTE; &AMP; ?a=1&b=2')
  })

  it('decodes once: a double-escaped reference comes out escaped once', () => {
    expect(decodeEntities('&amp;amp; &amp;lt;')).toBe('&amp; &lt;')
  })
})

describe('escapeHtml and escapeXml', () => {
  it('write text that decodes back to itself', () => {
    const text = 'Tom & "Jerry" <3 \'n\' café'
    expect(escapeHtml(text)).toBe('Tom &amp; &quot;Jerry&quot; &lt;3 \'n\' café')
    expect(decodeEntities(escapeHtml(text))).toBe(text)
    expect(decodeEntities(escapeXml(text))).toBe(text)
  })

  it('escapeXml keeps line breaks in attributes and drops what XML 1.0 forbids', () => {
    expect(escapeXml('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d')
    expect(escapeXml('a\u0000b\u000bc\ud800d\uffff')).toBe('abcd')
    expect(escapeXml('😀')).toBe('😀')
  })
})
