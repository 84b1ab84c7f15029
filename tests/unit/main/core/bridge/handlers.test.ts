// The bridge's handlers over a real library with the bundled sample, through the
// dispatcher: every input validated, every failure a typed error value.
import { afterEach, describe, expect, it } from 'vitest'
import { createIngestService, type IngestService } from '../../../../../main/core/ingest/service'
import { existsSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../../../../../main/core/library/library'
import { createDispatcher } from '../../../../../main/core/bridge/dispatch'
import { createHandlers } from '../../../../../main/core/bridge/handlers/index'
import type { ArticleList, LibraryOverview, RelatedItems } from '../../../../../common/contract'
import type { Article } from '../../../../../common/model'
import { tempDir } from '../../../../helpers/tmp'

const sessions: { lib: Library; ingest: IngestService }[] = []
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.ingest.close()
    await s.lib.close().catch(() => {})
  }
})

async function sampleSession() {
  const dir = tempDir()
  const lib = await Library.open({ dataDir: dir })
  const opened: string[] = []
  const ingest = createIngestService(lib)
  sessions.push({ lib, ingest })
  const dispatch = createDispatcher(createHandlers({ library: lib, ingest, openExternal: async (u) => (opened.push(u), true) }))
  const call = async <T>(channel: string, input?: unknown): Promise<T> => {
    const r = await dispatch(channel, input)
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
    return r.data as T
  }
  return { dir, lib, dispatch, call, opened }
}

describe('sample library', () => {
  it('fills a new data folder: at least 12 articles on several subjects, with local images', async () => {
    const { dir, lib, call } = await sampleSession()
    const overview = await call<LibraryOverview>('library:overview')
    expect(overview.counts.all).toBeGreaterThanOrEqual(12)
    expect(overview.folders.length).toBeGreaterThanOrEqual(3)
    expect(overview.feeds.every((f) => f.total > 0)).toBe(true)
    const list = await call<ArticleList>('articles:list', { limit: 100 })
    const withImage = list.items.filter((a) => a.image.startsWith('offprint-media://m/'))
    expect(withImage.length).toBeGreaterThan(0)
    const article = await call<Article>('articles:get', { id: withImage[0]!.id })
    expect(article.html).toContain('src="offprint-media://m/')
    expect(article.html).not.toMatch(/src="(https?:|sample:)/)
    expect(readdirSync(join(dir, 'media')).length).toBeGreaterThan(0)
  })

  it('is loaded once, and never into a folder that already holds the user’s data', async () => {
    const { dir, lib } = await sampleSession()
    const n = lib.size
    await lib.setStarred((await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.id, true)
    await lib.close()
    const again = await Library.open({ dataDir: dir, search: null })
    expect(again.size).toBe(n)
    expect((await again.counts()).starred).toBe(1)
    await again.close()

    const notesOnly = tempDir()
    mkdirSync(join(notesOnly, 'notes'))
    writeFileSync(join(notesOnly, 'notes', 'abc.json'), JSON.stringify({ version: 1, articleId: 'abc', comments: [], highlights: [] }))
    const kept = await Library.open({ dataDir: notesOnly, search: null })
    expect(kept.size).toBe(0)
    await kept.close()
    expect(existsSync(join(notesOnly, 'notes', 'abc.json'))).toBe(true)
  })

  it('"Read also" lists the stored articles an article links to', async () => {
    const { lib, call } = await sampleSession()
    const list = await call<ArticleList>('articles:list', { limit: 100 })
    let found = 0
    for (const a of list.items) {
      const r = await call<RelatedItems>('articles:related', { id: a.id })
      expect(r.recent.some((x) => x.id === a.id)).toBe(false)
      expect(r.recent.length).toBeGreaterThan(0)
      for (const x of r.readAlso) {
        found++
        expect(x.id).not.toBe(a.id)
        expect((await call<Article>('articles:get', { id: a.id })).html).toContain(`href="${x.url}"`)
      }
    }
    expect(found).toBeGreaterThanOrEqual(5)
  })
})

describe('library management and search', () => {
  it('adds, renames and removes folders; moves, renames and removes feeds, keeping starred articles', async () => {
    const { call, lib } = await sampleSession()
    const folder = await call<{ id: string; name: string }>('folders:add', { name: 'Reading later' })
    expect(await call('folders:rename', { id: folder.id, name: 'Later' })).toMatchObject({ name: 'Later' })
    const overview = await call<LibraryOverview>('library:overview')
    const feed = overview.feeds[0]!
    expect(await call('feeds:update', { id: feed.id, folderId: folder.id, title: 'Renamed feed' })).toMatchObject({ folderId: folder.id, title: 'Renamed feed', total: feed.total })
    const list = await call<ArticleList>('articles:list', { feedId: feed.id })
    await call('articles:setStarred', { id: list.items[0]!.id, starred: true })
    const removed = await call<{ removed: number; kept: number }>('feeds:remove', { id: feed.id })
    expect(removed).toEqual({ removed: feed.total - 1, kept: 1 })
    const kept = await call<Article>('articles:get', { id: list.items[0]!.id })
    expect(kept).toMatchObject({ feedId: null, starred: true })
    await call('folders:remove', { id: folder.id })
    expect((await call<LibraryOverview>('library:overview')).folders.some((f) => f.id === folder.id)).toBe(false)
    expect((await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1000 })).total).toBe(overview.counts.all - removed.removed)
  })

  it('marks all read, and searches with filters', async () => {
    const { call } = await sampleSession()
    const all = await call<ArticleList>('articles:list', { limit: 100 })
    const r = await call<{ total: number; hits: { id: string; title: string; snippet: string }[] }>('search:query', { query: 'seagrass' })
    expect(r.total).toBeGreaterThan(0)
    expect(r.hits[0]!.snippet.toLowerCase()).toContain('seagrass')
    const first = r.hits[0]!.id
    await call('articles:setStarred', { id: first, starred: true })
    const starred = await call<{ hits: { id: string }[] }>('search:query', { query: 'seagrass', filter: 'starred' })
    expect(starred.hits.map((h) => h.id)).toEqual([first])
    // Starred only: the one starred article, and nothing else.
    const second = r.hits[1]!.id
    await call('articles:setStarred', { id: second, starred: true })
    await call('articles:setRead', { ids: [second], read: true })
    expect(await call('articles:markAllRead', { starred: true })).toEqual({ changed: 1 })
    expect((await call<Article>('articles:get', { id: first })).read).toBe(true)
    expect((await call<LibraryOverview>('library:overview')).counts.unread).toBe(all.total - 2)
    expect(await call('articles:markAllRead', {})).toEqual({ changed: all.total - 2 })
    expect((await call<LibraryOverview>('library:overview')).counts.unread).toBe(0)
    expect(await call('search:query', { query: 'seagrass', filter: 'unread' })).toMatchObject({ total: 0 })
  })

  it('neither shows nor counts a hit whose article is no longer in the library', async () => {
    const { lib, call } = await sampleSession()
    const before = await call<{ total: number; hits: { id: string }[] }>('search:query', { query: 'seagrass' })
    const meta = lib.meta(before.hits[0]!.id)!
    // The index holds an article the library does not (as between a removal and the index's catching up).
    lib.search!.upsert([lib.searchDoc({ ...meta, id: 'gone' }, 'Seagrass meadows, seagrass everywhere.')])
    const after = await call<{ total: number; hits: { id: string }[] }>('search:query', { query: 'seagrass', limit: 100 })
    expect(after.total).toBe(before.total)
    expect(after.hits.map((h) => h.id)).not.toContain('gone')
  })

  it('exports the subscriptions as OPML', async () => {
    const { call } = await sampleSession()
    const opml = await call<{ filename: string; content: string }>('library:exportOpml')
    expect(opml.filename).toMatch(/\.opml$/)
    expect(opml.content).toContain('<opml')
    expect(opml.content).toContain('xmlUrl="https://harborgazette.example/feed.xml"')
  })
})

