// Private notes end to end, in Chromium against browser mode: "Leave a reply" with
// threaded replies, highlights made from a selection, the notes sidebar, All notes,
// export and import, highlights following their words when an article's text changes.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { call, expect, test } from './fixtures'

const execFileAsync = promisify(execFile)
const list = (page: Page) => page.getByRole('listbox')
const options = (page: Page) => list(page).getByRole('option')
const headline = (page: Page) => page.locator('article.article').getByRole('heading', { level: 1 })
const body = (page: Page) => page.locator('.article-body')
const replies = (page: Page) => page.getByRole('region', { name: 'Leave a reply' })
const replyForm = (page: Page) => replies(page).getByRole('form', { name: 'Leave a reply' })
const comment = (page: Page, name: string) => page.getByRole('article', { name: `Comment by ${name}` })
const toast = (page: Page) => page.locator('.notes-toast')
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Notes' })
const selectionToolbar = (page: Page) => page.getByRole('toolbar', { name: 'Highlight the selection' })
const editor = (page: Page) => page.getByRole('dialog', { name: /^Highlight/ })
const marks = (page: Page) => body(page).locator('mark[data-highlight-id]')

/** Every request the page makes goes to the local host (on whatever port it restarted): notes never leave the machine. */
function watchRequests(page: Page, origin: string): () => void {
  const local = new URL(origin).hostname
  const elsewhere: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.protocol === 'blob:' || url.protocol === 'data:') return
    if (url.protocol !== 'http:' || url.hostname !== local) elsewhere.push(r.url())
  })
  return () => expect(elsewhere, 'requests that left the machine').toEqual([])
}

/** Selects `phrase` in the article body the way a drag would: a DOM Range from its first to its last character. */
async function selectText(page: Page, phrase: string): Promise<void> {
  await body(page).evaluate((root, phrase) => {
    const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp([...phrase.replace(/\s+/g, '')].map(esc).join('\\s*'))
    const text = root.textContent ?? ''
    const m = pattern.exec(text)
    if (!m) throw new Error(`not in the article: ${phrase}`)
    const at = (offset: number, end: boolean): [Node, number] => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      let pos = 0
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const len = n.data.length
        if (end ? offset <= pos + len : offset < pos + len) return [n, offset - pos]
        pos += len
      }
      throw new Error('offset out of range')
    }
    const range = document.createRange()
    range.setStart(...at(m.index, false))
    range.setEnd(...at(m.index + m[0].length, true))
    // A reader selects what is on screen.
    range.startContainer.parentElement!.scrollIntoView({ block: 'center' })
    const sel = window.getSelection()!
    sel.removeAllRanges()
    sel.addRange(range)
  }, phrase)
}

/** The words a highlight covers on the page, joined across its <mark> pieces. */
async function markText(page: Page, highlightId: string): Promise<string> {
  const parts = await body(page).locator(`mark[data-highlight-id="${highlightId}"]`).allTextContents()
  return parts.join('')
}

async function openArticle(page: Page, title: string): Promise<void> {
  const row = options(page).filter({ hasText: title }).first()
  await row.click()
  await expect(headline(page)).toHaveText(title)
}

