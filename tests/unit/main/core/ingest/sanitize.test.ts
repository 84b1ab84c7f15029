import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOMParser, parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../../../../main/core/ingest/sanitize'
import { corpusPath, describeCorpus } from '../../../../helpers/corpus'
import { executableConstructs, textOf } from './pages-helpers'

const BASE = 'https://news.example/world/story.html'

// Well-known XSS and mutation-XSS payloads, in the style of the OWASP filter evasion
// cheat sheet and the DOMPurify/mXSS literature.
const PAYLOADS = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  `<IMG SRC=\`javascript:alert("RSnake says, 'XSS'")\`>`,
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav	ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>`,
  `<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^\`=alert("XSS")>`,
  `<SCRIPT/SRC="http://xss.example/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.example/xss.js?< B >`,
  `<SCRIPT SRC=//xss.example/.j>`,
  `<IMG SRC="\`<javascript:alert>\`('XSS')"`,
  `<iframe src=http://xss.example/scriptlet.html <`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<IMG SRC='vbscript:msgbox("XSS")'>`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
  `<BODY ONLOAD=alert('XSS')>`,
  `<BGSOUND SRC="javascript:alert('XSS');">`,
  `<BR SIZE="&{alert('XSS')}">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
  `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
  `<TABLE BACKGROUND="javascript:alert('XSS')"><TD BACKGROUND="javascript:alert('XSS')">x</TD></TABLE>`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`,
  `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<a href="  javascript:alert(1)">x</a>`,
  `<a href="&#1;javascript:alert(1)">x</a>`,
  `<a href="javascript&colon;alert(1)">x</a>`,
  `<a href="jAvAsCrIpT&#58;alert(1)">x</a>`,
  `<form action="javascript:alert(1)"><input type=submit></form>`,
  `<form><button formaction="javascript:alert(1)">X</button></form>`,
  `<isindex type=image src=1 onerror=alert(1)>`,
  `<details open ontoggle=alert(1)>`,
  `<video><source onerror="alert(1)"></video>`,
  `<audio src=x onerror=alert(1)>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<xmp><img src=x onerror=alert(1)></xmp>`,
  `<textarea><img src=x onerror=alert(1)></textarea>`,
  `<title><img src=x onerror=alert(1)></title>`,
  `<template><img src=x onerror=alert(1)></template>`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
  `<img src="x` + '`' + `\` onerror=alert(1)>`,
  `<a href="http://ok.example/" onclick="alert(1)" target="_blank">ok</a>`,
  `<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>`,
  `<object data="javascript:alert(1)"></object>`,
  `<applet code="x.class"></applet>`,
  `<img src=x:alert(alt) onerror=eval(src) alt=0>`,
  `<portal src="https://xss.example"></portal>`,
]

function expectInert(input: string, output: string): void {
  expect(executableConstructs(output), `input: ${input}\noutput: ${output}`).toEqual([])
}

describe('sanitizeHtml against XSS payloads', () => {
  it('has a real payload list, most of which would be executable unsanitized', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(60)
    const dangerousRaw = PAYLOADS.filter((p) => executableConstructs(p).length > 0)
    // The checker must see the danger in the raw payloads, or the test below proves nothing
    // (the few it misses are legacy vectors no current engine runs).
    expect(dangerousRaw.length).toBeGreaterThanOrEqual(Math.ceil(PAYLOADS.length * 0.9))
  })

  it.each(PAYLOADS.map((p) => [p]))('leaves nothing executable: %s', (payload) => {
    expectInert(payload, sanitizeHtml(payload, BASE))
  })

  it('leaves nothing executable when payloads are nested in article markup', () => {
    const article = `<article><h1>Title</h1>${PAYLOADS.map((p) => `<p>${p}</p>`).join('\n')}</article>`
    expectInert(article, sanitizeHtml(article, BASE))
  })
})

/** Payloads of the feedparser sanitize cases: the text of each feed element, as a parser would hand it over. */
function feedparserCases(): { file: string; payload: string; expected: string | null }[] {
  const dir = corpusPath('feeds', 'feedparser', 'wellformed', 'sanitize')
  const cases: { file: string; payload: string; expected: string | null }[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
    const xml = readFileSync(join(dir, file), 'utf8')
    const expect = /Expect:\s+not bozo and \S+ == '((?:[^'\\]|\\.)*)'\s*$/m.exec(xml)
    const expected = expect?.[1] !== undefined ? expect[1].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1') : null
    const doc = new DOMParser().parseFromString(xml.replace(/^<!--[\s\S]*?-->\s*/, ''), 'text/xml')
    for (const el of doc.querySelectorAll('*')) {
      // The fields are the children of the feed, channel, item or entry; inline XHTML
      // carries markup as child elements, everything else as escaped text.
      if (!/^(feed|channel|item|entry)$/.test(el.parentElement?.localName ?? '')) continue
      if (/^(item|entry|channel)$/.test(el.localName)) continue
      const payload = el.children.length ? el.innerHTML : (el.textContent ?? '')
      if (payload.trim()) cases.push({ file, payload, expected })
    }
    cases.push({ file: `${file} (raw)`, payload: xml, expected: null })
  }
  return cases
}