describe('dispatcher', () => {
  it('rejects invalid input with a typed error naming the field, before any handler runs', async () => {
    const { dispatch, lib } = await sampleSession()
    expect(await dispatch('articles:list', { limit: 0 })).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('limit'), field: 'limit' })
    expect(await dispatch('articles:list', { limit: 5, extra: true })).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(await dispatch('settings:set', { fontSize: 'large' })).toMatchObject({ code: 'invalid_input', field: 'fontSize' })
    expect(await dispatch('articles:get', { id: '../../etc/passwd' })).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(await dispatch('articles:get', {})).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(await dispatch('settings:set', { fontSize: 400 })).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(await dispatch('settings:set', { theme: 'neon' })).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(await dispatch('nope:nothing', {})).toMatchObject({ ok: false, code: 'unknown_channel' })
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, code: 'unknown_channel' })
    expect(await dispatch('articles:get', { id: 'doesnotexist' })).toEqual({ ok: false, code: 'not_found', message: 'No article with id doesnotexist.' })
  })

  it("names the field of a refusal from the core, so a form marks that field and not another", async () => {
    const { dispatch, lib } = await sampleSession()
    const articleId = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.id
    expect(await dispatch('notes:addComment', { articleId, name: 'Ada', text: '  ' })).toEqual({ ok: false, code: 'invalid_input', message: 'Please enter your comment!', field: 'text' })
    expect(await dispatch('notes:addComment', { articleId, name: ' ', text: 'Hello' })).toEqual({ ok: false, code: 'invalid_input', message: 'Please enter your name here', field: 'name' })
    // A refusal about no one field has none.
    expect(await dispatch('app:openExternal', { url: 'file:///etc/passwd' })).not.toHaveProperty('field')
  })

  it('stars, marks read and saves settings', async () => {
    const { call, lib } = await sampleSession()
    const [first] = (await call<ArticleList>('articles:list', { limit: 1 })).items
    await call('articles:setStarred', { id: first!.id, starred: true })
    await call('articles:setRead', { ids: [first!.id], read: true })
    const starred = await call<ArticleList>('articles:list', { filter: 'starred' })
    expect(starred.items.map((a) => a.id)).toEqual([first!.id])
    expect(starred.items[0]).toMatchObject({ read: true, starred: true })
    expect(await call('settings:set', { theme: 'sepia', fontSize: 20 })).toMatchObject({ theme: 'sepia', fontSize: 20 })
    expect(await call('settings:get')).toMatchObject({ theme: 'sepia' })
  })

  it('opens only web addresses in the system browser', async () => {
    const { dispatch, opened, lib } = await sampleSession()
    expect(await dispatch('app:openExternal', { url: 'https://news.example/a' })).toEqual({ ok: true, data: { opened: true } })
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'offprint-media://m/x.png', 'not a url']) {
      expect(await dispatch('app:openExternal', { url })).toMatchObject({ ok: false, code: 'invalid_input' })
    }
    expect(opened).toEqual(['https://news.example/a'])
  })
})
