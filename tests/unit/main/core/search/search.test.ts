import { describe, expect, it } from 'vitest'
import { doc, engineWith, ids } from './helpers'

const library = [
  { id: 'budget', title: 'Parliament passes the budget', text: 'After a long night of debate the parliament passed the budget. Opposition members said the spending plans ignore rural hospitals.', feedId: 'politics', published: '2025-03-01T10:00:00Z' },
  { id: 'hospital', title: 'Rural hospitals short of nurses', text: 'Hospitals in rural districts report that one in five nursing posts is vacant. The health minister promised more training places and a new budget line.', feedId: 'health', published: '2025-03-05T10:00:00Z' },
  { id: 'marathon', title: 'City marathon draws record field', text: 'More than forty thousand runners started the marathon on Sunday. The winner finished in two hours and six minutes, a course record.', feedId: 'sport', published: '2025-04-01T10:00:00Z' },
  { id: 'cycling', title: 'Cycling lanes open downtown', text: 'The city opened protected cycling lanes downtown. Runners and cyclists welcomed the change; shop owners worry about parking.', feedId: 'local', published: '2025-04-10T10:00:00Z' },
  { id: 'election', title: 'Election turnout hits a high', text: 'Turnout in the regional election reached seventy percent. Observers praised the count, which finished before midnight.', feedId: 'politics', published: '2025-05-01T10:00:00Z' },
  { id: 'recipe', title: 'A quick weeknight curry', text: 'Fry onions, garlic and ginger, add the spices and tomatoes, then simmer the chickpeas for twenty minutes. Serve with rice.', feedId: null, published: '2024-12-24T10:00:00Z', notes: 'Made this for the book club, halve the chilli next time' },
]

describe('search', () => {
  it('ranks a title match above a body-only match', async () => {
    const e = await engineWith([
      { id: 'body', title: 'Weekly roundup', text: 'Among other things, the marathon route will change next year. Traffic, weather and more.' },
      { id: 'title', title: 'Marathon route changes', text: 'Organisers announced a new course that avoids the bridge closed for repairs.' },
    ])
    expect(ids(e.search('marathon'))).toEqual(['title', 'body'])
  })

  it('requires every word (AND)', async () => {
    const e = await engineWith(library)
    expect(ids(e.search('budget hospitals')).sort()).toEqual(['budget', 'hospital'])
    expect(ids(e.search('budget marathon'))).toEqual([])
    expect(e.search('budget marathon').total).toBe(0)
  })

  it('matches the last word as a prefix while the user types', async () => {
    const e = await engineWith(library)
    expect(ids(e.search('marat'))).toEqual(['marathon'])
    expect(ids(e.search('city cycl'))).toEqual(['cycling'])
    // An exact word ranks above words it only begins.
    const both = await engineWith([
      { id: 'long', text: 'The runners ran through the old town.' },
      { id: 'exact', text: 'The run was short.' },
    ])
    expect(ids(both.search('run'))).toEqual(['exact', 'long'])
  })

  it('forgives one typo in words of five letters or more', async () => {
    const e = await engineWith(library)
    expect(ids(e.search('marahton'))).toEqual(['marathon']) // swapped letters
    expect(ids(e.search('parliment'))).toEqual(['budget']) // missing letter
    expect(ids(e.search('electiom'))).toEqual(['election']) // wrong letter
    expect(ids(e.search('ciry'))).toEqual([]) // four letters: no typo allowed
  })

  it('matches quoted phrases exactly and in order', async () => {
    const e = await engineWith([
      { id: 'phrase', text: 'The rural hospitals closed their doors.' },
      { id: 'apart', text: 'Hospitals in rural areas stayed open.' },
      { id: 'punct', text: 'Among them: rural, hospitals and schools.' },
    ])
    expect(ids(e.search('"rural hospitals"')).sort()).toEqual(['phrase', 'punct'])
    expect(ids(e.search('rural hospitals')).sort()).toEqual(['apart', 'phrase', 'punct'])
    expect(ids(e.search('"hospitals rural"'))).toEqual([])
    // A quoted word is exact: no prefix, no typo.
    expect(ids(e.search('"hospital"'))).toEqual([])
  })

  it('keeps single letters in phrases ("vitamin d")', async () => {
    const e = await engineWith([
      { id: 'd', text: 'Doctors recommend vitamin D in winter.' },
      { id: 'c', text: 'Oranges are rich in vitamin C.' },
    ])
    expect(ids(e.search('"vitamin d"'))).toEqual(['d'])
  })

  it('excludes -words and -"phrases"', async () => {
    const e = await engineWith(library)
    expect(ids(e.search('budget -parliament'))).toEqual(['hospital'])
    expect(ids(e.search('runners -"protected cycling"'))).toEqual(['marathon'])
    expect(ids(e.search('-budget'))).toEqual([])
  })

  it('filters by feed, dates and the caller\'s predicate', async () => {
    const e = await engineWith(library)
    expect(ids(e.search('the', { filters: { feedIds: ['politics'] } })).sort()).toEqual(['budget', 'election'])
    expect(ids(e.search('the', { filters: { from: '2025-04-01', to: '2025-04-30' } })).sort()).toEqual(['cycling', 'marathon'])
    // A bare `to` date includes that whole day.
    expect(ids(e.search('the', { filters: { from: '2025-04-10', to: '2025-04-10' } }))).toEqual(['cycling'])
    expect(ids(e.search('the', { filters: { accept: (id) => id.startsWith('e') } }))).toEqual(['election'])
    expect(e.search('the', { filters: { feedIds: ['no-such-feed'] } }).total).toBe(0)
  })

  it('finds the user\'s own notes, and shows them in the snippet', async () => {
    const e = await engineWith(library)
    const r = e.search('book club')
    expect(ids(r)).toEqual(['recipe'])
    expect(r.hits[0]!.snippet).toContain('book club')
  })

  it('finds authors and site names', async () => {
    const e = await engineWith([{ id: 'x', title: 'Notes from the harbour', text: 'Boats.', author: 'Ingrid Solberg', siteName: 'Coastal Weekly' }])
    expect(ids(e.search('solberg'))).toEqual(['x'])
    expect(ids(e.search('coastal weekly'))).toEqual(['x'])
  })

  it('finds accented words without the accents, and the reverse', async () => {
    const e = await engineWith([{ id: 'cafe', title: 'Le café de la gare', text: 'Une crème brûlée à São Paulo.' }])
    expect(ids(e.search('creme brulee'))).toEqual(['cafe'])
    expect(ids(e.search('CAFÉ'))).toEqual(['cafe'])
    expect(ids(e.search('"sao paulo"'))).toEqual(['cafe'])
  })

  it('finds Chinese text by characters, in order', async () => {
    const e = await engineWith([
      { id: 'tokyo', text: '東京都の人口は増えている。' },
      { id: 'kyoto', text: '京都と東の町。' },
    ])
    expect(ids(e.search('東京'))).toEqual(['tokyo'])
  })

  it('returns a snippet around the best passage, at most 240 characters, with the words as written', async () => {
    const filler = 'Nothing much happened in the meeting about the parking rules. '.repeat(12)
    const e = await engineWith([{ id: 'long', title: 'Council meeting', text: `${filler}Then the mayor announced that the Harbour Bridge will close for repairs in June. ${filler}` }])
    const hit = e.search('bridge repairs').hits[0]!
    expect(hit.snippet.length).toBeLessThanOrEqual(240)
    expect(hit.snippet).toContain('Harbour Bridge will close for repairs')
    expect(hit.snippet.startsWith('…')).toBe(true)
    expect(hit.matches.sort()).toEqual(['Bridge', 'repairs'])
    expect(hit.title).toBe('Council meeting')
  })

  it('pages through results with offset and limit, best first', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, title: `Note ${i}`, text: `harbour ${'harbour '.repeat(i)} town` }))
    const e = await engineWith(docs)
    const all = e.search('harbour', { limit: 30 })
    expect(all.total).toBe(30)
    const page2 = e.search('harbour', { limit: 10, offset: 10 })
    expect(page2.total).toBe(30)
    expect(ids(page2)).toEqual(ids(all).slice(10, 20))
    for (let i = 1; i < all.hits.length; i++) expect(all.hits[i - 1]!.score).toBeGreaterThanOrEqual(all.hits[i]!.score)
  })

  it('breaks ties by recency', async () => {
    const e = await engineWith([
      { id: 'old', text: 'storm warning', published: '2024-01-01T00:00:00Z' },
      { id: 'new', text: 'storm warning', published: '2025-01-01T00:00:00Z' },
    ])
    expect(ids(e.search('storm'))).toEqual(['new', 'old'])
  })

  it('answers empty and odd queries with nothing rather than an error', async () => {
    const e = await engineWith(library)
    for (const q of ['', '   ', '"', '""', '-', '- -', '*', 'a', '-"the"', '"'.repeat(50)]) expect(e.search(q)).toEqual({ total: 0, hits: [] })
  })
})

