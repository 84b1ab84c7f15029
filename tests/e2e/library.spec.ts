// Managing the library end to end, in Chromium against browser mode: subscribing by
// a site's address, refreshing (progress, a failing feed, the summary), folders and
// feed actions from menus and the keyboard, importing OPML and saved pages through the
// file picker, exporting OPML, mark all read, the offline indicator, and the native
// menu's commands. Feeds come from a small server started inside each test.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { call, expect, test } from './fixtures'

const sources = (page: Page) => page.getByRole('navigation', { name: 'Sources' })
const list = (page: Page) => page.getByRole('listbox')
const options = (page: Page) => list(page).getByRole('option')
const toast = (page: Page) => page.locator('.toast')
const headline = (page: Page) => page.locator('article.article').getByRole('heading', { level: 1 })
const feedRow = (page: Page, title: string | RegExp) => sources(page).locator('.feed-row').filter({ hasText: title })
const addMenu = (page: Page) => sources(page).getByRole('button', { name: 'Add feeds, folders or files' })
const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name })
const alertDialog = (page: Page, name: string | RegExp) => page.getByRole('alertdialog', { name })

/** A pixel, so articles have a picture the library must fetch and keep. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
/** The lighthouse site's icon: a 64×64 PNG, made distinct from the sample library's own copy. */
const SITE_ICON = Buffer.concat([readFileSync(new URL('../../assets/sample/icons/harbor-gazette.png', import.meta.url)), Buffer.from('lighthouse')])

interface Item {
  id: string
  title: string
  text: string
}

interface FeedServer {
  origin: string
  /** Every path asked for, in order. */
  hits: string[]
  /** `site`: the feed's home page path (default /site/, the one with an icon). */
  feeds: Map<string, { title: string; items: Item[]; status: number; site?: string }>
  /** Milliseconds each feed response waits, so a refresh can be watched. */
  delay: number
  close(): Promise<void>
}

