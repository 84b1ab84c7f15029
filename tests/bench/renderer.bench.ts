// The renderer with 50,000 articles, in Debian's Chromium against browser mode on a
// generated library: how soon the first rows show, how many row elements exist while
// scrolled deep into the list, and how long frames take while it scrolls.
//   npm run bench -- renderer
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateLibrary } from './generate-library'

type Emit = (name: string, value: number, unit: string) => void

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'dist/main/cli.js')
const CHROMIUM = '/usr/bin/chromium'
const COUNT = 50_000
// As in playwright.config.ts.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

const ROW = '[role=option][data-article-id]'

// What runs in the page is written as strings: this file is type-checked without the DOM.
const MARK_FIRST_ROW = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('${ROW}')) return
    observer.disconnect()
    requestAnimationFrame(() => (window.__firstRow = performance.now()))
  })
  observer.observe(document, { childList: true, subtree: true })
})()`

const list = `document.querySelector('[role=listbox]')`
const scrollTo = (fraction: number) => `(() => { const el = ${list}; el.scrollTop = (el.scrollHeight - el.clientHeight) * ${fraction} })()`
const rowNear = (index: number) => `[...document.querySelectorAll('${ROW}')].some((r) => Math.abs(Number(r.getAttribute('aria-posinset')) - ${index}) < 20)`
// A screenful per frame from the top, for 240 frames: the intervals between frames.
const SCROLL_FRAMES = `new Promise((resolve) => {
  const el = ${list}
  el.scrollTop = 0
  const out = []
  let last = 0
  let frames = 0
  const step = (t) => {
    if (last) out.push(t - last)
    last = t
    el.scrollTop += 600
    if (++frames < 240) requestAnimationFrame(step)
    else resolve(out)
  }
  requestAnimationFrame(step)
})`

function skip(reason: string): void {
  process.stderr.write(`bench renderer skipped: ${reason}\n`)
}

async function startHost(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, '--data', dataDir, 'serve', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`the host did not start within 30 s: ${err}`)), 30_000)
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const match = /Offprint is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`the host exited with code ${code}: ${err}`)))
  })
  return { child, url }
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** Polls an expression in the page (waitForFunction would eval, which the app's CSP refuses). */
async function waitFor(page: { evaluate<R>(expression: string): Promise<R> }, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression.slice(0, 80)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function run(emit: Emit): Promise<void> {
  if (!existsSync(CHROMIUM)) return skip(`${CHROMIUM} is not installed (apt-get install chromium)`)
  if (!existsSync(cli) || !existsSync(join(root, 'dist/renderer/index.html'))) return skip('dist/ is not built (node scripts/build.mjs)')
  let chromium: typeof import('playwright-core').chromium
  try {
    ;({ chromium } = await import('playwright-core'))
  } catch {
    return skip('playwright-core is not installed')
  }

  const dir = mkdtempSync(join(tmpdir(), 'offprint-bench-renderer-'))
  let host: { child: ChildProcess; url: string } | null = null
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  try {
    const gen = await generateLibrary(dir, COUNT)
    process.stderr.write(`bench renderer: generated ${COUNT} articles in ${gen.seconds.toFixed(1)} s\n`)
    let started = performance.now()
    host = await startHost(dir)
    process.stderr.write(`bench renderer: host up in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)

    // The host builds the search index of a library it has never indexed, in the
    // background; the reader's first start after a big import pays that once. Measure
    // the steady state: wait for the index (a search waits for it) before the loads.
    started = performance.now()
    const warm = await browser.newPage()
    await warm.goto(host.url)
    await warm.evaluate(`fetch('/api/search:query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { query: 'warm' } }) }).then((r) => r.json())`)
    await warm.context().close()
    process.stderr.write(`bench renderer: search index ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)

    // Navigation start -> the first row painted: the frame after it entered the DOM.
    const paints: number[] = []
    let page = null as Awaited<ReturnType<typeof browser.newPage>> | null
    for (let i = 0; i < 3; i++) {
      await page?.context().close()
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      page = await context.newPage()
      await page.addInitScript({ content: MARK_FIRST_ROW })
      await page.goto(host.url)
      await waitFor(page, 'window.__firstRow !== undefined', 30_000)
      paints.push(await page.evaluate<number>('window.__firstRow'))
    }
    emit('list_first_paint_50k_ms', median(paints), 'ms')
    process.stderr.write(`bench renderer: first paints ${paints.map((p) => p.toFixed(0)).join(', ')} ms\n`)

    const p = page!
    const total = await p.locator('.list-count').innerText()
    if (total.replace(/\D/g, '') !== String(COUNT)) throw new Error(`the list shows "${total}", not ${COUNT} articles`)

    // Row elements in the DOM, scrolled to the middle and to the end (rows loaded, not placeholders).
    let rows = 0
    for (const [where, index] of [
      ['middle', COUNT / 2],
      ['end', COUNT],
    ] as const) {
      await p.evaluate(scrollTo(where === 'middle' ? 0.5 : 1))
      await waitFor(p, rowNear(index), 15_000)
      rows = Math.max(rows, await p.locator('[role=listbox] [role=option]').count())
    }
    emit('list_dom_rows_50k', rows, 'rows')

    // Frames while the list scrolls programmatically from the top, a screenful per frame.
    const intervals = await p.evaluate<number[]>(SCROLL_FRAMES)
    const sorted = [...intervals].sort((a, b) => a - b)
    emit('list_scroll_frame_p95_ms', sorted[Math.floor(sorted.length * 0.95)]!, 'ms')
  } finally {
    await browser.close()
    if (host) await stopHost(host.child)
    rmSync(dir, { recursive: true, force: true })
  }
}
