// Privacy, as a test: every request the page makes to a host other than 127.0.0.1
// is blocked and counted while a reader reads, follows related items, annotates,
// searches and exports. Only refresh and "open original" may reach out, and
// neither is used here. Goal: zero.
import type { Page } from '@playwright/test'
import { call, expect, startHost, stopHost, test } from './fixtures'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const options = (page: Page) => page.getByRole('listbox').getByRole('option')
const headline = (page: Page) => page.locator('article.article').getByRole('heading', { level: 1 })

test('reading, related items, notes, search and export make no request beyond 127.0.0.1', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'offprint-privacy-'))
  const host = await startHost(dataDir)
  const outside: string[] = []
  let local = 0
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.hostname === '127.0.0.1') {
      local++
      return route.continue()
    }
    outside.push(url.href)
    return route.abort()
  })
  try {
    await page.goto(host.url)
    const origin = new URL(host.url).origin

    // Read several articles, with their images.
    for (let i = 0; i < 5; i++) {
      const row = options(page).nth(i)
      const title = await row.locator('.row-title').innerText()
      await row.click()
      await expect(headline(page)).toHaveText(title)
    }
    // Follow a related item and a recent one.
    for (const section of ['section.related-news .card', 'section.recent .recent-item']) {
      const item = page.locator(section).first()
      const title = await item.locator('.card-title, .recent-title').innerText()
      await item.click()
      await expect(headline(page)).toHaveText(title)
    }

    // Annotate: a comment through the form, a highlight through the bridge.
    const form = page.getByRole('form', { name: 'Leave a reply' })
    await form.getByRole('textbox', { name: 'Comment' }).fill('A private thought that stays here.')
    await form.getByRole('textbox', { name: 'Name' }).fill('Private Reader')
    await form.getByRole('button', { name: 'Post comment' }).click()
    await expect(page.getByRole('article', { name: 'Comment by Private Reader' })).toBeVisible()
    const current = (await call(page.request, origin, 'articles:list', { limit: 1 })).items[0]!
    await call(page.request, origin, 'notes:addHighlight', { articleId: current.id, start: 0, end: 20, note: 'mine' })

    // Search, in the page.
    const box = page.getByRole('searchbox', { name: 'Search articles' })
    await box.fill('seagrass')
    await box.press('Enter')
    await expect(options(page).first()).toBeVisible()
    await options(page).first().click()

    // Export the notes, both ways.
    const md = await call(page.request, origin, 'notes:export', { format: 'md' })
    expect(md.content).toContain('A private thought that stays here.')
    await call(page.request, origin, 'notes:export', { format: 'json' })

    await page.waitForTimeout(500)
    console.log(`privacy: ${local} requests to 127.0.0.1, ${outside.length} elsewhere`)
    expect(local).toBeGreaterThan(20)
    expect(outside).toEqual([])
  } finally {
    await stopHost(host.child)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