function rss(origin: string, path: string, feed: { title: string; items: Item[]; site?: string }): string {
  const items = feed.items
    .map(
      (item, i) => `<item>
  <title>${item.title}</title>
  <link>${origin}/posts/${item.id}</link>
  <guid isPermaLink="false">${item.id}</guid>
  <pubDate>${new Date(Date.UTC(2026, 10, 20 + i, 9)).toUTCString()}</pubDate>
  <description><![CDATA[<p>${item.text}</p><p><img src="${origin}/img/${item.id}.png" alt="A picture for ${item.title}"></p>]]></description>
</item>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>${feed.title}</title>
<link>${origin}${feed.site ?? '/site/'}</link>
<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="${origin}${path}"/>
<description>Test feed</description>
${items}
</channel></rss>`
}

async function startFeedServer(): Promise<FeedServer> {
  const hits: string[] = []
  const feeds: FeedServer['feeds'] = new Map([
    [
      '/feed.xml',
      {
        title: 'Lighthouse Notes',
        status: 200,
        items: [
          { id: 'keeper', title: 'The keeper’s logbook from the winter of storms', text: 'Every night the lamp was lit at dusk and the fog signal sounded until the gale passed.' },
          { id: 'lens', title: 'How a Fresnel lens throws light twenty miles', text: 'Rings of prisms bend the lamp’s light into one beam that sailors see from far offshore.' },
        ],
      },
    ],
    [
      '/flaky.xml',
      {
        title: 'Harbour Tides',
        status: 200,
        // A site with no icon at all (and no /favicon.ico on this server).
        site: '/harbour/',
        items: [{ id: 'tide', title: 'Spring tides and the harbour wall', text: 'The highest tides of the year arrive with the new moon in March.' }],
      },
    ],
  ])
  const state = { delay: 0 }
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    hits.push(path)
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const feed = feeds.get(path)
    if (feed) {
      setTimeout(() => {
        if (feed.status !== 200) {
          res.writeHead(feed.status, { 'content-type': 'text/plain' }).end('Internal Server Error')
          return
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(origin, path, feed))
      }, state.delay)
      return
    }
    if (path === '/broken.xml') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
    if (path.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG)
    if (path === '/site/lighthouse.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(SITE_ICON)
    if (path === '/site/') {
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><head><title>Lighthouse</title><link rel="icon" type="image/png" sizes="64x64" href="/site/lighthouse.png"><link rel="alternate" type="application/rss+xml" title="Lighthouse Notes" href="/feed.xml"></head><body><h1>Lighthouse</h1></body></html>`,
        )
    }
    if (path === '/posts/tide') {
      // The whole story behind the feed's one-line summary, for a feed read in full text.
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(savedPage('Spring tides and the harbour wall', 'The harbourmaster chalked each tide on the slate by the office door. '))
    }
    if (path === '/pages/breakwater.html') {
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(savedPage('Building the breakwater, stone by stone', 'Divers guided each caisson down to the bed of the channel at slack water. '))
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    hits,
    feeds,
    get delay() {
      return state.delay
    },
    set delay(ms: number) {
      state.delay = ms
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function savedPage(title: string, sentence = 'Each course was set by hand and checked with a plumb line before the next was laid. '): string {
  const paragraph = `Granite blocks were quarried on the headland and rolled to the shore on logs. ${sentence.repeat(6)}`
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<header><nav>Home · About · Subscribe</nav></header>
<article><h1>${title}</h1><p>${paragraph}</p><p>${paragraph}</p><p>${paragraph}</p></article>
<footer>© The Harbour Trust</footer></body></html>`
}

const test2 = test.extend<{ feeds: FeedServer }>({
  // Playwright reads a fixture's dependencies from its destructured first argument: none here.
  feeds: async ({}, use) => {
    const server = await startFeedServer()
    await use(server)
    await server.close()
  },
})

/** Unsubscribes the sample library's feeds (they point at .example hosts that never answer). */
async function dropSampleFeeds(page: Page, origin: string) {
  const { feeds } = await call(page.request, origin, 'library:overview')
  for (const f of feeds) await call(page.request, origin, 'feeds:remove', { id: f.id })
  await page.reload()
}

async function openAddMenuItem(page: Page, item: string | RegExp) {
  await addMenu(page).click()
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click()
}

async function noSeriousViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${state}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

test2('subscribe by a site’s address; refresh shows progress, a failing feed and a summary', async ({ app: page, host, feeds }) => {
  await dropSampleFeeds(page, host.origin)
  await expect(page.getByText('Your library is empty')).toBeVisible()

  // A feed that answers 500: its one-line error, and the dialog stays to try again.
  await page.getByRole('button', { name: 'Add a feed' }).first().click()
  const add = dialog(page, 'Add a feed')
  const address = add.getByLabel('Feed or website address')
  await expect(address).toBeFocused()
  await address.fill(`${feeds.origin}/broken.xml`)
  await add.getByRole('button', { name: 'Subscribe' }).click()
  const error = add.getByRole('alert')
  await expect(error).toContainText('500')
  expect((await error.innerText()).split('\n')).toHaveLength(1)
  await expect(address).toHaveAttribute('aria-invalid', 'true')
  await noSeriousViolations(page, 'add feed dialog with an error')

  // The site's address: Offprint finds the feed the page announces.
  feeds.delay = 600
  await address.fill(`${feeds.origin}/site/`)
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(add.getByRole('status')).toContainText(`Looking for a feed at 127.0.0.1`)
  await expect(add).toBeHidden()
  await expect(toast(page)).toHaveText('Subscribed to Lighthouse Notes: 2 articles')
  await expect(page.getByRole('heading', { name: 'Lighthouse Notes', level: 2 })).toBeVisible()
  await expect(options(page)).toHaveCount(2)
  await expect(feedRow(page, 'Lighthouse Notes')).toContainText('2')
  expect(feeds.hits).toContain('/site/')
  // Its picture was fetched by the library and is served from it, not from the feed's host.
  await options(page).filter({ hasText: 'Fresnel lens' }).click()
  const picture = page.locator('.article-body img').first()
  await expect(picture).toHaveAttribute('src', /^\/media\//)
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)

  // A second feed, into a folder made on the way.
  await openAddMenuItem(page, 'New folder…')
  await dialog(page, 'New folder').getByLabel('Folder name').fill('Coast')
  await dialog(page, 'New folder').getByRole('button', { name: 'Create folder' }).click()
  await expect(sources(page).getByRole('button', { name: /^Coast/ })).toBeVisible()
  await openAddMenuItem(page, 'Add a feed…')
  await add.getByLabel('Feed or website address').fill(`${feeds.origin}/flaky.xml`)
  await add.getByLabel('Folder').selectOption({ label: 'Coast' })
  // This feed gives one line per story: ask for the full articles from the start.
  await add.getByLabel(/Download each full article/).check()
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(page.getByRole('heading', { name: 'Harbour Tides', level: 2 })).toBeVisible()
  await options(page).filter({ hasText: 'Spring tides' }).click()
  await expect(page.locator('.article-body')).toContainText('The harbourmaster chalked each tide on the slate')
  expect(feeds.hits).toContain('/posts/tide')
  expect(feeds.hits).not.toContain('/posts/keeper')
  await expect(sources(page).locator('.folder').filter({ hasText: 'Coast' }).locator('.feed-row')).toHaveText(/Harbour Tides/)
  // Each feed wears its site's icon, fetched while subscribing and served by the library;
  // a site without one gets the tinted initial.
  const icon = feedRow(page, 'Lighthouse Notes').locator('img.source-icon')
  await expect(icon).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}\.png$/)
  await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64)
  expect(feeds.hits).toContain('/site/lighthouse.png')
  await expect(feedRow(page, 'Harbour Tides').locator('img.source-icon')).toHaveCount(0)
  await expect(feedRow(page, 'Harbour Tides').locator('.monogram')).toBeVisible()
  expect(feeds.hits).toContain('/favicon.ico')

  // Now one feed has a new story and the other fails.
  feeds.feeds.get('/feed.xml')!.items.push({ id: 'fog', title: 'Fog signals, from cannon to diaphone', text: 'Before the diaphone, keepers fired a cannon every few minutes.' })
  feeds.feeds.get('/flaky.xml')!.status = 500
  feeds.delay = 900
  await sources(page).getByRole('button', { name: /^All articles/ }).click()
  await page.keyboard.press('r')
  const bar = sources(page).getByRole('progressbar', { name: /Refreshing/ })
  await expect(bar).toBeVisible()
  await expect(sources(page).getByRole('button', { name: /^Refreshing/ })).toHaveAttribute('aria-disabled', 'true')
  await expect(bar).toHaveAttribute('aria-valuemax', '2')
  await expect(toast(page)).toHaveText('1 new article, 1 feed failed')
  await expect(bar).toBeHidden()
  const failed = feedRow(page, 'Harbour Tides')
  await expect(failed.locator('.feed-error')).toBeVisible()
  await expect(failed).toContainText('Last refresh failed')
  await expect(failed).toContainText('500')
  await expect(feedRow(page, 'Lighthouse Notes').locator('.feed-error')).toHaveCount(0)
  await expect(options(page).filter({ hasText: 'Fog signals, from cannon to diaphone' })).toHaveCount(1)
  // The collapsed folder says one of its feeds failed.
  await sources(page).getByRole('button', { name: 'Collapse Coast' }).click()
  await expect(sources(page).locator('.folder-row').filter({ hasText: 'Coast' }).locator('.feed-error')).toHaveCount(1)

  // The button does the same as r.
  feeds.feeds.get('/flaky.xml')!.status = 200
  feeds.delay = 0
  await sources(page).getByRole('button', { name: 'Refresh all feeds' }).click()
  await expect(toast(page)).toHaveText('No new articles')
  await expect(sources(page).locator('.feed-error')).toHaveCount(0)

  // Subscribing again to a feed already there says so, and adds no second row.
  await openAddMenuItem(page, 'Add a feed…')
  await add.getByLabel('Feed or website address').fill(`${feeds.origin}/feed.xml`)
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(toast(page)).toHaveText('Already subscribed to Lighthouse Notes')
  await expect(feedRow(page, 'Lighthouse Notes')).toHaveCount(1)
})

