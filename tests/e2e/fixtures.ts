// One browser-mode host per test, on its own temporary data folder (a new folder
// gets the bundled sample library). The page is opened at the address the host
// prints (its token works once; the page keeps the session key it got for it, and
// `call` uses that key), and every test fails on an uncaught page error or a CSP violation.
import { test as base, expect, type Page, type APIRequestContext } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChannelName, Input, Output } from '../../common/contract'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'dist/main/cli.js')
const URL_LINE = /Offprint is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/

export interface Host {
  /** The address printed by the host, with its token. */
  url: string
  origin: string
  dataDir: string
  stderr(): string
  stop(): Promise<void>
  /** Starts the host again on the same data folder (after stop); returns the new address. */
  restart(): Promise<string>
}

export interface HostProcess {
  child: ChildProcess
  url: string
  stderr: string[]
}

export async function startHost(dataDir: string): Promise<HostProcess> {
  if (!existsSync(cli) || !existsSync(join(root, 'dist/renderer/index.html'))) {
    throw new Error('Offprint is not built: run `node scripts/build.mjs` (or `npm run build`) first.')
  }
  const child = spawn(process.execPath, [cli, '--data', dataDir, 'serve', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const stderr: string[] = []
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error('the host did not print its address within 20 s')), 20_000)
    const fail = (err: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${err.message}\nstdout: ${out}\nstderr: ${stderr.join('')}`))
    }
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const newline = out.indexOf('\n')
      if (newline < 0) return
      const match = URL_LINE.exec(out.slice(0, newline))
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      } else fail(new Error(`unexpected first line from the host: ${out.slice(0, newline)}`))
    })
    child.once('exit', (code) => fail(new Error(`the host exited with code ${code}`)))
  })
  return { child, url, stderr }
}

export async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** The page behind each request context, so that `call` can use that page's session key. */
const pages = new WeakMap<APIRequestContext, Page>()

/**
 * The session key the page at `origin` got for its token (kept in its sessionStorage, as
 * renderer/api/http-bridge.ts keeps it); waits for the page to have made the exchange.
 */
async function sessionKey(page: Page, origin: string): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const here = new URL(page.url()).origin === origin
    const key = here ? await page.evaluate((name) => sessionStorage.getItem(name), 'offprint-session').catch(() => null) : null
    if (key) return key
    if (Date.now() > deadline) throw new Error(`no page at ${origin} holds an Offprint session key (is the app open there?)`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Calls a bridge channel the way the page does, with the page's own session key. */
export async function call<C extends ChannelName>(
  request: APIRequestContext,
  origin: string,
  channel: C,
  input?: Input<C>,
): Promise<Output<C>> {
  const page = pages.get(request)
  if (!page) throw new Error('call() needs page.request of the test’s page')
  const key = await sessionKey(page, origin)
  const res = await request.post(`${origin}/api/${channel}`, { data: { input: input ?? null }, headers: { authorization: `Bearer ${key}` } })
  const body = (await res.json()) as { ok: boolean; data?: Output<C>; message?: string }
  if (!body.ok) throw new Error(`${channel}: ${body.message}`)
  return body.data!
}

export const test = base.extend<{ host: Host; app: Page }>({
  page: async ({ page }, use) => {
    pages.set(page.request, page)
    await use(page)
  },

  // Playwright reads a fixture's dependencies from its destructured first argument: none here.
  host: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'offprint-e2e-'))
    let current = await startHost(dataDir)
    const host: Host = {
      get url() {
        return current.url
      },
      get origin() {
        return new URL(current.url).origin
      },
      dataDir,
      stderr: () => current.stderr.join(''),
      stop: () => stopHost(current.child),
      restart: async () => {
        await stopHost(current.child)
        current = await startHost(dataDir)
        return current.url
      },
    }
    await use(host)
    await stopHost(current.child)
    rmSync(dataDir, { recursive: true, force: true })
  },

  app: async ({ page, host }, use) => {
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    page.on('console', (msg) => {
      const text = msg.text()
      // A <meta> CSP cannot carry frame-ancestors; the host sends it as a header too.
      if (/frame-ancestors/.test(text)) return
      if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`)
    })
    await page.goto(host.url)
    // Rows of the first page, not just the list's frame or its placeholders.
    await expect(page.getByRole('listbox').locator('[role=option][data-article-id]').first()).toBeVisible()
    await use(page)
    expect(problems, 'no page errors or CSP violations').toEqual([])
  },
})

export { expect }
