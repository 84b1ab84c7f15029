// Search end to end, in Chromium against browser mode on the sample library: the box
// in the list header, results with the matched words marked, typos and phrases,
// filters and scope, the empty state, and opening results by mouse and keyboard.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { call, expect, test } from './fixtures'

const list = (page: Page) => page.getByRole('listbox')
const options = (page: Page) => list(page).getByRole('option')
const headline = (page: Page) => page.locator('article.article').getByRole('heading', { level: 1 })
const box = (page: Page) => page.getByRole('searchbox', { name: 'Search articles' })
const count = (page: Page) => page.locator('.list-count')
const sources = (page: Page) => page.getByRole('navigation', { name: 'Sources' })

/** The words marked in each result row, lower-cased. */
async function markedWords(page: Page): Promise<string[][]> {
  return options(page).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('mark')].map((m) => m.textContent!.toLowerCase())))
}

test('a typo still finds the word, marked in the snippet; a result opens; Esc goes back to the list', async ({ app: page }) => {
  await page.keyboard.press('/')
  await expect(box(page)).toBeFocused()
  await page.keyboard.type('moorngs')
  await expect(page.getByRole('heading', { name: 'Search', level: 2 })).toBeVisible()
  await expect(count(page)).toHaveText(/^\d+ results?$/)
  const rows = await options(page).count()
  expect(rows).toBeGreaterThanOrEqual(2)
  await expect(list(page)).toHaveAttribute('aria-label', 'Results for “moorngs”')
  // Every result shows where it matched: the word as the article spells it, marked.
  for (const words of await markedWords(page)) {
    expect(words.length).toBeGreaterThan(0)
    expect(words.every((w) => /^moorings?$/.test(w))).toBe(true)
  }
  await expect(options(page).first().locator('.row-snippet mark').first()).toBeVisible()

  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  // Clicking a result opens it and marks it read, in the results too.
  const second = options(page).nth(1)
  const title = await second.locator('.row-title').innerText()
  await expect(second).toHaveClass(/is-unread/)
  await second.click()
  await expect(headline(page)).toHaveText(title)
  await expect(second).toHaveClass(/is-read/)
  await expect(second).toHaveAttribute('aria-selected', 'true')
  // j and k walk the results, not the list behind them.
  await page.keyboard.press('k')
  await expect(headline(page)).toHaveText(await options(page).first().locator('.row-title').innerText())

  // Esc in the box clears the search and the list comes back, the article still open.
  await box(page).focus()
  await page.keyboard.press('Escape')
  await expect(box(page)).toHaveValue('')
  await expect(page.getByRole('heading', { name: 'All articles', level: 2 })).toBeVisible()
  await expect(count(page)).toHaveText(/^\d+ articles$/)
  await expect(list(page)).toBeFocused()
  await expect(headline(page)).toBeVisible()
})

test('a quoted phrase matches exactly, and Enter opens the first result', async ({ app: page, host }) => {
  await box(page).click()
  await box(page).fill('"heat pump"')
  await expect(count(page)).toHaveText(/^\d+ results?$/)
  const phrase = await call(page.request, host.origin, 'search:query', { query: '"heat pump"' })
  const loose = await call(page.request, host.origin, 'search:query', { query: 'heat pump' })
  await expect(count(page)).toHaveText(`${phrase.total} result${phrase.total === 1 ? '' : 's'}`)
  expect(phrase.total).toBeGreaterThan(0)
  expect(phrase.total).toBeLessThanOrEqual(loose.total)
  // Every result has the phrase itself marked, not just its words.
  for (const words of await markedWords(page)) expect(words.some((w) => /^heat\s+pumps?$/.test(w))).toBe(true)

  await page.keyboard.press('Enter')
  await expect(headline(page)).toHaveText(phrase.hits[0]!.title)
  await expect(list(page)).toBeFocused()
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true')
})

