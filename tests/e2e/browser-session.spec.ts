// Browser mode's access, in Chromium: a page served from another port of 127.0.0.1 is
// sent nothing that opens the library, and cannot lock the reader out by planting a
// cookie; the printed address works once; a reload keeps working.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { call, expect, test } from './fixtures'

/** A page on another local port, as any other program could serve one: it plants cookies and keeps what it is sent. */
async function otherPort(victimPort: number): Promise<{ origin: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = []
  const server: Server = createServer((req, res) => {
    received.push(req.headers.cookie ?? '')
    res.setHeader('set-cookie', [`offprint-${victimPort}=planted; Path=/api`, `offprint-${victimPort}=planted; Path=/`, 'offprint=planted; Path=/'])
    res.setHeader('content-type', 'text/html')
    res.end('<!doctype html><title>elsewhere</title><p>another local page</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

const rows = (page: import('@playwright/test').Page) => page.getByRole('listbox').locator('[role=option][data-article-id]')

test('another local port is sent no credential and cannot lock the reader out; the address works once', async ({ app: page, host, context }) => {
  const token = new URL(host.url).searchParams.get('token')!
  // The token is out of the address bar, and nothing was put in a cookie.
  expect(page.url()).toBe(`${host.origin}/`)
  expect(await context.cookies(host.origin)).toEqual([])
  const key = await page.evaluate(() => sessionStorage.getItem('offprint-session'))
  expect(key).toMatch(/^[\w-]{43}$/)

  const port = Number(new URL(host.origin).port)
  const elsewhere = await otherPort(port)
  try {
    const other = await context.newPage()
    await other.goto(elsewhere.origin)
    await other.reload()
    for (const cookies of elsewhere.received) {
      expect(cookies).not.toContain(token)
      expect(cookies).not.toContain(key)
    }
    // Its cookies reached our host's address (cookies ignore ports): they must change nothing.
    expect((await context.cookies(host.origin)).map((c) => c.value)).toContain('planted')
    await other.close()

    await page.reload()
    await expect(rows(page).first()).toBeVisible()
    const overview = await call(page.request, host.origin, 'library:overview')
    expect(overview.counts.all).toBeGreaterThan(0)
  } finally {
    await elsewhere.close()
  }

  // The address printed (and kept in the browser's history) opens nothing a second time.
  const second = await context.newPage()
  const response = await second.goto(host.url)
  expect(response!.status()).toBe(410)
  await expect(second.getByText('This address has been used already')).toBeVisible()
  await second.close()
  // And the tab it opened goes on.
  await page.reload()
  await expect(rows(page).first()).toBeVisible()
})
