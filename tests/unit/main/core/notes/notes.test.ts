// Private comments, replies and highlights: what a user does, what bad input gets,
// and that highlights follow their text when an article changes.
import { describe, expect, it } from 'vitest'
import { Library } from '../../../../../main/core/library/library'
import { NotesService } from '../../../../../main/core/notes/notes-service'
import { anchorQuote, describeRange } from '../../../../../main/core/notes/anchor'
import { tempDir } from '../../../../helpers/tmp'

const STORY = `<h2>Harbor board votes</h2><p>The harbor board voted on Tuesday to replace sixty chain moorings with floating ones that spare the seagrass.</p>
<p>Chain moorings drag along the bottom as boats swing with the tide, scouring circles where nothing grows.</p>
<p>“We can keep boats and the meadow,” said the harbor master, Lena Ortiz.</p>`

async function setup() {
  const lib = await Library.open({ dataDir: tempDir(), sample: false, search: null })
  const feed = await lib.addFeed({ title: 'Harbor Gazette', url: 'https://harbor.example/feed' })
  const { added } = await lib.addArticles(feed.id, [{ guid: 'g1', url: 'https://harbor.example/moorings', title: 'Moorings', html: STORY }])
  return { lib, notes: new NotesService(lib), id: added[0]!.id, feedId: feed.id }
}