test('filters, scope and an empty result that says what to try', async ({ app: page, host }) => {
  const overview = await call(page.request, host.origin, 'library:overview')
  const science = overview.feeds.find((f) => f.title === 'Tidewater Science Review')!
  const all = await call(page.request, host.origin, 'search:query', { query: 'seagrass' })
  const inScience = await call(page.request, host.origin, 'search:query', { query: 'seagrass', feedId: science.id })
  expect(inScience.total).toBeGreaterThan(0)
  expect(inScience.total).toBeLessThan(all.total)

  // Nothing starred yet: the Starred filter is empty and offers the whole library again.
  await page.keyboard.press('/')
  await page.keyboard.type('seagrass')
  await expect(count(page)).toHaveText(`${all.total} results`)
  const filters = page.getByRole('group', { name: 'Show results' })
  await filters.getByRole('button', { name: 'Starred' }).click()
  await expect(filters.getByRole('button', { name: 'Starred' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByText('No starred articles match “seagrass”')).toBeVisible()
  await page.getByRole('button', { name: 'Search all articles' }).click()
  await expect(count(page)).toHaveText(`${all.total} results`)

  // Star one result: the Starred filter finds exactly it.
  const first = options(page).first()
  const title = await first.locator('.row-title').innerText()
  await first.click()
  await page.keyboard.press('s')
  await filters.getByRole('button', { name: 'Starred' }).click()
  await expect(options(page)).toHaveCount(1)
  await expect(options(page).first().locator('.row-title')).toHaveText(title)
  await filters.getByRole('button', { name: 'All' }).click()

  // With notes: an article with a comment, found by the comment's word too.
  const target = all.hits[all.hits.length - 1]!
  await call(page.request, host.origin, 'notes:addComment', { articleId: target.id, name: 'Sam', text: 'Ask the harbourmaster about the eelgrass survey.' })
  await filters.getByRole('button', { name: 'With notes' }).click()
  await expect(options(page)).toHaveCount(1)
  await expect(options(page).first().locator('.row-title')).toHaveText(target.title)

  // Scope: from a feed, the search can be narrowed to it.
  await box(page).press('Escape')
  await sources(page).locator('.feed-row').filter({ hasText: 'Tidewater Science Review' }).click()
  await page.keyboard.press('/')
  await page.keyboard.type('seagrass')
  await expect(count(page)).toHaveText(`${all.total} results`)
  const scope = page.getByRole('button', { name: 'Only Tidewater Science Review' })
  await expect(scope).toHaveAttribute('aria-pressed', 'false')
  await scope.click()
  await expect(page.getByRole('heading', { name: 'Search in Tidewater Science Review', level: 2 })).toBeVisible()
  await expect(count(page)).toHaveText(`${inScience.total} result${inScience.total === 1 ? '' : 's'}`)
  for (const site of await options(page).locator('.row-site').allInnerTexts()) expect(site).toBe('Tidewater Science Review')

  // No match at all: the empty state explains the syntax.
  await box(page).fill('zqxjvbwk')
  await expect(page.getByText('No articles match “zqxjvbwk”')).toBeVisible()
  await expect(page.getByText('put a phrase in quotes')).toBeVisible()
  await expect(count(page)).toHaveText('\u00a0')

  // Choosing another source ends the search.
  await sources(page).getByRole('button', { name: /^Unread/ }).click()
  await expect(box(page)).toHaveValue('')
  await expect(page.getByRole('heading', { name: 'Unread', level: 2 })).toBeVisible()
})

test('the shortcuts dialog lists the library keys, and "/" is typed, not taken, inside the box', async ({ app: page }) => {
  await page.keyboard.press('?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  for (const text of ['Refresh all feeds', 'Mark all in this view as read', 'Search articles', 'Close popovers; clear the search']) {
    await expect(dialog.getByText(text)).toBeVisible()
  }
  const { violations } = await new AxeBuilder({ page }).include('dialog').analyze()
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
  // Tab stays inside the dialog.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true)
  }
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await page.keyboard.press('/')
  await page.keyboard.type('a/b')
  await expect(box(page)).toHaveValue('a/b')
  // r, s and A are letters here, not commands.
  await box(page).fill('')
  await page.keyboard.type('rsA')
  await expect(box(page)).toHaveValue('rsA')
  await expect(sources(page).getByRole('progressbar')).toHaveCount(0)
})
