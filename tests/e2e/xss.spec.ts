// A saved page full of well-known XSS payloads (OWASP cheat-sheet style) goes
// through the real import, then is shown in the reader in Chromium: nothing may run.
// The same payloads rendered raw in a blank page do run, which shows the harness
// would notice if one got through.
import type { Page } from '@playwright/test'
import { call, expect, test } from './fixtures'

const RUN = 'top.__xss=(top.__xss||0)+1'

export const PAYLOADS = [
  `<script>${RUN}</script>`,
  `<SCRIPT SRC=data:text/javascript,${RUN}></SCRIPT>`,
  `<img src=x onerror="${RUN}">`,
  `<IMG SRC="javascript:${RUN}">`,
  `<IMG SRC=JaVaScRiPt:${RUN}>`,
  `<img src=1 onload="${RUN}">`,
  `<svg onload="${RUN}"></svg>`,
  `<svg><script>${RUN}</script></svg>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<iframe srcdoc="<script>${RUN}</script>"></iframe>`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="data:text/html,<script>${RUN}</script>">`,
  `<a href="javascript:${RUN}">click</a>`,
  `<a href="  javascript:${RUN}">spaced</a>`,
  `<a href="jav&#x09;ascript:${RUN}">tab</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${RUN}">entities</a>`,
  `<a href="data:text/html,<script>${RUN}</script>">data</a>`,
  `<a href="vbscript:msgbox(1)">vb</a>`,
  `<div onmouseover="${RUN}">hover</div>`,
  `<p onclick="${RUN}">click</p>`,
  `<input autofocus onfocus="${RUN}">`,
  `<select autofocus onfocus="${RUN}"></select>`,
  `<textarea autofocus onfocus="${RUN}"></textarea>`,
  `<details open ontoggle="${RUN}"><summary>x</summary></details>`,
  `<video><source onerror="${RUN}"></video>`,
  `<audio src=x onerror="${RUN}"></audio>`,
  `<marquee onstart="${RUN}">m</marquee>`,
  `<form action="javascript:${RUN}"><button>go</button></form>`,
  `<button formaction="javascript:${RUN}">b</button>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}"></style></mglyph></table></mtext></math>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>"></noscript>`,
  `<style>@import 'data:text/css,body{background:red}';</style>`,
  `<div style="background:url(javascript:${RUN})">style</div>`,
  `<div style="width:expression(${RUN})">ie</div>`,
  `<link rel=stylesheet href="data:text/css,*{}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<base href="javascript:${RUN}//">`,
  `<table background="javascript:${RUN}"><tr><td>t</td></tr></table>`,
  `<img """><script>${RUN}</script>">`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `<<script>${RUN};//<</script>`,
  `<img src=x:alert(1) onerror=eval(src)>`,
  `<svg><a xlink:href="javascript:${RUN}"><text y=20>svg link</text></a></svg>`,
  `<math><a xlink:href="javascript:${RUN}">math link</a></math>`,
  `<isindex action="javascript:${RUN}" type=submit>`,
  `<keygen autofocus onfocus="${RUN}">`,
  `<template><img src=x onerror="${RUN}"></template>`,
  `<img srcset="x 1x" onerror="${RUN}">`,
  `<picture><source srcset=x><img src=x onerror="${RUN}"></picture>`,
  `<object type="text/html" data="data:text/html,<script>${RUN}</script>"></object>`,
  `<div id="x" tabindex=1 onfocusin="${RUN}" autofocus>focusin</div>`,
  `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='${RUN}'/>">`,
  `<a href="#" onclick="${RUN}">inline handler</a>`,
  `<xss onanimationstart="${RUN}" style="animation-name:x">anim</xss>`,
  `"><img src=x onerror=${RUN}>`,
  // Last: these swallow the rest of the page (an unclosed <svg>, an unclosed quote),
  // in a browser as in our parser, and a parser that is not the browser's may start
  // a new document at <frameset> or <body>.
  `<svg><animate onbegin="${RUN}" attributeName=x dur=1s>`,
  `<img src="x` + '`' + `onerror=${RUN}>`,
  `'--><svg onload=${RUN}>`,
  `<frameset onload="${RUN}"></frameset>`,
  `<body onload="${RUN}">`,
]

function payloadPage(): string {
  const items = PAYLOADS.map((p, i) => `<p>Case ${i + 1}: the reader must show this line as plain text.</p>\n${p}`).join('\n')
  return `<!doctype html><html><head><title>XSS test page</title><meta property="og:title" content="XSS test page">
<meta name="author" content="Test Author"></head><body><article><h1>XSS test page</h1>
<p>This page collects well-known attack strings. Each must arrive in the reader as harmless text, or not at all.</p>
${items}
<p>End of the test page. Nothing above may have run.</p></article></body></html>`
}

/** Fires the events payloads hang on, on every element of a container. */
async function provoke(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const root = document.querySelector(sel)
    if (!root) throw new Error(`no ${sel}`)
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const type of ['mouseover', 'focus', 'focusin', 'load', 'error', 'toggle', 'animationstart', 'begin']) el.dispatchEvent(new Event(type))
      if (el instanceof HTMLElement && el.tagName !== 'A' && el.tagName !== 'BUTTON') el.click()
    }
  }, selector)
  await page.waitForTimeout(500)
}

test('the payloads run when rendered raw (the harness can see an attack)', async ({ browser }) => {
  const page = await browser.newPage()
  let dialogs = 0
  page.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  await page.setContent(`<div id="raw">${PAYLOADS.join('\n')}</div>`)
  await provoke(page, '#raw')
  const ran = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)
  expect(ran + dialogs).toBeGreaterThan(10)
  await page.close()
})

test('a saved page full of XSS payloads imports with none of them running in the reader', async ({ app: page, host }) => {
  let dialogs = 0
  page.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  const imported = await call(page.request, host.origin, 'library:import', { name: 'xss.html', content: payloadPage() })
  expect(imported.kind).toBe('page')
  const id = imported.articles[0]!.id
  const stored = await call(page.request, host.origin, 'articles:get', { id })
  expect(stored.text).toContain('Case 55')

  await page.reload()
  const row = page.getByRole('option').filter({ hasText: 'XSS test page' })
  await row.click()
  await expect(page.getByRole('article').getByRole('heading', { level: 1 })).toHaveText('XSS test page')
  const body = page.locator('.article-body')
  await expect(body).toContainText('Case 55: the reader must show')

  await provoke(page, '.article-body')
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBe(0)
  expect(dialogs).toBe(0)
  // Nothing executable is even in the document.
  const constructs = await body.evaluate((root) => {
    const found: string[] = []
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (/^(SCRIPT|IFRAME|OBJECT|EMBED|BASE|META|FORM|STYLE|LINK|FRAME|FRAMESET|TEMPLATE)$/.test(el.tagName)) found.push(el.tagName)
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name === 'srcdoc') found.push(`${el.tagName}[${attr.name}]`)
        if (/^(href|src|action|formaction|xlink:href|background)$/i.test(attr.name) && /^\s*(javascript|vbscript|data:text)/i.test(attr.value)) found.push(`${el.tagName}[${attr.name}=${attr.value.slice(0, 30)}]`)
      }
    }
    return found
  })
  expect(constructs).toEqual([])
  // Every case line is still there, as text.
  for (const n of [1, 20, 40, 55]) await expect(body).toContainText(`Case ${n}: the reader must show this line as plain text.`)
})