describe('comments', () => {
  it('posts comments and threaded replies to any depth, remembers the name, edits, deletes and undoes', async () => {
    const { lib, notes, id } = await setup()
    const top = await notes.addComment(id, { name: 'Ada', text: 'Good to see this.' })
    const reply = await notes.addComment(id, { name: 'Bob', text: 'Agreed.', parentId: top.id })
    const deep = await notes.addComment(id, { name: 'Cy', text: 'Third level.', parentId: reply.id })
    expect(lib.settings().commenterName).toBe('Cy')
    let n = await notes.get(id)
    expect(n.commentCount).toBe(3)
    expect(n.comments[0]!.replies[0]!.replies[0]!.id).toBe(deep.id)

    await notes.editComment(id, reply.id, 'Agreed, mostly.')
    n = await notes.get(id)
    expect(n.comments[0]!.replies[0]).toMatchObject({ text: 'Agreed, mostly.', edited: expect.any(String) })

    // Deleting a comment with replies leaves a placeholder, so the thread still reads.
    await notes.deleteComment(id, top.id)
    n = await notes.get(id)
    expect(n.comments[0]).toMatchObject({ deleted: true, text: '', name: '' })
    expect(n.commentCount).toBe(2)
    await notes.restoreComment(id, top.id)
    expect((await notes.get(id)).comments[0]).toMatchObject({ deleted: false, text: 'Good to see this.' })

    await notes.deleteComment(id, deep.id)
    expect((await notes.get(id)).comments[0]!.replies[0]!.replies).toEqual([])
    await lib.close()
  })

  it('gives the news-site messages on empty fields and clear ones on other bad input, storing nothing', async () => {
    const { lib, notes, id } = await setup()
    await expect(notes.addComment(id, { name: 'Ada', text: '   ' })).rejects.toThrow('Please enter your comment!')
    await expect(notes.addComment(id, { name: ' ', text: 'Hello' })).rejects.toThrow('Please enter your name here')
    await expect(notes.addComment(id, { name: 'Ada', text: 'x'.repeat(1024 * 1024) })).rejects.toThrow(/too long: 1,048,576 characters, the limit is 20,000/)
    await expect(notes.addComment('nope', { name: 'Ada', text: 'Hello' })).rejects.toThrow('No article with id nope.')
    await expect(notes.addComment(id, { name: 'Ada', text: 'Hello', parentId: 'missing' })).rejects.toThrow('The comment you are replying to no longer exists.')
    await expect(notes.addComment('../../etc', { name: 'Ada', text: 'Hello' })).rejects.toThrow(/No article|Not a valid/)
    expect((await notes.get(id)).commentCount).toBe(0)

    const c = await notes.addComment(id, { name: 'Ada\u0000\u202e', text: 'Line one\u0007\r\nLine two\u200b' })
    expect(c).toMatchObject({ name: 'Ada', text: 'Line one\nLine two' })
    await lib.close()
  })

  it('keeps every comment across a reopen', async () => {
    const { lib, notes, id } = await setup()
    const c = await notes.addComment(id, { name: 'Ada', text: 'Still here tomorrow.' })
    await lib.close()
    const again = await Library.open({ dataDir: lib.dataDir, sample: false, search: null })
    expect((await new NotesService(again).get(id)).comments.map((x) => x.id)).toEqual([c.id])
    expect((await again.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.id).toBe(id)
    expect(again.notes.countOf(id)).toBe(1)
    await again.close()
  })
})

describe('highlights', () => {
  it('anchors a selection with quote, prefix, suffix and position, and edits its note and colour', async () => {
    const { lib, notes, id } = await setup()
    const text = (await lib.get(id)).text
    const start = text.indexOf('sixty chain moorings')
    const h = await notes.addHighlight(id, { start, end: start + 'sixty chain moorings'.length, color: 'green', note: 'The number' })
    expect(h.quote.exact).toBe('sixty chain moorings')
    expect(h.quote.prefix.endsWith('to replace ')).toBe(true)
    expect(h.quote.suffix.startsWith(' with floating')).toBe(true)
    expect(h.position).toEqual({ start, end: start + 20 })
    const edited = await notes.updateHighlight(id, h.id, { note: 'Sixty!', color: 'pink' })
    expect(edited).toMatchObject({ note: 'Sixty!', color: 'pink' })
    await expect(notes.updateHighlight(id, h.id, { color: 'chartreuse' })).rejects.toThrow(/Unknown highlight colour/)
    await expect(notes.addHighlight(id, { start: 5, end: 5 })).rejects.toThrow(/Select some text/)
    await expect(notes.addHighlight(id, { start: 0, end: text.length + 10 })).rejects.toThrow(/Select some text/)
    await notes.deleteHighlight(id, h.id)
    expect((await notes.get(id)).highlights).toEqual([])
    await notes.restoreHighlight(id, h.id)
    expect((await notes.get(id)).highlights.map((x) => x.id)).toEqual([h.id])
    await lib.close()
  })

  it('re-attaches highlights when a refresh changes the text, and keeps the ones it cannot place as orphaned', async () => {
    const { lib, notes, id, feedId } = await setup()
    const text = (await lib.get(id)).text
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    const moved = await notes.addHighlight(id, { ...at('scouring circles where nothing grows'), note: 'the damage' })
    const edited = await notes.addHighlight(id, { ...at('We can keep boats and the meadow') })
    const gone = await notes.addHighlight(id, { ...at('Harbor board votes') })

    const updated = STORY.replace('<h2>Harbor board votes</h2>', '<h2>Update: a new mooring trial</h2><p>An earlier paragraph was added above the story, pushing everything down the page.</p>')
      .replace('We can keep boats and the meadow', 'We can keep our boats and the meadow')
    const r = await lib.addArticles(feedId, [{ guid: 'g1', url: 'https://harbor.example/moorings', title: 'Moorings', html: updated }])
    expect(r.updated).toHaveLength(1)

    const after = (await notes.get(id)).highlights
    const newText = (await lib.get(id)).text
    const find = (hid: string) => after.find((h) => h.id === hid)!
    expect(newText.slice(find(moved.id).position.start, find(moved.id).position.end)).toBe('scouring circles where nothing grows')
    expect(find(moved.id).note).toBe('the damage')
    expect(newText.slice(find(edited.id).position.start, find(edited.id).position.end)).toMatch(/keep (our )?boats and the meadow/)
    expect(find(edited.id).orphaned).toBe(false)
    expect(find(gone.id)).toMatchObject({ orphaned: true, quote: { exact: 'Harbor board votes' } })
    expect(after).toHaveLength(3)
    expect(after.every((h) => h.textVersion === 2)).toBe(true)
    await lib.close()
  })

  it('the anchoring itself: exact, fuzzy with context, position as tie-breaker, refusal', () => {
    const text = 'one two three. one two three. the end.'
    const second = describeRange(text, text.indexOf('one two three', 5), text.indexOf('one two three', 5) + 13)
    expect(anchorQuote(text, second.quote)).toMatchObject({ start: 15, exact: true })
    expect(anchorQuote('something else entirely', second.quote)).toBeNull()
    const fuzzy = anchorQuote('prefix words then a highlited pasage here', { exact: 'a highlighted passage', prefix: 'words then ', suffix: ' here' })
    expect(fuzzy?.exact).toBe(false)
    expect(fuzzy?.start).toBe('prefix words then '.length)
  })
})

describe('saved pages', () => {
  it('saving a page again at the same address updates it, and its highlights follow the new text', async () => {
    const { createIngestService } = await import('../../../../../main/core/ingest/service')
    const lib = await Library.open({ dataDir: tempDir(), sample: false, search: null })
    const ingest = createIngestService(lib, { fetcher: { fetch: async () => { throw new Error('offline') }, close() {} } as never })
    const page = (extra: string) => `<!doctype html><html><head><title>Mooring trial</title><link rel="canonical" href="https://harbor.example/trial"></head>
      <body><article><h1>Mooring trial</h1>${extra}<p>The harbor board voted on Tuesday to replace sixty chain moorings with floating ones that spare the seagrass beds nearby.</p>
      <p>Chain moorings drag along the bottom as boats swing with the tide, scouring circles where nothing grows at all.</p></article></body></html>`
    const first = await ingest.importContent('trial.html', page(''))
    const id = first.articles[0]!.id
    const notes = new NotesService(lib)
    const text = (await lib.get(id)).text
    const s = text.indexOf('scouring circles')
    const h = await notes.addHighlight(id, { start: s, end: s + 'scouring circles'.length })
    const again = await ingest.importContent('trial.html', page('<p>Update: the first floating moorings went in on Friday, ahead of the spring season for boats.</p>'))
    expect(again.articles.map((a) => a.id)).toEqual([id])
    const article = await lib.get(id)
    expect(article.textVersion).toBe(2)
    expect(article.text).toContain('Update: the first floating moorings')
    const placed = (await notes.get(id)).highlights.find((x) => x.id === h.id)!
    expect(article.text.slice(placed.position.start, placed.position.end)).toBe('scouring circles')
    ingest.close()
    await lib.close()
  })
})

describe('all notes, export and import', () => {
  it('lists and searches every note, exports Markdown and JSON, and re-imports without duplicates', async () => {
    const { lib, notes, id } = await setup()
    const text = (await lib.get(id)).text
    await notes.addComment(id, { name: 'Ada', text: 'Floating moorings are the fix.' })
    const s = text.indexOf('Chain moorings drag')
    await notes.addHighlight(id, { start: s, end: s + 19, note: 'Why it matters' })
    const all = await notes.all()
    expect(all.total).toBe(2)
    expect((await notes.all('floating')).entries.map((e) => e.kind)).toEqual(['comment'])
    expect((await notes.all('matters')).entries.map((e) => e.kind)).toEqual(['highlight'])

    const md = await notes.exportMarkdown()
    expect(md).toContain('## [Moorings](https://harbor.example/moorings)')
    expect(md).toContain('> Chain moorings drag')
    expect(md).toContain('Why it matters')
    expect(md).toContain('**Ada**')

    const json = JSON.stringify(await notes.exportJson())
    expect(await notes.importJson(json)).toEqual({ comments: 0, highlights: 0, alreadyHere: 2, invalid: 0, unknownArticles: 0 })

    // Into another library that holds the same article under another id.
    const other = await Library.open({ dataDir: tempDir(), sample: false, search: null })
    await other.addArticles(null, [{ guid: 'different', url: 'https://harbor.example/moorings', title: 'Moorings', html: STORY }])
    const otherNotes = new NotesService(other)
    expect(await otherNotes.importJson(json)).toEqual({ comments: 1, highlights: 1, alreadyHere: 0, invalid: 0, unknownArticles: 0 })
    expect(await otherNotes.importJson(json)).toMatchObject({ comments: 0, highlights: 0, alreadyHere: 2 })
    expect((await otherNotes.all()).total).toBe(2)
    await expect(otherNotes.importJson('not json')).rejects.toThrow(/not a notes export/)
    await expect(otherNotes.importJson('{"format":"other"}')).rejects.toThrow(/not an Offprint notes export/)
    await other.close()
    await lib.close()
  })

  it('imports what a damaged or hand-edited file holds that it can read, counts the rest, and stops at none of it', async () => {
    const { lib, notes, id } = await setup()
    const url = 'https://harbor.example/moorings'
    const file = {
      format: 'offprint-notes',
      articles: [
        null,
        {
          articleId: id,
          url,
          comments: [
            { id: 'good1', name: 'Ada', text: 'Readable.', created: 'yesterday-ish' },
            { id: 'empty', name: 'Ada', text: '   ' },
            { id: 'noname', text: 'Who wrote this?' },
            { id: '../../etc', name: 'Ada', text: 'A path for an id.' },
            { name: 'Ada', text: 'No id at all.' },
            { id: 'orphan', parentId: 'gone', name: 'Cy', text: 'A reply to a comment the file does not have.', created: '2026-03-04T05:06:07Z' },
            'not a comment',
          ],
          highlights: [
            { id: 'hl1', quote: { exact: 'Chain moorings drag' }, note: 'x'.repeat(50_000), color: 'ultraviolet' },
            { id: 'hl2', quote: {} },
          ],
        },
        { articleId: 'elsewhere', url: 'https://other.example/', comments: [{ id: 'c9', name: 'A', text: 'B' }] },
      ],
    }
    expect(await notes.importJson(JSON.stringify(file))).toEqual({ comments: 2, highlights: 1, alreadyHere: 0, invalid: 7, unknownArticles: 1 })
    const n = await notes.get(id)
    // A reply whose parent is not here stands on its own, never dropped.
    expect(n.comments.map((c) => c.text).sort()).toEqual(['A reply to a comment the file does not have.', 'Readable.'])
    expect(n.comments.find((c) => c.id === 'good1')!.created).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(n.comments.find((c) => c.id === 'orphan')!.created).toBe('2026-03-04T05:06:07.000Z')
    expect(n.highlights[0]).toMatchObject({ id: 'hl1', color: 'yellow', quote: { exact: 'Chain moorings drag' } })
    expect(n.highlights[0]!.orphaned).toBeUndefined()
    expect(n.highlights[0]!.note.length).toBeLessThan(50_000)
    await lib.close()
  })
})