describe('incremental changes', () => {
  it('upsert adds and replaces, remove removes', async () => {
    const e = await engineWith(library)
    expect(e.size).toBe(6)
    e.upsert([doc({ id: 'ferry', title: 'New ferry to the islands', text: 'A ferry service starts in May.' })])
    expect(ids(e.search('ferry'))).toEqual(['ferry'])
    e.upsert([doc({ id: 'ferry', title: 'Ferry service delayed', text: 'The island crossing will start in July instead.' })])
    expect(e.size).toBe(7)
    expect(ids(e.search('may'))).toEqual([])
    expect(ids(e.search('july'))).toEqual(['ferry'])
    expect(e.search('ferry').hits[0]!.title).toBe('Ferry service delayed')
    e.remove(['ferry', 'marathon', 'not-there'])
    expect(e.size).toBe(5)
    expect(ids(e.search('ferry'))).toEqual([])
    expect(ids(e.search('marathon'))).toEqual([])
  })

  it('updates notes without losing the text', async () => {
    const e = await engineWith(library)
    const recipe = library.find((d) => d.id === 'recipe')!
    e.upsert([doc({ ...recipe, notes: 'Lovely with naan bread' })])
    expect(ids(e.search('naan'))).toEqual(['recipe'])
    expect(ids(e.search('book club'))).toEqual([])
    expect(ids(e.search('chickpeas'))).toEqual(['recipe'])
    expect(e.search('chickpeas').hits[0]!.snippet).toContain('simmer the chickpeas')
  })

  it('keeps the last of several versions in one batch', async () => {
    const e = await engineWith([])
    e.upsert([doc({ id: 'x', text: 'first draft' }), doc({ id: 'x', text: 'final version' })])
    expect(e.size).toBe(1)
    expect(ids(e.search('draft'))).toEqual([])
    expect(ids(e.search('final'))).toEqual(['x'])
  })
})