async function firstArticle(page: Page, origin: string) {
  const [first] = (await call(page.request, origin, 'articles:list', { limit: 1 })).items
  return first!
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim()
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const notesToggle = (page: Page) => page.getByRole('toolbar', { name: 'Article actions' }).getByRole('button', { name: /^Notes/ })

test('comments: validation, post, reply, edit, delete with undo, and all of it after a reload', async ({ app: page, host }) => {
  // Many steps (or seven axe runs): give a loaded machine time.
  test.slow()
  const offline = watchRequests(page, host.origin)
  const article = await firstArticle(page, host.origin)
  await options(page).first().click()
  await expect(headline(page)).toHaveText(article.title)

  const form = replyForm(page)
  const text = form.getByRole('textbox', { name: 'Comment' })
  const name = form.getByRole('textbox', { name: 'Name' })
  await expect(name).toHaveValue('')

  // Both fields empty: both messages, each tied to its field.
  await form.getByRole('button', { name: 'Post comment' }).click()
  await expect(form.getByText('Please enter your comment!')).toBeVisible()
  await expect(form.getByText('Please enter your name here')).toBeVisible()
  await expect(text).toHaveAttribute('aria-invalid', 'true')
  await expect(text).toHaveAccessibleDescription('Please enter your comment!')
  await expect(name).toHaveAccessibleDescription('Please enter your name here')
  await expect(text).toBeFocused()

  // A comment but no name: only the name's message.
  await text.fill('The archive will be a gift to every family historian in town.')
  await form.getByRole('button', { name: 'Post comment' }).click()
  await expect(form.getByText('Please enter your comment!')).toHaveCount(0)
  await expect(form.getByText('Please enter your name here')).toBeVisible()
  await expect(name).toBeFocused()

  // What the core refuses, the form says by the field it concerns.
  await text.fill('x'.repeat(20_001))
  await name.fill('Ada Reader')
  await form.getByRole('button', { name: 'Post comment' }).click()
  await expect(text).toHaveAccessibleDescription('Your comment is too long: 20,001 characters, the limit is 20,000.')
  await text.fill('The archive will be a gift to every family historian in town.')
  await form.getByRole('button', { name: 'Post comment' }).click()
  const ada = comment(page, 'Ada Reader')
  await expect(ada).toContainText('The archive will be a gift to every family historian in town.')
  await expect(ada.locator('time')).toHaveText('just now')
  await expect(replies(page).getByRole('heading', { name: '1 comment' })).toBeVisible()
  await expect(text).toHaveValue('')
  // The name is remembered for the next comment, here and in the library's settings.
  await expect(name).toHaveValue('Ada Reader')
  expect((await call(page.request, host.origin, 'settings:get')).commenterName).toBe('Ada Reader')

  // A reply, under Ada's comment.
  await ada.getByRole('button', { name: 'Reply to Ada Reader' }).click()
  const replyBox = page.getByRole('form', { name: 'Reply to Ada Reader' })
  await expect(replyBox.getByRole('textbox', { name: 'Your reply' })).toBeFocused()
  await expect(replyBox.getByRole('textbox', { name: 'Name' })).toHaveValue('Ada Reader')
  await replyBox.getByRole('textbox', { name: 'Your reply' }).fill('Will the photographs be included too?')
  await replyBox.getByRole('textbox', { name: 'Name' }).fill('Bob')
  await replyBox.getByRole('button', { name: 'Post reply' }).click()
  const bob = comment(page, 'Bob')
  await expect(bob).toContainText('Will the photographs be included too?')
  await expect(bob).toBeFocused()
  // Nested under Ada's comment, not beside it.
  await expect(page.locator('.thread > li').filter({ has: ada }).locator('.thread-replies').getByRole('article', { name: 'Comment by Bob' })).toBeVisible()
  await expect(replies(page).getByRole('heading', { name: '2 comments' })).toBeVisible()

  // Edit in place; an empty edit gets the same message as an empty comment.
  await ada.getByRole('button', { name: 'Edit comment by Ada Reader' }).click()
  const edit = ada.getByRole('textbox', { name: 'Edit your comment' })
  await expect(edit).toBeFocused()
  await edit.fill('   ')
  await ada.getByRole('button', { name: 'Save' }).click()
  await expect(ada.getByText('Please enter your comment!')).toBeVisible()
  await edit.fill('The archive will be a gift to every historian in town, family or not.')
  await ada.getByRole('button', { name: 'Save' }).click()
  await expect(ada.locator('.comment-body')).toHaveText('The archive will be a gift to every historian in town, family or not.')
  await expect(ada).toContainText('(edited)')
  await expect(ada.getByRole('button', { name: 'Edit comment by Ada Reader' })).toBeFocused()

  // Delete a reply, then take it back with the toast's Undo (focused, so Enter does it).
  await bob.getByRole('button', { name: 'Delete comment by Bob' }).click()
  await expect(bob).toHaveCount(0)
  await expect(toast(page)).toContainText('Comment deleted.')
  await expect(toast(page).getByRole('button', { name: 'Undo' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(bob).toContainText('Will the photographs be included too?')
  await expect(toast(page)).toHaveCount(0)

  // A deleted comment with replies stays as a placeholder, its reply under it.
  await ada.getByRole('button', { name: 'Delete comment by Ada Reader' }).click()
  const placeholder = page.getByRole('article', { name: 'Deleted comment' })
  await expect(placeholder).toHaveText('This comment was deleted.')
  await expect(bob).toBeVisible()
  await expect(replies(page).getByRole('heading', { name: '1 comment' })).toBeVisible()
  await toast(page).getByRole('button', { name: 'Undo' }).click()
  await expect(ada).toBeVisible()
  await expect(placeholder).toHaveCount(0)

  // The list row counts the notes.
  await expect(options(page).first().locator('.row-notes')).toHaveText(/2/)

  // A reload: everything is still there, read from disk.
  await page.reload()
  await openArticle(page, article.title)
  await expect(comment(page, 'Ada Reader')).toContainText('every historian in town, family or not.')
  await expect(comment(page, 'Ada Reader')).toContainText('(edited)')
  await expect(comment(page, 'Bob')).toContainText('Will the photographs be included too?')
  await expect(replyForm(page).getByRole('textbox', { name: 'Name' })).toHaveValue('Bob')

  // And after the app itself restarts, the list row still counts them.
  await page.goto(await host.restart())
  await expect(options(page).filter({ hasText: article.title }).locator('.row-notes')).toHaveText(/2/)
  offline()
})

test('deep threads indent four levels, then continue flat saying whom each reply answers', async ({ app: page, host }) => {
  const article = await firstArticle(page, host.origin)
  let parentId: string | null = null
  const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay', 'Gil']
  for (const name of names) {
    const c: { id: string } = await call(page.request, host.origin, 'notes:addComment', { articleId: article.id, name, text: `${name} writes.`, parentId })
    parentId = c.id
  }
  await options(page).first().click()
  await expect(comment(page, 'Gil')).toBeVisible()
  const indents = await page.locator('.thread-item').evaluateAll((items) =>
    items.map((li) => `${li.className.match(/indent-(\d)/)?.[1]} ${li.querySelector('.comment-name')?.textContent}${li.querySelector(':scope > article .comment-replying')?.textContent ? ` (${li.querySelector(':scope > article .comment-replying')!.textContent})` : ''}`),
  )
  expect(indents).toEqual(['0 Ann', '1 Ben', '2 Cat', '3 Dan', '4 Eve', '4 Fay (replying to Eve)', '4 Gil (replying to Fay)'])
  // Replying at the deepest level works like anywhere else.
  await comment(page, 'Gil').getByRole('button', { name: 'Reply to Gil' }).click()
  const box = page.getByRole('form', { name: 'Reply to Gil' })
  await box.getByRole('textbox', { name: 'Your reply' }).fill('And the last word.')
  await box.getByRole('textbox', { name: 'Name' }).fill('Hal')
  await page.keyboard.press('Control+Enter')
  await expect(comment(page, 'Hal')).toContainText('replying to Gil')
})

test('highlights: select, pick a colour, add a note, edit, remove with undo, sidebar, reload', async ({ app: page, host }) => {
  // Many steps (or seven axe runs): give a loaded machine time.
  test.slow()
  const offline = watchRequests(page, host.origin)
  const article = await firstArticle(page, host.origin)
  const full = await call(page.request, host.origin, 'articles:get', { id: article.id })
  await options(page).first().click()
  await expect(headline(page)).toHaveText(article.title)
  const pageText = await body(page).textContent()

  // Words inside the first paragraph, then words running across two paragraphs.
  const words = full.text.split('\n')[1]!.split(' ').slice(2, 8).join(' ')
  const [para2, para3] = full.text.split('\n').slice(1, 3) as [string, string]
  const across = `${para2.split(' ').slice(-3).join(' ')}\n${para3.split(' ').slice(0, 3).join(' ')}`

  await selectText(page, words)
  await expect(selectionToolbar(page)).toBeVisible()
  await selectionToolbar(page).getByRole('button', { name: 'Highlight in green' }).click()
  await expect(selectionToolbar(page)).toBeHidden()
  await expect(marks(page)).toHaveCount(1)
  let notes = await call(page.request, host.origin, 'notes:get', { articleId: article.id })
  const first = notes.highlights[0]!
  // The core stored exactly the selected words, at their place in the plain text.
  expect(first.quote.exact).toBe(words)
  expect(full.text.slice(first.position.start, first.position.end)).toBe(words)
  expect(first.color).toBe('green')
  await expect(marks(page).first()).toHaveClass(/hl-green/)
  expect(await markText(page, first.id)).toBe(words)

  // Across paragraphs, with a note.
  await selectText(page, across)
  await selectionToolbar(page).getByRole('button', { name: 'Add note' }).click()
  const dialog = editor(page)
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('textbox', { name: 'Note' })).toBeFocused()
  await page.keyboard.type('Two paragraphs, one thought.')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  notes = await call(page.request, host.origin, 'notes:get', { articleId: article.id })
  const second = notes.highlights.find((h) => h.id !== first.id)!
  expect(second.quote.exact).toBe(across)
  expect(second.note).toBe('Two paragraphs, one thought.')
  expect(flat(await markText(page, second.id)).replace(/\s/g, '')).toBe(across.replace(/\s/g, ''))
  await expect(body(page).locator(`mark[data-highlight-id="${second.id}"]`).first()).toHaveAttribute('title', 'Two paragraphs, one thought.')

  // The h key highlights the selection in the colour used last.
  const third = full.text.split('\n').filter((l) => l.split(' ').length >= 12)[2]!.split(' ').slice(5, 9).join(' ')
  await selectText(page, third)
  await page.keyboard.press('h')
  await expect.poll(async () => (await call(page.request, host.origin, 'notes:get', { articleId: article.id })).highlights.length).toBe(3)

  // Click a highlight: change its colour, then remove it and undo.
  await body(page).locator(`mark[data-highlight-id="${first.id}"]`).first().click()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'purple' }).click()
  await expect(body(page).locator(`mark[data-highlight-id="${first.id}"]`).first()).toHaveClass(/hl-purple/)
  await expect(dialog.getByRole('button', { name: 'purple' })).toHaveAttribute('aria-pressed', 'true')
  await dialog.getByRole('button', { name: 'Remove highlight' }).click()
  await expect(body(page).locator(`mark[data-highlight-id="${first.id}"]`)).toHaveCount(0)
  await expect(toast(page)).toContainText('Highlight removed.')
  await toast(page).getByRole('button', { name: 'Undo' }).click()
  await expect(body(page).locator(`mark[data-highlight-id="${first.id}"]`).first()).toHaveClass(/hl-purple/)
  // Marks only wrap the words: the page's text is exactly what it was.
  expect(await body(page).textContent()).toBe(pageText)

  // The sidebar lists highlights in text order with their notes; an entry jumps to its place.
  await notesToggle(page).click()
  await expect(sidebar(page)).toBeVisible()
  await expect(sidebar(page).getByRole('heading', { name: 'Notes' })).toBeFocused()
  const entries = sidebar(page).getByRole('region', { name: /^Highlights/ }).locator('.side-quote')
  await expect(entries).toHaveCount(3)
  expect((await entries.allTextContents()).map(flat)).toEqual([words, across, third].map(flat))
  await expect(sidebar(page).getByText('Two paragraphs, one thought.')).toBeVisible()
  await page.locator('.reader-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  await sidebar(page).getByRole('button', { name: new RegExp(`^${escapeRe(words.slice(0, 20))}`) }).click()
  const target = body(page).locator(`mark[data-highlight-id="${first.id}"]`).first()
  await expect(target).toBeFocused()
  await expect(target).toBeInViewport()

  await page.reload()
  await openArticle(page, article.title)
  await expect(marks(page).first()).toBeVisible()
  expect(await markText(page, first.id)).toBe(words)
  expect(await markText(page, second.id)).not.toBe('')
  await expect(sidebar(page).getByRole('region', { name: /^Highlights/ }).locator('.side-quote')).toHaveCount(3)
  offline()
})

const PAGE = (intro: string, extra: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tide mill grinds again after forty years</title>
<link rel="canonical" href="https://tides.example/2026/11/tide-mill-grinds-again">
<meta property="og:site_name" content="Estuary Times"></head>
<body><header><nav><a href="/">Home</a> · <a href="/news">News</a></nav></header>
<main><article>
<h1>Tide mill grinds again after forty years</h1>
<p>${intro}</p>
<p>The restored wheel turned for the first time on Saturday, when the tide turned at noon and the sluice gates opened to a cheer from the footbridge.</p>
${extra}
<p>The mill pond fills twice a day through a one-way gate and empties through the wheel race, which gives the miller about four hours of work on each tide.</p>
<p>Flour from the first grinding will be sold in the mill shop from next weekend, and the trust hopes to run school visits through the winter months.</p>
<p>“It is the oldest machine in the county that still does the job it was built for,” said the trust’s chair, Mina Okafor, standing beside the millstones.</p>
</article></main><footer>© Estuary Times</footer></body></html>`

test('highlights follow their words when a saved page is saved again with new text; lost ones are kept and listed', async ({ app: page, host }) => {
  const v1 = PAGE(
    'Millers and volunteers gathered at Eling on Saturday morning.',
    '<p>Volunteers spent eleven winters rebuilding the oak frame by hand, using timber from a storm-felled tree on the estate.</p>',
  )
  const imported = await call(page.request, host.origin, 'library:import', { name: 'tide-mill.html', content: v1 })
  const { id, title } = imported.articles[0]!
  await expect(options(page).filter({ hasText: title })).toHaveCount(1)
  await openArticle(page, title)

  const kept = 'when the tide turned at noon and the sluice gates opened'
  const lost = 'spent eleven winters rebuilding the oak frame by hand'
  await selectText(page, kept)
  await selectionToolbar(page).getByRole('button', { name: 'Highlight in blue' }).click()
  await expect(marks(page)).toHaveCount(1)
  await selectText(page, lost)
  await selectionToolbar(page).getByRole('button', { name: 'Add note' }).click()
  await editor(page).getByRole('textbox', { name: 'Note' }).fill('Eleven winters!')
  await editor(page).getByRole('button', { name: 'Save' }).click()
  const before = await call(page.request, host.origin, 'notes:get', { articleId: id })
  const keptId = before.highlights.find((h) => h.quote.exact === kept)!.id
  const lostId = before.highlights.find((h) => h.quote.exact === lost)!.id

  // The same page (same canonical address), its opening rewritten and a paragraph gone.
  const v2 = PAGE(
    'Hundreds of visitors, millers from three counties and the volunteers who rebuilt it gathered at Eling on a bright Saturday morning.',
    '',
  )
  const again = await call(page.request, host.origin, 'library:import', { name: 'tide-mill.html', content: v2 })
  expect(again.articles[0]!.id, 'the page was updated in place, not added as a second article').toBe(id)
  const changed = await call(page.request, host.origin, 'articles:get', { id })
  expect(changed.textVersion).toBeGreaterThan(1)

  // The open article picks up the new text; the highlight moved with its words.
  await expect(body(page)).toContainText('Hundreds of visitors')
  await expect.poll(() => markText(page, keptId)).toBe(kept)
  await expect(body(page).locator(`mark[data-highlight-id="${keptId}"]`).first()).toHaveClass(/hl-blue/)
  await expect(body(page).locator(`mark[data-highlight-id="${lostId}"]`)).toHaveCount(0)
  const after = await call(page.request, host.origin, 'notes:get', { articleId: id })
  const moved = after.highlights.find((h) => h.id === keptId)!
  expect(changed.text.slice(moved.position.start, moved.position.end)).toBe(kept)
  expect(moved.position.start).toBeGreaterThan(before.highlights.find((h) => h.id === keptId)!.position.start)
  expect(after.highlights.find((h) => h.id === lostId)!.orphaned).toBe(true)

  // The lost one is listed, with its note, never dropped.
  await notesToggle(page).click()
  const orphans = sidebar(page).getByRole('region', { name: 'Could not be placed in the current text' })
  await expect(orphans).toContainText(lost)
  await expect(orphans).toContainText('Eleven winters!')
  await expect(sidebar(page).getByRole('region', { name: /^Highlights/ })).toContainText(kept)

  // From All notes, the lost highlight opens in the sidebar, where it is kept.
  await page.getByRole('button', { name: 'Close notes' }).click()
  await expect(sidebar(page)).toHaveCount(0)
  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: 'All notes' }).click()
  const entry = page.getByRole('list', { name: 'Notes' }).getByRole('listitem').filter({ hasText: 'no longer in the text' })
  await expect(entry).toContainText(lost)
  await entry.getByRole('button').click()
  await expect(sidebar(page).locator(`#side-${lostId}`)).toBeFocused()
})

test('a highlight whose words the page does not show is listed, not lost', async ({ app: page, host }) => {
  const article = await firstArticle(page, host.origin)
  const full = await call(page.request, host.origin, 'articles:get', { id: article.id })
  const line = full.text.split('\n').filter((l) => l.split(' ').length >= 12)[1]!
  const quote = line.split(' ').slice(2, 7).join(' ')
  const start = full.text.indexOf(quote)
  const h = await call(page.request, host.origin, 'notes:addHighlight', { articleId: article.id, start, end: start + quote.length, note: 'Still mine.' })
  // The page is shown without that paragraph (as if the HTML and the text disagreed).
  await page.route(/\/api\/articles(%3A|:)get$/, async (route) => {
    const res = (await (await route.fetch()).json()) as { ok: boolean; data: { html: string } }
    res.data.html = res.data.html.replace(/<p>((?!<\/p>).)*<\/p>/gs, (p) => (p.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').includes(quote) ? '' : p))
    await route.fulfill({ json: res })
  })
  await options(page).first().click()
  await expect(headline(page)).toHaveText(article.title)
  await expect(body(page)).not.toContainText(quote)
  await notesToggle(page).click()
  const lost = sidebar(page).getByRole('region', { name: 'Could not be placed in the current text' })
  await expect(lost).toContainText(quote)
  await expect(lost).toContainText('Still mine.')
  await expect(body(page).locator(`mark[data-highlight-id="${h.id}"]`)).toHaveCount(0)
})

test('export one article or all notes as Markdown and JSON; import JSON without duplicates', async ({ app: page, host }) => {
  const offline = watchRequests(page, host.origin)
  const article = await firstArticle(page, host.origin)
  const text = (await call(page.request, host.origin, 'articles:get', { id: article.id })).text
  const quote = text.split('\n')[1]!.split(' ').slice(0, 5).join(' ')
  const start = text.indexOf(quote)
  await call(page.request, host.origin, 'notes:addHighlight', { articleId: article.id, start, end: start + quote.length, color: 'pink', note: 'Quote this in the newsletter.' })
  await call(page.request, host.origin, 'notes:addComment', { articleId: article.id, name: 'Ada', text: 'A comment worth keeping.' })

  await options(page).first().click()
  await notesToggle(page).click()
  let download = page.waitForEvent('download')
  await sidebar(page).getByRole('button', { name: 'Markdown' }).click()
  let file = await download
  expect(file.suggestedFilename()).toMatch(new RegExp(`^offprint-notes-${article.id}-\\d{4}-\\d{2}-\\d{2}\\.md$`))
  const md = readFileSync((await file.path())!, 'utf8')
  expect(md).toContain('# Notes from Offprint')
  expect(md).toContain(`> ${quote}`)
  expect(md).toContain('Quote this in the newsletter.')
  expect(md).toContain('**Ada**')
  expect(md).toContain('A comment worth keeping.')

  // All notes: export JSON of the whole library.
  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: 'All notes' }).click()
  await expect(page.getByRole('heading', { name: 'All notes', level: 2 })).toBeVisible()
  download = page.waitForEvent('download')
  await page.getByRole('group', { name: 'Export all' }).getByRole('button', { name: 'JSON' }).click()
  file = await download
  expect(file.suggestedFilename()).toMatch(/^offprint-notes-\d{4}-\d{2}-\d{2}\.json$/)
  const json = readFileSync((await file.path())!, 'utf8')
  const data = JSON.parse(json) as { format: string; articles: { articleId: string; comments: { id: string; text: string }[]; highlights: { id: string; note: string }[] }[] }
  expect(data.format).toBe('offprint-notes')
  expect(data.articles).toHaveLength(1)
  expect(data.articles[0]!.comments.map((c) => c.text)).toEqual(['A comment worth keeping.'])
  expect(data.articles[0]!.highlights.map((h) => h.note)).toEqual(['Quote this in the newsletter.'])
  download = page.waitForEvent('download')
  await page.getByRole('group', { name: 'Export all' }).getByRole('button', { name: 'Markdown' }).click()
  expect(readFileSync((await (await download).path())!, 'utf8')).toContain('A comment worth keeping.')

  // Importing the same export changes nothing.
  const input = page.locator('input[type=file]')
  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from(json) })
  await expect(page.getByText('Imported 0 comments and 0 highlights (2 already here).')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Notes' }).getByRole('listitem')).toHaveCount(2)

  // An export with notes this library lacks: they are added, once.
  const other = structuredClone(data)
  other.articles[0]!.comments[0]!.id = 'imported-comment-1'
  other.articles[0]!.comments[0]!.text = 'Written on the laptop.'
  other.articles[0]!.highlights[0]!.id = 'imported-highlight-1'
  const otherJson = JSON.stringify(other)
  await input.setInputFiles({ name: 'laptop.json', mimeType: 'application/json', buffer: Buffer.from(otherJson) })
  await expect(page.getByText('Imported 1 comment and 1 highlight.')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Notes' }).getByRole('listitem')).toHaveCount(4)
  await input.setInputFiles({ name: 'laptop.json', mimeType: 'application/json', buffer: Buffer.from(otherJson) })
  await expect(page.getByText('Imported 0 comments and 0 highlights (2 already here).')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Notes' }).getByRole('listitem')).toHaveCount(4)
  const notes = await call(page.request, host.origin, 'notes:get', { articleId: article.id })
  expect(notes.commentCount).toBe(2)
  expect(notes.highlights).toHaveLength(2)

  // Something that is not an export: said plainly.
  await input.setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
  await expect(page.locator('.notes-transfer').getByRole('alert')).toHaveText('photo.json: That file is not an Offprint notes export.')
  offline()
})

test('All notes: search as you type, open an article at its note', async ({ app: page, host }) => {
  const items = (await call(page.request, host.origin, 'articles:list', { limit: 5 })).items
  const [a, b] = [items[1]!, items[3]!]
  const textB = (await call(page.request, host.origin, 'articles:get', { id: b.id })).text
  const line = textB.split('\n').filter((l) => l.split(' ').length >= 8).at(-1)!
  const quote = line.split(' ').slice(0, 6).join(' ')
  const start = textB.lastIndexOf(quote)
  await call(page.request, host.origin, 'notes:addComment', { articleId: a.id, name: 'Ada', text: 'Lighthouse keepers deserve a pension.' })
  const h = await call(page.request, host.origin, 'notes:addHighlight', { articleId: b.id, start, end: start + quote.length, note: 'Check the figures for seagrass.' })

  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: 'All notes' }).click()
  const results = page.getByRole('list', { name: 'Notes' }).getByRole('listitem')
  await expect(results).toHaveCount(2)
  await expect(page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: 'All notes' })).toHaveAttribute('aria-current', 'page')

  const search = page.getByRole('searchbox', { name: 'Search notes' })
  let asked = 0
  page.on('request', (r) => {
    if (decodeURIComponent(r.url()).endsWith('/api/notes:all')) asked++
  })
  await search.pressSequentially('seagrass', { delay: 30 })
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText(b.title)
  await expect(results.first()).toContainText(quote)
  await expect(results.first()).toContainText('Check the figures for seagrass.')
  // Debounced: one search for the word, not one per keystroke.
  expect(asked).toBeLessThanOrEqual(2)

  await search.fill('pension lighthouse')
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText('Lighthouse keepers deserve a pension.')
  await search.fill('no such words anywhere')
  await expect(page.getByText('No notes match “no such words anywhere”.')).toBeVisible()

  // Opening a highlight: the article opens and its words are brought into view.
  await search.fill('seagrass')
  await expect(results.first()).toContainText('Check the figures for seagrass.')
  await results.first().getByRole('button').click()
  await expect(headline(page)).toHaveText(b.title)
  const mark = body(page).locator(`mark[data-highlight-id="${h.id}"]`).first()
  await expect(mark).toBeFocused()
  await expect(mark).toBeInViewport()

  // Opening a comment: its place in the thread.
  await search.fill('pension')
  await expect(results.first()).toContainText('Lighthouse keepers')
  await results.first().getByRole('button').click()
  await expect(headline(page)).toHaveText(a.title)
  await expect(comment(page, 'Ada')).toBeFocused()
  await expect(comment(page, 'Ada')).toBeInViewport()

  // Back to the articles by choosing a source.
  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^All articles/ }).click()
  await expect(options(page).first()).toBeVisible()
})

