// Article bodies live in articles/<first character of the id>/ID.json (64 folders).
// Libraries written before used the first two characters (4,096 folders): their bodies
// must still read, follow an updated story, and go with their article.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'
import { makeArticle } from '../../../../helpers/articles'

const open = (dataDir: string) => Library.open({ dataDir, sample: false, search: null })
const at = (dir: string, id: string, chars: number) => join(dir, 'articles', id.slice(0, chars), `${id}.json`)

/** Moves an article's body where an older Offprint kept it. */
function makeLegacy(dir: string, id: string): void {
  mkdirSync(join(dir, 'articles', id.slice(0, 2)), { recursive: true })
  renameSync(at(dir, id, 1), at(dir, id, 2))
}

describe('body files', () => {
  it('are spread over at most 64 folders, one per first character of the id', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    const { added } = await lib.addArticles(null, Array.from({ length: 300 }, (_, i) => makeArticle(i, { words: 60 })))
    await lib.close()
    const folders = readdirSync(join(dir, 'articles'))
    expect(folders.length).toBeLessThanOrEqual(64)
    for (const f of folders) expect(f).toMatch(/^[A-Za-z0-9_-]$/)
    for (const a of added) expect(existsSync(at(dir, a.id, 1))).toBe(true)
  })

  it('written by an older Offprint still read, are replaced when the story changes, and go with their article', async () => {
    const dir = tempDir()
    const lib = await open(dir)
    const feed = await lib.addFeed({ title: 'F', url: 'https://f.example/feed' })
    const story = { ...makeArticle(1, { words: 80 }), guid: 'story-1' }
    const other = { ...makeArticle(2, { words: 80 }), guid: 'story-2' }
    const [a, b] = (await lib.addArticles(feed.id, [story, other])).added.map((m) => m.id) as [string, string]
    const text = (await lib.get(a)).text
    await lib.close()
    makeLegacy(dir, a)
    makeLegacy(dir, b)

    const again = await open(dir)
    expect((await again.get(a)).text).toBe(text)
    expect((await again.get(a)).textVersion).toBe(1)

    // The story changes: its new text is stored in the new place, the old file goes.
    const changed = { ...story, html: `${story.html}<p>An update at the end of the story, with enough words to count.</p>` }
    expect((await again.addArticles(feed.id, [changed])).updated.map((m) => m.id)).toEqual([a])
    expect(existsSync(at(dir, a, 1))).toBe(true)
    expect(existsSync(at(dir, a, 2))).toBe(false)
    const updated = await again.get(a)
    expect(updated.textVersion).toBe(2)
    expect(updated.text).toContain('An update at the end')

    // Removing an article removes its body, wherever it is.
    await again.removeArticles([a, b])
    expect(existsSync(at(dir, a, 1)) || existsSync(at(dir, a, 2))).toBe(false)
    expect(existsSync(at(dir, b, 2))).toBe(false)
    await again.close()
  })
})
