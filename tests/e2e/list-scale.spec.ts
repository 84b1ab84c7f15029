// The article list at 50,000 rows. The host's list channel is answered here with
// synthetic pages, so what is measured is the renderer alone: it must fetch only the
// pages it shows, keep the DOM small, and still reach any row from the keyboard.
import type { Page, Route } from '@playwright/test'
import type { ArticleSummary } from '../../common/contract'
import { expect, test } from './fixtures'

const TOTAL = 50_000
const day = 86_400_000

function row(i: number): ArticleSummary {
  return {
    id: `synthetic-${i}`,
    feedId: null,
    title: `Synthetic article ${i + 1}`,
    url: `https://example.invalid/${i + 1}`,
    siteName: `Site ${i % 37}`,
    author: '',
    published: new Date(Date.UTC(2026, 10, 27) - i * day / 24).toISOString(),
    excerpt: `Row ${i + 1} of ${TOTAL}: a summary long enough to wrap onto a second line in the list, as real ones do.`,
    image: '',
    read: true,
    starred: false,
    notes: 0,
  }
}

const channel = (route: Route) => decodeURIComponent(new URL(route.request().url()).pathname).slice('/api/'.length)

async function serveSynthetic(page: Page, offsets: number[]) {
  await page.route(/\/api\/articles(%3A|:)(list|get|related)$/, async (route) => {
    const { input } = route.request().postDataJSON() as { input: Record<string, unknown> }
    switch (channel(route)) {
      case 'articles:list': {
        const offset = input.offset as number
        const limit = input.limit as number
        offsets.push(offset)
        const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k) => row(offset + k))
        return route.fulfill({ json: { ok: true, data: { total: TOTAL, offset, items } } })
      }
      case 'articles:get': {
        const i = Number(String(input.id).split('-')[1])
        const summary = row(i)
        const html = `<p>${summary.excerpt}</p>`
        return route.fulfill({ json: { ok: true, data: { ...summary, added: summary.published, guid: summary.id, contentHash: '', words: 20, html, text: summary.excerpt, textVersion: 1 } } })
      }
      default:
        return route.fulfill({ json: { ok: true, data: { readAlso: [], related: [], recent: [] } } })
    }
  })
}

test('a list of 50,000 articles loads page by page and stays light', async ({ host, page }) => {
  const offsets: number[] = []
  await serveSynthetic(page, offsets)
  const list = page.getByRole('listbox')
  const options = list.getByRole('option')

  await page.goto(host.url)
  await expect(list.locator('[aria-posinset="1"]')).toContainText('Synthetic article 1')
  const firstPaint = await page.evaluate(() => performance.now())
  test.info().annotations.push({ type: 'first rows painted', description: `${Math.round(firstPaint)} ms after navigation` })
  expect(firstPaint).toBeLessThan(3_000)
  await expect(page.locator('.list-count')).toHaveText('50,000 articles')
  expect(await options.count()).toBeLessThan(40)
  expect(offsets).toEqual([0])

  // Scrolling to the end asks for the last page only, not the 499 before it.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(list.locator(`[aria-posinset="${TOTAL}"]`)).toContainText(`Synthetic article ${TOTAL}`)
  expect(await options.count()).toBeLessThan(40)
  expect(offsets).toContain(49_900)
  expect(offsets.length).toBeLessThanOrEqual(3)

  await list.evaluate((el) => (el.scrollTop = 25_000 * 112))
  await expect(list.locator('[aria-posinset="25001"]')).toContainText('Synthetic article 25001')

  // Scrolling stays smooth: frames while the list scrolls 30,000 rows in steps.
  const frames = await list.evaluate(
    (el) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = []
        let last = performance.now()
        const step = () => {
          const now = performance.now()
          times.push(now - last)
          last = now
          el.scrollTop += 1_000
          if (times.length < 120) requestAnimationFrame(step)
          else resolve(times.slice(1))
        }
        requestAnimationFrame(step)
      }),
  )
  frames.sort((a, b) => a - b)
  const median = frames[Math.floor(frames.length / 2)]!
  const p95 = frames[Math.floor(frames.length * 0.95)]!
  test.info().annotations.push({ type: 'scroll frame time', description: `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms` })
  // The 60 fps goal is measured by the bench; here, under whatever else the machine is
  // doing, a median under three frames still tells a virtual list from a 50,000-row one.
  expect(median).toBeLessThan(50)

  // The keyboard reaches rows whose page was never shown, and across page boundaries.
  await list.focus()
  await page.keyboard.press('End')
  await expect(page.getByRole('article').getByRole('heading', { level: 1 })).toHaveText(`Synthetic article ${TOTAL}`)
  await expect(list.locator('[aria-selected=true]')).toBeInViewport()
  await page.keyboard.press('Home')
  await expect(page.getByRole('article').getByRole('heading', { level: 1 })).toHaveText('Synthetic article 1')
  await list.evaluate((el) => (el.scrollTop = 95 * 112))
  await list.locator('[aria-posinset="100"]').click()
  await page.keyboard.press('j')
  await expect(page.getByRole('article').getByRole('heading', { level: 1 })).toHaveText('Synthetic article 101')
  await expect(list.locator('[aria-selected=true]')).toHaveAttribute('aria-posinset', '101')
})