test('keyboard: c goes to the comment box, h highlights the selection', async ({ app: page, host }) => {
  const article = await firstArticle(page, host.origin)
  await options(page).first().click()
  await expect(headline(page)).toHaveText(article.title)
  await page.keyboard.press('c')
  await expect(replyForm(page).getByRole('textbox', { name: 'Comment' })).toBeFocused()
  // Typing there is typing, not shortcuts.
  await page.keyboard.type('hjkc')
  await expect(replyForm(page).getByRole('textbox', { name: 'Comment' })).toHaveValue('hjkc')
  await page.locator('.article-header').click()
  const full = await call(page.request, host.origin, 'articles:get', { id: article.id })
  const phrase = full.text.split('\n').filter((l) => l.split(' ').length >= 12)[1]!.split(' ').slice(1, 5).join(' ')
  await selectText(page, phrase)
  await page.keyboard.press('h')
  await expect(marks(page)).toHaveCount(1)
  expect((await call(page.request, host.origin, 'notes:get', { articleId: article.id })).highlights[0]!.quote.exact).toBe(phrase)
  // Shift+H: highlight and go straight to writing its note.
  const another = full.text.split('\n').filter((l) => l.split(' ').length >= 12)[2]!.split(' ').slice(2, 6).join(' ')
  await selectText(page, another)
  await page.keyboard.press('Shift+H')
  await expect(editor(page).getByRole('textbox', { name: 'Note' })).toBeFocused()
  await page.keyboard.type('Typed without the mouse.')
  await page.keyboard.press('Control+Enter')
  await expect(editor(page)).toBeHidden()
  await expect.poll(async () => (await call(page.request, host.origin, 'notes:get', { articleId: article.id })).highlights.find((h) => h.quote.exact === another)?.note).toBe('Typed without the mouse.')
  // The help lists both.
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help.getByText('Highlight the selected text', { exact: true })).toBeVisible()
  await expect(help.getByText('Write a comment')).toBeVisible()
  await expect(help.getByText('Highlight the selected text and write a note')).toBeVisible()
})

