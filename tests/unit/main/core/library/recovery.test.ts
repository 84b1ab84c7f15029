// Every file of the library, damaged three ways, and the library reopened:
// nothing the user wrote is lost, the damaged file is kept aside, the user is told.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'
import { makeArticle } from '../../../../helpers/articles'

const open = (dataDir: string) => Library.open({ dataDir, sample: false, search: null })

const damages = {
  truncated: (file: string) => truncateSync(file, Math.max(1, Math.floor(statSync(file).size / 2))),
  garbage: (file: string) => writeFileSync(file, '\u0000\u0001garbage{{{not json'),
  empty: (file: string) => writeFileSync(file, ''),
}

async function buildLibrary(dir: string) {
  const lib = await open(dir)
  const feed = await lib.addFeed({ title: 'Harbor Gazette', url: 'https://harbor.example/feed.xml' })
  const { added } = await lib.addArticles(feed.id, [makeArticle(1), makeArticle(2), makeArticle(3)])
  const [a, b] = added.map((m) => m.id) as [string, string]
  // Several saves so that backups exist, as they would after any real use.
  const c1 = await lib.notes.addComment(a, { name: 'Ada', text: 'First thought.' })
  const c2 = await lib.notes.addComment(a, { name: 'Ada', text: 'A reply.', parentId: c1.id })
  const c3 = await lib.notes.addComment(a, { name: 'Ada', text: 'The newest note, written last.' })
  await lib.setStarred(b, true)
  await lib.setRead([a], true)
  await lib.updateSettings({ theme: 'dark' })
  await lib.updateSettings({ fontSize: 21 })
  await lib.close()
  // Fold the status journal into state.json (as a long-running app does).
  const again = await open(dir)
  await (again as unknown as { compactState(): Promise<void> }).compactState()
  await again.close()
  return { a, b, comments: [c1.id, c2.id, c3.id] }
}

const files = (a: string) => ({
  'notes file': join('notes', `${a}.json`),
  'status snapshot': 'state.json',
  settings: 'settings.json',
  'library index': 'library.json',
})

describe('recovery from a damaged file', () => {
  for (const [damageName, damage] of Object.entries(damages)) {
    for (const which of Object.keys(files('x'))) {
      it(`${which}, ${damageName}: restored, kept aside, reported, nothing user-written lost`, async () => {
        const dir = tempDir()
        const { a, b, comments } = await buildLibrary(dir)
        const rel = files(a)[which as keyof ReturnType<typeof files>]
        damage(join(dir, rel))

        const lib = await open(dir)
        const doc = await lib.notes.get(a)
        expect(doc.comments.map((c) => c.id)).toEqual(comments)
        expect(doc.comments[2]!.text).toBe('The newest note, written last.')
        expect(lib.isStarred(b)).toBe(true)
        expect(lib.isRead(a)).toBe(true)
        expect(lib.settings()).toMatchObject({ theme: 'dark', fontSize: 21 })
        expect(lib.size).toBe(3)
        const notices = lib.notices()
        expect(notices.some((n) => /damaged/.test(n.message) && /restored/.test(n.message))).toBe(true)
        await lib.close()

        const folder = join(dir, rel, '..')
        const base = rel.split('/').pop()!
        expect(readdirSync(folder).some((n) => n.startsWith(`${base}.damaged-`))).toBe(true)
        // The restored file reads cleanly the next time, with no new notice.
        const again = await open(dir)
        expect(again.notices().length).toBe(notices.length)
        await again.close()
        expect(readFileSync(join(dir, 'offprint.log'), 'utf8')).toMatch(/damaged/)
      })
    }
  }

  it('a damaged article body is reported in place of the text and does not stop the library', async () => {
    const dir = tempDir()
    const { a } = await buildLibrary(dir)
    writeFileSync(join(dir, 'articles', a.slice(0, 1), `${a}.json`), '{"broken')
    const lib = await open(dir)
    const article = await lib.get(a)
    expect(article.text).toMatch(/damaged/)
    await lib.close()
  })
})
