// The reader's foundation, end to end: browser mode on a fresh sample library.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { call, expect, test } from './fixtures'

const list = (page: Page) => page.getByRole('listbox')
const options = (page: Page) => list(page).getByRole('option')
const headline = (page: Page) => page.getByRole('article').getByRole('heading', { level: 1 })
const sources = (page: Page) => page.getByRole('navigation', { name: 'Sources' })
const toast = (page: Page) => page.locator('.toast')

/** The number shown beside a smart view in the sidebar (0 when none is shown). */
async function countOf(page: Page, view: 'All articles' | 'Unread' | 'Starred'): Promise<number> {
  const badge = sources(page).getByRole('button', { name: new RegExp(`^${view}\\b`) }).locator('.count')
  if ((await badge.count()) === 0) return 0
  return Number((await badge.innerText()).replace(/\D/g, ''))
}

/** Opens the list row at a position, scrolling the virtual list to it first. */
async function openRow(page: Page, index: number): Promise<string> {
  await list(page).evaluate((el, i) => (el.scrollTop = Math.max(0, i * 112 - 100)), index)
  const row = list(page).locator(`[role=option][aria-posinset="${index + 1}"]`)
  const title = await row.locator('.row-title').innerText()
  await row.click()
  await expect(headline(page)).toHaveText(title)
  return title
}

async function articlesInOrder(page: Page, origin: string) {
  return (await call(page.request, origin, 'articles:list', { limit: 1000 })).items
}