test('no serious or critical accessibility violations with the notes UI open', async ({ app: page, host }) => {
  // Many steps (or seven axe runs): give a loaded machine time.
  test.slow()
  const check = async (state: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze()
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${state}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  const article = await firstArticle(page, host.origin)
  const text = (await call(page.request, host.origin, 'articles:get', { id: article.id })).text
  for (const [i, color] of ['yellow', 'green', 'blue', 'pink', 'purple'].entries()) {
    const q = text.split('\n')[1 + i]!.split(' ').slice(0, 4).join(' ')
    const s = text.indexOf(q)
    await call(page.request, host.origin, 'notes:addHighlight', { articleId: article.id, start: s, end: s + q.length, color, note: `A ${color} note.` })
  }
  const top = await call(page.request, host.origin, 'notes:addComment', { articleId: article.id, name: 'Ada', text: 'First!' })
  await call(page.request, host.origin, 'notes:addComment', { articleId: article.id, name: 'Bob', text: 'Second.', parentId: top.id })

  await options(page).first().click()
  await expect(marks(page).first()).toBeVisible()
  await replyForm(page).getByRole('button', { name: 'Post comment' }).click()
  await expect(replyForm(page).getByText('Please enter your comment!')).toBeVisible()
  await notesToggle(page).click()
  await expect(sidebar(page)).toBeVisible()
  await check('article with highlights, thread, form errors and sidebar')

  await comment(page, 'Ada').getByRole('button', { name: 'Reply to Ada' }).click()
  await comment(page, 'Bob').getByRole('button', { name: 'Edit comment by Bob' }).click()
  await check('reply and edit forms')

  await selectText(page, text.split('\n')[3]!.split(' ').slice(-4).join(' '))
  await expect(selectionToolbar(page)).toBeVisible()
  await check('selection toolbar')
  await marks(page).first().click()
  await expect(editor(page)).toBeVisible()
  await check('highlight editor')
  await page.keyboard.press('Escape')
  await expect(editor(page)).toBeHidden()

  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: 'All notes' }).click()
  await expect(page.getByRole('list', { name: 'Notes' }).getByRole('listitem').first()).toBeVisible()
  await check('All notes')

  await page.getByRole('button', { name: 'Reading settings' }).click()
  await page.getByRole('radio', { name: 'Dark' }).check()
  await page.keyboard.press('Escape')
  await check('All notes, dark theme')
  await page.getByRole('list', { name: 'Notes' }).getByRole('listitem').first().getByRole('button').click()
  await expect(marks(page).first()).toBeVisible()
  await check('article with notes, dark theme')
})

test('a comment and a highlight written with the command line while the window is open appear in it at once', async ({ app: page, host }) => {
  await options(page).first().click()
  const articleId = await options(page).first().getAttribute('data-article-id')
  await expect(replies(page)).toBeVisible()
  const cli = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url))
  // The command goes through the running host (it has the library), which tells the page.
  const offprint = (...args: string[]) => execFileAsync(process.execPath, [cli, '--data', host.dataDir, ...args], { encoding: 'utf8' })
  const { stdout } = await offprint('comment', 'add', articleId!, '--name', 'Terminal', '--text', 'Written in a terminal while the window was open.', '--json')
  expect(JSON.parse(stdout)).toMatchObject({ name: 'Terminal' })
  await expect(comment(page, 'Terminal')).toContainText('Written in a terminal while the window was open.')
  const quote = ((await body(page).innerText()).split(/(?<=\.)\s/).find((s) => s.trim().length > 40) ?? '').trim()
  await offprint('highlight', 'add', articleId!, '--quote', quote, '--note', 'From the terminal.')
  await expect(marks(page)).toHaveCount(1)
  await expect(options(page).first().locator('.row-notes')).toContainText('2 notes')
})