test('folders and feeds: create, rename, move, full text, unsubscribe and delete, by mouse and keyboard', async ({ app: page, host }) => {
  const overview = await call(page.request, host.origin, 'library:overview')
  const gazette = overview.feeds.find((f) => f.title === 'The Harbor Gazette')!
  const gazetteArticles = (await call(page.request, host.origin, 'articles:list', { feedId: gazette.id })).items
  await call(page.request, host.origin, 'articles:setStarred', { id: gazetteArticles[0]!.id, starred: true })
  await page.reload()

  // New folder from the + menu, by keyboard only.
  await addMenu(page).focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('menu', { name: 'Add to your library' })
  await expect(menu.getByRole('menuitem', { name: 'Add a feed…' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'New folder…' })).toBeFocused()
  // Menu keys stay in the menu: j does not move the article list behind it.
  await page.keyboard.press('j')
  await expect(list(page).locator('[aria-selected=true]')).toHaveCount(0)
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(menu.getByRole('menuitem', { name: 'New folder…' })).toBeFocused()
  await page.keyboard.press('Enter')
  const folderDialog = dialog(page, 'New folder')
  await expect(folderDialog.getByLabel('Folder name')).toBeFocused()
  await noSeriousViolations(page, 'new folder dialog')
  // An empty name is not sent.
  await page.keyboard.press('Enter')
  await expect(folderDialog).toBeVisible()
  await page.keyboard.type('Weekend')
  await page.keyboard.press('Enter')
  await expect(folderDialog).toBeHidden()
  await expect(addMenu(page)).toBeFocused()
  await expect(toast(page)).toHaveText('Folder “Weekend” created')
  const weekend = sources(page).getByRole('button', { name: /^Weekend/ })
  await expect(weekend).toBeVisible()

  // Rename it from a right click.
  await sources(page).locator('.folder-row').filter({ hasText: 'Weekend' }).click({ button: 'right' })
  await page.getByRole('menu').getByRole('menuitem', { name: 'Rename…' }).click()
  const rename = dialog(page, 'Rename folder')
  await expect(rename.getByLabel('Folder name')).toHaveValue('Weekend')
  await rename.getByLabel('Folder name').fill('Long reads')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(sources(page).getByRole('button', { name: /^Long reads/ })).toBeVisible()
  await expect(weekend).toHaveCount(0)

  // Move a feed there: its menu from the keyboard's context-menu key.
  const row = feedRow(page, 'The Harbor Gazette')
  await row.focus()
  await page.keyboard.press('Shift+F10')
  const feedMenu = page.getByRole('menu', { name: 'Actions for The Harbor Gazette' })
  await expect(feedMenu).toBeVisible()
  await noSeriousViolations(page, 'feed menu')
  // A letter jumps to the next item that starts with it.
  await page.keyboard.press('m')
  await expect(feedMenu.getByRole('menuitem', { name: 'Mark all as read' })).toBeFocused()
  await page.keyboard.press('m')
  await expect(feedMenu.getByRole('menuitem', { name: 'Move to folder…' })).toBeFocused()
  await page.keyboard.press('Enter')
  const move = dialog(page, 'Move “The Harbor Gazette”')
  await noSeriousViolations(page, 'move dialog')
  await move.getByLabel('Folder').selectOption({ label: 'Long reads' })
  await move.getByRole('button', { name: 'Move' }).click()
  await expect(move).toBeHidden()
  await expect(row).toBeFocused()
  const longReads = sources(page).locator('.folder').filter({ has: page.getByRole('button', { name: /^Long reads/ }) })
  await expect(longReads.locator('.feed-row')).toHaveText(/The Harbor Gazette/)
  await expect(toast(page)).toHaveText('Moved The Harbor Gazette to Long reads')

  // Esc closes a dialog without a change and gives focus back.
  await row.focus()
  await page.keyboard.press('Shift+F10')
  await page.getByRole('menuitem', { name: 'Rename…' }).press('Enter')
  await expect(dialog(page, 'Rename feed')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog(page, 'Rename feed')).toBeHidden()
  await expect(row).toBeFocused()

  // Rename the feed from its "…" button; the list header follows.
  await row.click()
  await longReads.getByRole('button', { name: 'Actions for The Harbor Gazette' }).click()
  await page.getByRole('menuitem', { name: 'Rename…' }).click()
  const renameFeed = dialog(page, 'Rename feed')
  await expect(renameFeed).toContainText('https://harborgazette.example/feed.xml')
  await renameFeed.getByLabel('Name in your sidebar').fill('Harbor Gazette (local)')
  await renameFeed.getByRole('button', { name: 'Rename' }).click()
  await expect(page.getByRole('heading', { name: 'Harbor Gazette (local)', level: 2 })).toBeVisible()
  await expect(feedRow(page, 'Harbor Gazette (local)')).toHaveCount(1)

  // Full text is a checkbox item that remembers its state.
  const gazetteRow = feedRow(page, 'Harbor Gazette (local)')
  await gazetteRow.click({ button: 'right' })
  const fullText = page.getByRole('menuitemcheckbox', { name: 'Download full articles' })
  await expect(fullText).toHaveAttribute('aria-checked', 'false')
  await fullText.click()
  await expect
    .poll(async () => (await call(page.request, host.origin, 'library:overview')).feeds.find((f) => f.id === gazette.id)?.fullText)
    .toBe(true)
  await gazetteRow.click({ button: 'right' })
  await expect(page.getByRole('menuitemcheckbox', { name: 'Download full articles' })).toHaveAttribute('aria-checked', 'true')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)

  // Unsubscribe: the confirmation says starred and annotated articles stay, and they do.
  const starredBefore = (await call(page.request, host.origin, 'library:overview')).counts.starred
  await gazetteRow.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Unsubscribe…' }).click()
  const confirm = alertDialog(page, 'Unsubscribe from “Harbor Gazette (local)”?')
  await expect(confirm).toContainText(`Its ${gazette.total} articles leave your library. Articles you starred or annotated are kept`)
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await noSeriousViolations(page, 'unsubscribe confirmation')
  await confirm.getByRole('button', { name: 'Unsubscribe' }).click()
  await expect(confirm).toBeHidden()
  await expect(toast(page)).toHaveText('Unsubscribed. 1 starred or annotated article kept in your library')
  await expect(feedRow(page, 'Harbor Gazette')).toHaveCount(0)
  // The view that showed the feed moves to All articles; focus lands in the sidebar, not on nothing.
  await expect(page.getByRole('heading', { name: 'All articles', level: 2 })).toBeVisible()
  expect(await page.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))).toBe('Sources')
  await sources(page).getByRole('button', { name: /^Starred/ }).click()
  await expect(options(page)).toHaveCount(starredBefore)
  await expect(options(page).filter({ hasText: gazetteArticles[0]!.title })).toHaveCount(1)

  // Delete a folder: its feeds move out, nothing is unsubscribed.
  const local = sources(page).locator('.folder-row').filter({ hasText: 'Local News' })
  await local.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Delete folder…' }).click()
  const del = alertDialog(page, 'Delete the folder “Local News”?')
  await expect(del).toContainText('Its feed moves out of the folder; nothing is unsubscribed')
  await del.getByRole('button', { name: 'Delete folder' }).click()
  await expect(local).toHaveCount(0)
  await expect(feedRow(page, 'The Millbrook Courier')).toHaveCount(1)
  const after = await call(page.request, host.origin, 'library:overview')
  expect(after.folders.map((f) => f.name)).not.toContain('Local News')
  expect(after.feeds.find((f) => f.title === 'The Millbrook Courier')?.folderId).toBeNull()
})

