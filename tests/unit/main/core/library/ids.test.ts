// Ids are typed on command lines, so none may begin with '-'; articles stored before that
// rule keep their ids and are still recognized.
import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../../../../../main/core/library/library'
import { newId } from '../../../../../main/core/notes/notes-store'
import { tempDir } from '../../../../helpers/tmp'
import { makeArticle } from '../../../../helpers/articles'

const open = (dataDir: string) => Library.open({ dataDir, sample: false, search: null })

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]))
}

describe('ids', () => {
  it('never begin with a dash: article ids for 5,000 items, note ids for 5,000 notes', async () => {
    const lib = await open(tempDir())
    const feed = await lib.addFeed({ title: 'F', url: 'https://f.example/feed' })
    const articleIds = Array.from({ length: 5000 }, (_, i) => lib.articleId(feed.id, { ...makeArticle(i), html: '' }))
    const noteIds = Array.from({ length: 5000 }, newId)
    for (const id of [...articleIds, ...noteIds]) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{11}$/)
    expect(new Set(articleIds).size).toBe(5000)
    expect(lib.articleId(feed.id, makeArticle(1))).toBe(lib.articleId(feed.id, makeArticle(1)))
    await lib.close()
  })

  it('still recognizes an article stored under an id that begins with a dash', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    const feed = await lib.addFeed({ title: 'F', url: 'https://f.example/feed' })
    // A feed item whose id, as ids were made before, began with '-'.
    const hashed = (i: number) => createHash('sha256').update(`${feed.id}\u0000urn:old:${i}`).digest('base64url').slice(0, 12)
    let i = 0
    while (!hashed(i).startsWith('-')) i++
    const item = { ...makeArticle(1), guid: `urn:old:${i}` }
    const [stored] = (await lib.addArticles(feed.id, [item])).added
    expect(stored!.id).toBe(`A${hashed(i).slice(1)}`)
    await lib.close()

    // Make the folder what an older Offprint left: the same article under the old id.
    const legacy = hashed(i)
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8')
      if (text.includes(stored!.id)) writeFileSync(file, text.replaceAll(stored!.id, legacy))
      if (file.endsWith(`${stored!.id}.json`)) {
        mkdirSync(join(dir, 'articles', legacy.slice(0, 2)), { recursive: true })
        renameSync(file, join(dir, 'articles', legacy.slice(0, 2), `${legacy}.json`))
      }
    }

    const reopened = await open(dir)
    expect(reopened.meta(legacy)?.title).toBe(item.title)
    expect((await reopened.get(legacy)).text.length).toBeGreaterThan(100)
    expect(reopened.storedItem(feed.id, item)?.id).toBe(legacy)
    expect(reopened.storedItem(feed.id, { ...item, guid: '' })?.id).toBeUndefined()
    expect(await reopened.addArticles(feed.id, [item])).toMatchObject({ added: [], duplicates: 1 })
    expect(reopened.size).toBe(1)
    await reopened.close()
  })
})