describeCorpus('sanitizeHtml against feedparser sanitize cases', () => {
  const cases = feedparserCases()

  it('found the cases', () => {
    expect(new Set(cases.map((c) => c.file)).size).toBeGreaterThanOrEqual(150)
  })

  it.each(cases.map((c) => [c.file, c]))('%s', (_file, c) => {
    const out = sanitizeHtml(c.payload, BASE)
    expectInert(c.payload, out)
    // Where feedparser expects the safe text to survive, it must survive here too.
    // Browsers (and htmlparser2) run an unterminated comment to the end, where feedparser's
    // SGML parser ends it early: "sa" is what a browser would show for that one.
    if (c.expected && /safe/.test(c.expected) && c.file !== 'xml_malicious_comment.xml') expect(textOf(out)).toBe(textOf(c.expected))
    if (c.expected?.startsWith('<img src="http://www.ragingplatypus.com/i/cam-full.jpg"'))
      expect(out).toBe('<img src="http://www.ragingplatypus.com/i/cam-full.jpg" />')
  })
})

describe('sanitizeHtml keeps what a reader needs', () => {
  const html = `
    <article class="post" id="main" style="color:red">
      <h2>Sub-heading</h2>
      <p>Read also: <a href="/world/other.html" target="_blank" onclick="track()">Another story</a></p>
      <blockquote cite="https://x.example"><p>A quote</p></blockquote>
      <figure><img src="img/photo.jpg" srcset="img/photo-2x.jpg 2x" alt="A photo" width="640" height="480" loading="lazy"><figcaption>Caption</figcaption></figure>
      <table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>
      <pre><code>const x = 1 &lt; 2</code></pre>
      <p>E = mc<sup>2</sup>, H<sub>2</sub>O, <abbr title="World Health Organization">WHO</abbr>, <time datetime="2024-01-02">Jan 2</time></p>
      <details><summary>More</summary><p>Hidden</p></details>
      <p><a href="mailto:desk@news.example">Mail the desk</a> <a href="ftp://files.example/x">ftp</a></p>
    </article>`
  const out = sanitizeHtml(html, BASE)
  const { document } = parseHTML(`<html><body>${out}</body></html>`)

  it('resolves relative links, forces rel and drops targets and handlers', () => {
    const link = document.querySelector('a')!
    expect(link.getAttribute('href')).toBe('https://news.example/world/other.html')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(link.hasAttribute('target')).toBe(false)
    expect(link.parentNode!.textContent).toBe('Read also: Another story')
  })

  it('keeps images with resolved sources and sizes, without srcset or loading', () => {
    const img = document.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://news.example/world/img/photo.jpg')
    expect(img.getAttribute('alt')).toBe('A photo')
    expect(img.getAttribute('width')).toBe('640')
    expect(img.hasAttribute('srcset')).toBe(false)
    expect(img.hasAttribute('loading')).toBe(false)
  })

  it('keeps structure and drops class, id and style', () => {
    for (const tag of ['h2', 'blockquote', 'figure', 'figcaption', 'table', 'th', 'td', 'pre', 'code', 'sup', 'sub', 'abbr', 'time', 'details', 'summary'])
      expect(document.querySelector(tag), tag).not.toBeNull()
    expect(document.querySelector('td')!.getAttribute('colspan')).toBe('2')
    expect(document.querySelector('abbr')!.getAttribute('title')).toBe('World Health Organization')
    expect(document.querySelector('time')!.getAttribute('datetime')).toBe('2024-01-02')
    expect(out).not.toMatch(/class=|id=|style=/)
    expect(document.querySelector('code')!.textContent).toBe('const x = 1 < 2')
  })

  it('allows mailto links but not other schemes', () => {
    const hrefs: (string | null)[] = []
    for (const a of document.querySelectorAll('a')) hrefs.push(a.getAttribute('href'))
    expect(hrefs).toContain('mailto:desk@news.example')
    expect(hrefs.some((h) => h?.startsWith('ftp:'))).toBe(false)
    expect(out).toContain('<span>ftp</span>')
  })
})

describe('sanitizeHtml and lazy images', () => {
  const cases: [string, string][] = [
    [`<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="/a.jpg">`, 'https://news.example/a.jpg'],
    [`<img data-lazy-src="b.jpg">`, 'https://news.example/world/b.jpg'],
    [`<img src="/static/placeholder.png" data-original="//cdn.example/c.jpg">`, 'https://cdn.example/c.jpg'],
    [`<img src="" data-srcset="d-480.jpg 480w, d-960.jpg 960w">`, 'https://news.example/world/d-960.jpg'],
    [`<img src="real.jpg" data-src="other.jpg">`, 'https://news.example/world/real.jpg'],
  ]
  it.each(cases)('%s → %s', (input, src) => {
    const { document } = parseHTML(`<html><body>${sanitizeHtml(input, BASE)}</body></html>`)
    expect(document.querySelector('img')?.getAttribute('src')).toBe(src)
  })

  it('drops images with no usable source, and svg data images', () => {
    expect(sanitizeHtml('<p>a<img alt="x">b</p>', BASE)).toBe('<p>ab</p>')
    expect(sanitizeHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">', BASE)).toBe('')
    expect(sanitizeHtml('<img src="data:text/html;base64,PHN2Zz4=">', BASE)).toBe('')
    expect(sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=">', BASE)).toBe('<img src="data:image/png;base64,iVBORw0KGgo=" />')
  })

  it('drops relative addresses when there is no base', () => {
    expect(sanitizeHtml('<a href="/x">x</a><img src="y.png">', '')).toBe('<span>x</span>')
  })
})