test('shows the sample library and opens an article with its related reading', async ({ app: page, host }) => {
  await expect(page.getByRole('heading', { name: 'All articles', level: 2 })).toBeVisible()
  const first = options(page).first()
  await expect(first).toBeVisible()
  const total = Number(await first.getAttribute('aria-setsize'))
  expect(total).toBeGreaterThanOrEqual(12)
  await expect(page.locator('.list-count')).toHaveText(`${total} articles`)
  expect(await countOf(page, 'All articles')).toBe(total)
  // Folders with their feeds, each feed with its unread count.
  const feedsList = sources(page).getByRole('list', { name: 'Feeds' })
  await expect(feedsList.getByRole('button', { name: /^Expand|^Collapse/ }).first()).toBeVisible()
  expect(await feedsList.locator('.feed-row').count()).toBeGreaterThanOrEqual(4)

  // Thumbnails come from the local media store, not the network.
  const thumb = list(page).locator('img.row-thumb').first()
  await expect(thumb).toHaveAttribute('src', /^\/media\//)
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
  // So do the feeds' icons, beside each feed and on each of its articles.
  const feedIcons = feedsList.locator('.feed-row img.source-icon')
  await expect(feedIcons).toHaveCount(await feedsList.locator('.feed-row').count())
  for (const img of [feedIcons.first(), first.locator('img.source-icon')]) {
    await expect(img).toHaveAttribute('src', /^\/media\//)
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(64)
  }

  const title = await first.locator('.row-title').innerText()
  await first.click()
  await expect(first).toHaveAttribute('aria-selected', 'true')
  await expect(headline(page)).toHaveText(title)
  const body = page.locator('.article-body')
  expect((await body.innerText()).length).toBeGreaterThan(300)
  const [summary] = await articlesInOrder(page, host.origin)
  await expect(page.locator('.article-site')).toHaveText(summary!.siteName, { ignoreCase: true })

  const related = page.getByRole('region', { name: 'Related news' })
  const relatedItem = related.getByRole('button').first()
  await expect(relatedItem).toBeVisible()
  const relatedTitle = await relatedItem.locator('.card-title').innerText()
  await relatedItem.click()
  await expect(headline(page)).toHaveText(relatedTitle)

  await page.getByRole('button', { name: 'Back' }).click()
  await expect(headline(page)).toHaveText(title)

  const recent = page.getByRole('region', { name: 'Recent articles' })
  const recentItem = recent.getByRole('button').filter({ hasNotText: title }).first()
  const recentTitle = await recentItem.locator('.recent-title').innerText()
  await recentItem.click()
  await expect(headline(page)).toHaveText(recentTitle)
  await expect(page.getByRole('button', { name: 'Back' })).toBeVisible()
})

test('"Read also" opens the stored article, from its block and from the link in the text', async ({ app: page, host }) => {
  const items = await articlesInOrder(page, host.origin)
  let found: { index: number; target: { id: string; title: string; url: string } } | null = null
  for (const [index, item] of items.entries()) {
    const r = await call(page.request, host.origin, 'articles:related', { id: item.id })
    const target = r.readAlso[0]
    if (target) {
      found = { index, target }
      break
    }
  }
  expect(found, 'the sample library has an article with a "Read also" link').not.toBeNull()
  const { index, target } = found!
  const targetTitle = (await call(page.request, host.origin, 'articles:get', { id: target.id })).title
  const title = await openRow(page, index)

  const block = page.getByRole('region', { name: 'Read also' })
  await block.getByRole('button', { name: targetTitle }).click()
  await expect(headline(page)).toHaveText(targetTitle)

  await page.getByRole('button', { name: 'Back' }).click()
  await expect(headline(page)).toHaveText(title)

  const before = page.url()
  const inline = page.locator('.article-body a').filter({ hasText: targetTitle }).first()
  await expect(inline).toBeVisible()
  await inline.click()
  await expect(headline(page)).toHaveText(targetTitle)
  expect(page.url()).toBe(before)
  expect(page.context().pages()).toHaveLength(1)
})

test('links to the web go out through the bridge; the window never navigates', async ({ app: page, host }) => {
  const context = page.context()
  // Stand-in for the web: nothing leaves the machine.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ contentType: 'text/plain', body: 'the web' }))
  // The sample links only to its own articles; give this one a link to elsewhere too.
  const elsewhere = 'https://elsewhere.example/a/story?x=1'
  await page.route(/\/api\/articles(%3A|:)get$/, async (route) => {
    const body = (await (await route.fetch()).json()) as { ok: boolean; data: { html: string } }
    body.data.html += `<p>See <a href="${elsewhere}">the other story</a>.</p>`
    await route.fulfill({ json: body })
  })
  const openExternal = (r: { url(): string }) => decodeURIComponent(r.url()).endsWith('/api/app:openExternal')

  const [first] = await articlesInOrder(page, host.origin)
  await options(page).first().click()
  await expect(headline(page)).toHaveText(first!.title)
  const before = page.url()

  let asked = page.waitForRequest(openExternal)
  let popup = page.waitForEvent('popup')
  await page.keyboard.press('o')
  expect((await asked).postDataJSON()).toEqual({ input: { url: first!.url } })
  expect((await popup).url()).toBe(first!.url)

  asked = page.waitForRequest(openExternal)
  popup = page.waitForEvent('popup')
  await page.locator('.article-body a', { hasText: 'the other story' }).click()
  expect((await asked).postDataJSON()).toEqual({ input: { url: elsewhere } })
  expect((await popup).url()).toBe(elsewhere)

  expect(page.url()).toBe(before)
  await expect(headline(page)).toHaveText(first!.title)
  expect(await toast(page).innerText()).not.toMatch(/could not be opened/)
})

test('a feed whose last refresh failed is marked in the sidebar', async ({ host, page }) => {
  await page.route(/\/api\/library(%3A|:)overview$/, async (route) => {
    const body = (await (await route.fetch()).json()) as { data: { feeds: { title: string; error: string | null }[] } }
    body.data.feeds[0]!.error = 'HTTP 404 Not Found'
    await route.fulfill({ json: body })
  })
  await page.goto(host.url)
  const failed = sources(page).locator('.feed-row').filter({ has: page.locator('.feed-error') })
  await expect(failed).toHaveCount(1)
  await expect(failed).toContainText('Last refresh failed: HTTP 404 Not Found')
  await expect(sources(page).locator('.feed-row .feed-error')).toHaveCount(1)
})

test('star and read state change the counts at once and persist', async ({ app: page }) => {
  const unread = await countOf(page, 'Unread')
  const starred = await countOf(page, 'Starred')
  const row = options(page).first()
  await expect(row).toHaveClass(/is-unread/)

  // Opening marks read (the default setting).
  await row.click()
  await expect.poll(() => countOf(page, 'Unread')).toBe(unread - 1)
  await expect(row).toHaveClass(/is-read/)

  await page.keyboard.press('m')
  await expect.poll(() => countOf(page, 'Unread')).toBe(unread)
  await expect(row).toHaveClass(/is-unread/)
  await expect(toast(page)).toHaveText('Marked as unread')

  await page.getByRole('button', { name: 'Mark as read' }).click()
  await expect.poll(() => countOf(page, 'Unread')).toBe(unread - 1)

  const star = page.getByRole('button', { name: 'Star', exact: true })
  await expect(star).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('s')
  await expect(star).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(() => countOf(page, 'Starred')).toBe(starred + 1)
  await expect(row.locator('.row-marker svg')).toBeVisible()

  const title = await headline(page).innerText()
  await page.reload()
  await expect(options(page).first()).toBeVisible()
  expect(await countOf(page, 'Unread')).toBe(unread - 1)
  expect(await countOf(page, 'Starred')).toBe(starred + 1)

  await sources(page).getByRole('button', { name: /^Starred/ }).click()
  await expect(page.getByRole('heading', { name: 'Starred', level: 2 })).toBeVisible()
  await expect(options(page)).toHaveCount(starred + 1)
  await options(page).first().click()
  await expect(headline(page)).toHaveText(title)
  await star.click()
  await expect(star).toHaveAttribute('aria-pressed', 'false')
  await expect.poll(() => countOf(page, 'Starred')).toBe(starred)

  // Coming back to the view shows it as it is now, with advice for an empty one.
  await sources(page).getByRole('button', { name: /^Starred/ }).click()
  if (starred === 0) await expect(page.getByText('No starred articles')).toBeVisible()
})

test('the list shows oldest first on request, in every view, and keeps the order after a reload', async ({ app: page, host }) => {
  const newest = await articlesInOrder(page, host.origin)
  const oldest = (await call(page.request, host.origin, 'articles:list', { limit: 1000, sort: 'oldest' })).items
  expect(oldest.map((a) => a.id)).toEqual([...newest].reverse().map((a) => a.id))
  const titles = () => options(page).locator('.row-title').allInnerTexts()
  await expect(options(page).first().locator('.row-title')).toHaveText(newest[0]!.title)

  const order = page.getByRole('button', { name: 'Oldest first' })
  await expect(order).toHaveAttribute('aria-pressed', 'false')
  await order.click()
  await expect(order).toHaveAttribute('aria-pressed', 'true')
  await expect(options(page).first().locator('.row-title')).toHaveText(oldest[0]!.title)
  expect((await titles()).slice(0, 5)).toEqual(oldest.slice(0, 5).map((a) => a.title))
  // j goes down the list: here, to the next newer article.
  await options(page).first().click()
  await page.keyboard.press('j')
  await expect(headline(page)).toHaveText(oldest[1]!.title)

  // A feed's list follows the same order.
  const feed = (await call(page.request, host.origin, 'library:overview')).feeds.find((f) => f.total > 1)!
  await sources(page).locator('.feed-row').filter({ hasText: feed.title }).click()
  const inFeed = (await call(page.request, host.origin, 'articles:list', { feedId: feed.id, sort: 'oldest' })).items
  await expect(options(page).first().locator('.row-title')).toHaveText(inFeed[0]!.title)

  await expect.poll(async () => (await call(page.request, host.origin, 'settings:get')).listOrder).toBe('oldest')
  await page.reload()
  await expect(page.getByRole('button', { name: 'Oldest first' })).toHaveAttribute('aria-pressed', 'true')
  await expect(options(page).first().locator('.row-title')).toHaveText(oldest[0]!.title)
  await page.getByRole('button', { name: 'Oldest first' }).click()
  await expect(options(page).first().locator('.row-title')).toHaveText(newest[0]!.title)
})

test('reading settings apply at once and persist after a reload', async ({ app: page, host }) => {
  await options(page).first().click()
  const html = page.locator('html')
  const body = page.locator('.article-body')

  const button = page.getByRole('button', { name: 'Reading settings' })
  await button.click()
  const panel = page.getByRole('dialog', { name: 'Reading settings' })
  await expect(panel).toBeVisible()
  await panel.getByRole('radio', { name: 'Dark' }).check()
  await panel.getByRole('radio', { name: 'Sans' }).check()
  await panel.getByLabel('Text size').fill('22')
  await panel.getByLabel('Line width').fill('560')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(html).toHaveAttribute('data-font', 'sans')
  await expect(body).toHaveCSS('font-size', '22px')
  // Nothing in the open panel pokes out of the window (focus would scroll the layout sideways).
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).length,
  )
  expect(overflowing).toBe(0)
  await expect(page.locator('.brand')).toBeInViewport({ ratio: 1 })
  expect(await page.locator('.article').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(560 + 96 + 1)
  const dark = await page.locator('.reader-pane').evaluate((el) => getComputedStyle(el).backgroundColor)

  // Esc closes the popover and gives focus back to its button.
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(button).toBeFocused()

  await expect
    .poll(async () => {
      const s = await call(page.request, host.origin, 'settings:get')
      return [s.theme, s.fontFamily, s.fontSize, s.lineWidth]
    })
    .toEqual(['dark', 'sans', 22, 560])

  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(html).toHaveAttribute('data-font', 'sans')
  await options(page).first().click()
  await expect(page.locator('.article-body')).toHaveCSS('font-size', '22px')
  expect(await page.locator('.reader-pane').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(dark)
  await page.getByRole('button', { name: 'Reading settings' }).click()
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked()
  await expect(page.getByLabel('Text size')).toHaveValue('22')

  // Sepia is a theme of its own, not the system's.
  await page.getByRole('radio', { name: 'Sepia' }).check()
  await expect(html).toHaveAttribute('data-theme', 'sepia')
  expect(await page.locator('.reader-pane').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(248, 241, 227)')
})

test('keyboard: j/k, arrows, n/p, ? and Esc', async ({ app: page }) => {
  const titles = await options(page).locator('.row-title').allInnerTexts()
  await page.keyboard.press('j')
  await expect(headline(page)).toHaveText(titles[0]!)
  await expect(options(page).nth(0)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('j')
  await expect(headline(page)).toHaveText(titles[1]!)
  await expect(options(page).nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('k')
  await expect(headline(page)).toHaveText(titles[0]!)

  // In the focused list, arrows move like j/k and the selection is the active descendant.
  await list(page).focus()
  await page.keyboard.press('ArrowDown')
  await expect(headline(page)).toHaveText(titles[1]!)
  await expect(list(page)).toHaveAttribute('aria-activedescendant', (await options(page).nth(1).getAttribute('id'))!)

  // Opened articles are read now, so n skips to the first unread below and p finds none above.
  await page.keyboard.press('n')
  await expect(headline(page)).toHaveText(titles[2]!)
  await page.keyboard.press('p')
  await expect(toast(page)).toHaveText('No unread articles above.')
  await expect(headline(page)).toHaveText(titles[2]!)

  // Many j presses in a row keep the selected row in view.
  for (let i = 0; i < 9; i++) await page.keyboard.press('j')
  const selected = list(page).locator('[aria-selected=true]')
  await expect(selected).toHaveAttribute('aria-posinset', '12')
  await expect(selected).toBeInViewport()

  // Space pages through the article; b goes back after following a related article.
  const reader = page.locator('.reader-scroll')
  await expect(page.locator('.article-body')).toBeVisible()
  await page.keyboard.press('Space')
  await expect.poll(() => reader.evaluate((el) => el.scrollTop)).toBeGreaterThan(200)
  const current = await headline(page).innerText()
  await page.getByRole('region', { name: 'Related news' }).getByRole('button').first().click()
  await expect(headline(page)).not.toHaveText(current)
  await page.keyboard.press('b')
  await expect(headline(page)).toHaveText(current)

  await page.keyboard.press('?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByText('Next unread article')).toBeVisible()
  // Shortcuts are off while the dialog is open.
  await page.keyboard.press('j')
  await expect(selected).toHaveAttribute('aria-posinset', '12')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})

test('a damaged file is restored and the reader is told, until dismissed', async ({ host, page }) => {
  await host.stop()
  writeFileSync(join(host.dataDir, 'settings.json'), '{"theme": "dark", ')
  const url = await host.restart()
  await page.goto(url)
  const notice = page.getByRole('region', { name: 'Notices' }).getByRole('alert')
  await expect(notice).toContainText('settings')
  await expect(notice).toContainText('damaged')
  await notice.getByRole('button', { name: 'Dismiss notice' }).click()
  await expect(page.getByRole('region', { name: 'Notices' })).toHaveCount(0)
  await page.reload()
  await expect(options(page).first()).toBeVisible()
  await expect(page.getByRole('region', { name: 'Notices' })).toHaveCount(0)
})

test('has no serious or critical accessibility violations', async ({ app: page }) => {
  const check = async (state: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze()
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${state}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  await check('start')
  await options(page).first().click()
  await expect(page.getByRole('region', { name: 'Related news' })).toBeVisible()
  await check('article open')
  await page.getByRole('button', { name: 'Reading settings' }).click()
  await check('settings open')
  await page.getByRole('radio', { name: 'Dark' }).check()
  await page.keyboard.press('Escape')
  await check('dark theme')
  await page.keyboard.press('?')
  await check('shortcuts dialog')
})

for (const scheme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ colorScheme: scheme, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2 })
    test(`README screenshot, ${scheme} (theme follows the system)`, async ({ app: page }) => {
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'system')
      // An article with a picture near the top, a few rows down so the list shows read and unread.
      const withImage = list(page).locator('[role=option]:has(img.row-thumb)').first()
      await withImage.click()
      await page.keyboard.press('j')
      await page.keyboard.press('k')
      await expect(page.locator('.article-body img').first()).toBeVisible()
      await page.waitForFunction(() => [...document.images].every((img) => img.complete))
      const background = await page.locator('.reader-pane').evaluate((el) => getComputedStyle(el).backgroundColor)
      expect(background).toBe(scheme === 'dark' ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)')
      await page.mouse.move(0, 899)
      await page.screenshot({ path: fileURLToPath(new URL(`./screenshots/reader-${scheme}.png`, import.meta.url)) })
    })
  })
}