test2('import an OPML file and a saved page through the file picker, save a link, export OPML', async ({ app: page, host, feeds }) => {
  const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Coast" title="Coast">
    <outline type="rss" text="Lighthouse Notes" xmlUrl="${feeds.origin}/feed.xml" htmlUrl="${feeds.origin}/site/"/>
    <outline type="rss" text="Harbour Tides" xmlUrl="${feeds.origin}/flaky.xml"/>
  </outline>
  <outline type="rss" text="Citywheel" xmlUrl="https://citywheel.example/feed.xml"/>
</body></opml>`

  await openAddMenuItem(page, /^Import a file…/)
  const importer = dialog(page, 'Import')
  await expect(importer.getByRole('button', { name: 'Choose a file…' })).toBeFocused()
  await noSeriousViolations(page, 'import dialog')
  await importer.getByLabel('Import a file').setInputFiles({ name: 'subscriptions.opml', mimeType: 'text/x-opml', buffer: Buffer.from(opml) })
  const result = importer.locator('.import-result')
  await expect(result).toContainText('2 feeds added (1 already here)')
  await expect(result.getByRole('listitem')).toHaveText(['Lighthouse Notes', 'Harbour Tides'])
  // Their articles are fetched at once, without a refresh by hand.
  await expect(toast(page)).toHaveText('3 new articles')
  const coast = sources(page).locator('.folder').filter({ has: page.getByRole('button', { name: /^Coast/ }) })
  await expect(coast.locator('.feed-row')).toHaveCount(2)
  await expect(coast.locator('.feed-row').filter({ hasText: 'Lighthouse Notes' })).toContainText('2')
  await expect(coast.locator('.feed-row').filter({ hasText: 'Harbour Tides' })).toContainText('1')

  // A saved web page, same picker.
  await importer.getByLabel('Import a file').setInputFiles({
    name: 'breakwater.html',
    mimeType: 'text/html',
    buffer: Buffer.from(savedPage('How the old breakwater was built')),
  })
  await expect(result).toContainText('Saved: How the old breakwater was built')
  await result.getByRole('button', { name: 'Open “How the old breakwater was built”' }).click()
  await expect(importer).toBeHidden()
  await expect(headline(page)).toHaveText('How the old breakwater was built')
  await expect(page.locator('.article-body')).toContainText('plumb line')
  await expect(page.locator('.article-body')).not.toContainText('© The Harbour Trust')

  // A link, from the same dialog (also what the native menu's "Import link" opens).
  await openAddMenuItem(page, 'Save a link…')
  await expect(importer.getByLabel('Save a page or feed from its link')).toBeFocused()
  await importer.getByLabel('Save a page or feed from its link').fill(`${feeds.origin}/pages/breakwater.html`)
  await importer.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(result).toContainText('Saved: Building the breakwater, stone by stone')
  // A link that fails says why in one line.
  await importer.getByLabel('Save a page or feed from its link').fill(`${feeds.origin}/broken.xml`)
  await importer.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(importer.getByRole('alert')).toContainText('500')
  await importer.locator('footer').getByRole('button', { name: 'Close' }).click()

  // A file that is not a feed, a page or OPML.
  await openAddMenuItem(page, /^Import a file…/)
  await importer.getByLabel('Import a file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 255, 254]) })
  await expect(importer.getByRole('alert')).toContainText('notes.txt')
  await page.keyboard.press('Escape')
  await expect(importer).toBeHidden()

  // Export: a download with the library's file name, holding every subscription.
  const downloading = page.waitForEvent('download')
  await openAddMenuItem(page, 'Export subscriptions (OPML)')
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^offprint-feeds-\d{4}-\d\d-\d\d\.opml$/)
  const exported = await new Promise<string>((resolve, reject) => {
    void download.createReadStream().then((stream) => {
      let text = ''
      stream.setEncoding('utf8')
      stream.on('data', (d: string) => (text += d))
      stream.on('end', () => resolve(text))
      stream.on('error', reject)
    })
  })
  expect(exported).toContain(`xmlUrl="${feeds.origin}/feed.xml"`)
  expect(exported).toContain(`xmlUrl="${feeds.origin}/flaky.xml"`)
  expect(exported).toContain('xmlUrl="https://citywheel.example/feed.xml"')
  expect(exported).toMatch(/<outline[^>]*text="Coast"/)
  await expect(toast(page)).toHaveText(/^Exported 7 feeds to offprint-feeds-/)
})

test('mark all read: a feed from its button, everything with Shift+A', async ({ app: page, host }) => {
  const unread = async () => (await call(page.request, host.origin, 'library:overview')).counts.unread
  const total = await unread()
  const citywheel = feedRow(page, 'Citywheel')
  const cityUnread = Number((await citywheel.locator('.count').innerText()).replace(/\D/g, ''))
  expect(cityUnread).toBeGreaterThan(0)

  await citywheel.click()
  await page.getByRole('button', { name: 'Mark all as read' }).click()
  await expect(toast(page)).toHaveText(`Marked ${cityUnread} articles as read`)
  await expect(citywheel.locator('.count')).toHaveCount(0)
  await expect(options(page).and(page.locator('.is-unread'))).toHaveCount(0)
  expect(await unread()).toBe(total - cityUnread)

  // The Unread view, from the keyboard: it empties and says so.
  await sources(page).getByRole('button', { name: /^Unread/ }).click()
  await expect(page.locator('.list-count')).toHaveText(`${total - cityUnread} unread`)
  await page.keyboard.press('Shift+A')
  await expect(toast(page)).toHaveText(`Marked ${total - cityUnread} articles as read`)
  await expect(page.getByText('All caught up')).toBeVisible()
  await expect(sources(page).getByRole('button', { name: /^Unread/ }).locator('.count')).toHaveCount(0)
  expect(await unread()).toBe(0)
  await page.keyboard.press('Shift+A')
  await expect(toast(page)).toHaveText('Nothing unread in Unread')
})

test('offline: a calm note, refresh unavailable with a reason, back to normal when online', async ({ app: page, context }) => {
  const refreshes: string[] = []
  page.on('request', (r) => {
    if (decodeURIComponent(r.url()).endsWith('/api/feeds:refresh')) refreshes.push(r.url())
  })
  const button = sources(page).getByRole('button', { name: /^Refresh all feeds/ })
  await expect(button).toBeEnabled()
  await context.setOffline(true)
  const note = sources(page).getByRole('status').filter({ hasText: 'Offline — your library is all here' })
  await expect(note).toBeVisible()
  await expect(button).toBeDisabled()
  await expect(button).toHaveAttribute('title', /You’re offline/)
  await button.click({ force: true })
  await expect(toast(page)).toHaveText(/^You’re offline/)
  await page.keyboard.press('r')
  await expect(toast(page)).toHaveText(/^You’re offline/)
  // The add-feed dialog warns before trying.
  await openAddMenuItem(page, 'Add a feed…')
  await expect(dialog(page, 'Add a feed')).toContainText('You’re offline')
  await page.keyboard.press('Escape')
  expect(refreshes).toEqual([])

  await context.setOffline(false)
  await expect(note).toBeHidden()
  await expect(button).toBeEnabled()
})

test('offline, the library still reads: articles open, search answers', async ({ host, page }) => {
  // Chromium's offline emulation also cuts 127.0.0.1, which a real lost connection does
  // not; here the browser only says it is offline, as the operating system would.
  await page.addInitScript(() => {
    let online = true
    Object.defineProperty(Navigator.prototype, 'onLine', { get: () => online, configurable: true })
    ;(window as unknown as { setOnline: (v: boolean) => void }).setOnline = (v) => {
      online = v
      window.dispatchEvent(new Event(v ? 'online' : 'offline'))
    }
  })
  await page.goto(host.url)
  await expect(options(page).first()).toBeVisible()
  await page.evaluate(() => (window as unknown as { setOnline: (v: boolean) => void }).setOnline(false))
  await expect(sources(page).getByText('Offline — your library is all here')).toBeVisible()
  await expect(sources(page).getByRole('button', { name: /^Refresh all feeds/ })).toBeDisabled()
  const title = await options(page).nth(2).locator('.row-title').innerText()
  await options(page).nth(2).click()
  await expect(headline(page)).toHaveText(title)
  await page.keyboard.press('/')
  await page.keyboard.type('seagrass')
  await expect(page.locator('.list-count')).toHaveText(/^\d+ results?$/)
  await page.evaluate(() => (window as unknown as { setOnline: (v: boolean) => void }).setOnline(true))
  await expect(sources(page).getByText('Offline — your library is all here')).toBeHidden()
})

test('native menu commands: shortcuts, import link, settings changed elsewhere', async ({ host, page }) => {
  test.info().annotations.push({ type: 'note', description: 'commands are injected into the page’s event stream; Electron’s menu sends the same events' })
  // Browser mode has no native menu; the commands are sent down the page's own event
  // stream here, one per connection, exactly as main would send them.
  const commands: string[] = []
  let release: (() => void) | null = null
  await page.route(/\/api\/events$/, async (route) => {
    while (commands.length === 0) await new Promise<void>((resolve) => (release = resolve))
    const command = commands.shift()!
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
      body: `retry: 100\n\nevent: app:command\ndata: ${JSON.stringify({ command })}\n\n`,
    })
  })
  const send = (command: string) => {
    commands.push(command)
    release?.()
  }
  await page.goto(host.url)
  await expect(options(page).first()).toBeVisible()

  send('showShortcuts')
  const shortcuts = dialog(page, 'Keyboard shortcuts')
  await expect(shortcuts).toBeVisible()
  await expect(shortcuts.getByText('Refresh all feeds')).toBeVisible()
  await expect(shortcuts.getByText('Mark all in this view as read')).toBeVisible()
  await expect(shortcuts.getByText('Search articles')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(shortcuts).toBeHidden()

  send('importLink')
  const importer = dialog(page, 'Import')
  await expect(importer).toBeVisible()
  await expect(importer.getByLabel('Save a page or feed from its link')).toBeFocused()
  await page.keyboard.press('Escape')

  await call(page.request, host.origin, 'settings:set', { theme: 'dark' })
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', 'dark')
  send('settingsChanged')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.unrouteAll({ behavior: 'ignoreErrors' })
})
