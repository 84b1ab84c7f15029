import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'
import { makeArticle } from '../../../../helpers/articles'

const open = (dataDir: string, now?: () => Date) => Library.open({ dataDir, sample: false, search: null, now })

describe('Library', () => {
  it('stores articles, recognizes duplicates by guid, address and content, and reads them back after reopening', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    const feed = await lib.addFeed({ title: 'Harbor Gazette', url: 'https://harbor.example/feed.xml' })
    const first = await lib.addArticles(feed.id, [makeArticle(1), makeArticle(2), makeArticle(3)])
    expect(first.added).toHaveLength(3)
    const again = await lib.addArticles(feed.id, [
      makeArticle(1), // same guid
      { ...makeArticle(2), guid: 'other', url: 'https://www.news.example/2?utm_source=x' }, // same address
      { ...makeArticle(3), guid: 'other-3', url: 'https://elsewhere.example/3' }, // same text
    ])
    expect(again).toMatchObject({ added: [], duplicates: 3 })
    await lib.close()

    const reopened = await open(dir)
    expect(reopened.size).toBe(3)
    const id = first.added[0]!.id
    const a = await reopened.get(id)
    expect(a.title).toBe(makeArticle(1).title)
    expect(a.text).toContain(a.text.slice(0, 40))
    expect(a.html).toContain('<p>')
    expect((await reopened.list({ filter: 'all', sort: 'newest', offset: 0, limit: 10 })).items.map((x) => x.id)).toHaveLength(3)
    await reopened.close()
  })

  it('replaces the text of an updated article and raises its text version', async () => {
    const lib = await open(tempDir())
    const feed = await lib.addFeed({ title: 'F', url: 'https://f.example/feed' })
    const [meta] = (await lib.addArticles(feed.id, [makeArticle(7)])).added
    const changed = { ...makeArticle(7), html: makeArticle(8).html }
    const r = await lib.addArticles(feed.id, [changed])
    expect(r.updated.map((m) => m.id)).toEqual([meta!.id])
    const a = await lib.get(meta!.id)
    expect(a.textVersion).toBe(2)
    expect(a.html).toBe(makeArticle(8).html)
    await lib.close()
  })

  it('keeps read and starred marks across a reopen, in an append-only journal', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    const { added } = await lib.addArticles(null, [makeArticle(1), makeArticle(2), makeArticle(3)])
    const [a, b, c] = added.map((m) => m.id) as [string, string, string]
    await lib.setRead([a, b], true)
    await lib.setRead([b], false)
    await lib.setStarred(c, true)
    await lib.close()
    expect(readFileSync(join(dir, 'state.journal'), 'utf8').trim().split('\n')).toHaveLength(4)
    const again = await open(dir)
    expect([again.isRead(a), again.isRead(b), again.isStarred(c)]).toEqual([true, false, true])
    expect((await again.list({ filter: 'unread', sort: 'newest', offset: 0, limit: 10 })).total).toBe(2)
    expect((await again.list({ filter: 'starred', sort: 'newest', offset: 0, limit: 10 })).items.map((x) => x.id)).toEqual([c])
    await again.close()
  })

  it('pages through the list in date order and filters by feed and folder', async () => {
    const lib = await open(tempDir())
    const folder = await lib.addFolder('Science')
    const f1 = await lib.addFeed({ title: 'One', url: 'https://one.example/feed', folderId: folder.id })
    const f2 = await lib.addFeed({ title: 'Two', url: 'https://two.example/feed' })
    await lib.addArticles(f1.id, Array.from({ length: 30 }, (_, i) => makeArticle(i, { words: 60, day: i })))
    await lib.addArticles(f2.id, Array.from({ length: 10 }, (_, i) => makeArticle(100 + i, { words: 60, day: 50 + i })))
    const page = await lib.list({ filter: 'all', sort: 'newest', offset: 5, limit: 10 })
    expect(page.total).toBe(40)
    const dates = page.items.map((a) => a.published)
    expect([...dates].sort().reverse()).toEqual(dates)
    expect((await lib.list({ filter: 'all', feedId: f2.id, sort: 'newest', offset: 0, limit: 100 })).total).toBe(10)
    expect((await lib.list({ filter: 'all', folderId: folder.id, sort: 'oldest', offset: 0, limit: 1 })).items[0]!.title).toBe(makeArticle(0, { words: 60, day: 0 }).title)
    await expect(lib.list({ filter: 'all', feedId: 'nope', sort: 'newest', offset: 0, limit: 1 })).rejects.toThrow(/No feed with id nope/)
    await lib.close()
  })

  it('retention drops old read articles but never starred or annotated ones', async () => {
    const dir = tempDir()
    const now = () => new Date('2026-11-28T12:00:00Z')
    const lib = await open(dir, now)
    const old = (i: number) => ({ ...makeArticle(i, { words: 60 }), published: '2026-01-01T00:00:00Z' })
    const { added } = await lib.addArticles(null, [old(1), old(2), old(3), old(4), makeArticle(5, { words: 60, day: 330 })])
    const [plain, starred, annotated, unread, fresh] = added.map((a) => a.id) as string[]
    await lib.setRead([plain!, starred!, annotated!, fresh!], true)
    await lib.setStarred(starred!, true)
    await lib.notes.addComment(annotated!, { name: 'Ada', text: 'Keep this one.' })
    await lib.updateSettings({ retentionDays: 30 })
    const r = await lib.applyRetention()
    expect(r).toEqual({ removed: 1, kept: 2 })
    expect(lib.meta(plain!)).toBeUndefined()
    for (const id of [starred, annotated, unread, fresh]) expect(lib.meta(id!)).toBeDefined()
    expect(existsSync(join(dir, 'articles', plain!.slice(0, 1), `${plain}.json`))).toBe(false)
    await lib.close()
  })

  it('migrates a library index written in format 1 into daily shards', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'library.json'),
      JSON.stringify({
        version: 1,
        folders: [],
        feeds: [{ id: 'feed1', title: 'Old feed', url: 'https://old.example/rss', siteUrl: '', folderId: null, fullText: false }],
        articles: [{ id: 'art1', feedId: 'feed1', title: 'An old article', url: 'https://old.example/1', published: '2025-05-01T00:00:00.000Z', summary: 'Kept from format one.' }],
      }),
    )
    const lib = await open(dir)
    const meta = lib.meta('art1')!
    expect(meta).toMatchObject({ excerpt: 'Kept from format one.', added: '2025-05-01T00:00:00.000Z', words: 0, guid: '' })
    await lib.close()
    const manifest = JSON.parse(readFileSync(join(dir, 'library.json'), 'utf8'))
    expect(manifest).toMatchObject({ version: 3, shards: { '2025-05-01': 1 } })
    expect(manifest.articles).toBeUndefined()
    expect(JSON.parse(readFileSync(join(dir, 'index', '2025-05-01.json'), 'utf8')).articles[0].id).toBe('art1')
    const reopened = await open(dir)
    expect(reopened.meta('art1')?.title).toBe('An old article')
    await reopened.close()
  })

  it('refuses a library written by a newer Offprint instead of overwriting it', async () => {
    const dir = tempDir()
    const newer = JSON.stringify({ version: 99, folders: [], feeds: [], articles: [] })
    writeFileSync(join(dir, 'library.json'), newer)
    await expect(open(dir)).rejects.toThrow(/newer Offprint/)
    expect(readFileSync(join(dir, 'library.json'), 'utf8')).toBe(newer)
  })

  it('settings persist, and a bad value falls back to its default without losing the others', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    await lib.updateSettings({ theme: 'dark', fontSize: 20 })
    await lib.close()
    const s = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...s, fontSize: 'huge' }))
    const again = await open(dir)
    expect(again.settings()).toMatchObject({ theme: 'dark', fontSize: 18 })
    await again.close()
    expect(readdirSync(dir).some((n) => n.includes('damaged'))).toBe(false)
  })
})
