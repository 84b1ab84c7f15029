// The bounds on fields from feeds and pages: text cut at a word with '…', addresses
// dropped rather than cut, long guids replaced by a stable hash.
import { describe, expect, it } from 'vitest'
import { boundFeedState, boundGuid, boundItem, boundText, MAX_GUID_CHARS, MAX_ITEM_TITLE_CHARS, MAX_URL_CHARS } from '../../../../../main/core/ingest/bounds'

describe('bounds', () => {
  it('leaves what is within its bound as it is', () => {
    const item = { guid: 'urn:a', url: 'https://a.example/x', title: 'A  title', author: 'Ann', siteName: 'A', html: '<p>x</p>', image: 'https://a.example/i.png' }
    expect(boundItem(item)).toEqual(item)
    expect(boundFeedState({ title: 'Feed', url: 'https://a.example/feed', etag: '"1"' })).toEqual({ title: 'Feed', url: 'https://a.example/feed', etag: '"1"' })
  })

  it('cuts text at a word, with an ellipsis, within the bound', () => {
    const cut = boundText('harbour ferry '.repeat(1000), 100)
    expect(cut.length).toBeLessThanOrEqual(100)
    expect(cut).toMatch(/^harbour ferry .*(harbour|ferry)…$/)
    // No word to cut at: cut in the run, never through a surrogate pair.
    const emoji = boundText('🌊'.repeat(100), 51)
    expect(emoji.length).toBeLessThanOrEqual(51)
    expect(emoji).toMatch(/^(🌊)+…$/u)
  })

  it('drops an address over its bound, and hashes a long guid the same way every time', () => {
    const long = `https://a.example/${'p'.repeat(MAX_URL_CHARS)}`
    const item = boundItem({ guid: 'g'.repeat(MAX_GUID_CHARS + 1), url: long, image: long, title: 't'.repeat(MAX_ITEM_TITLE_CHARS * 2), html: '' })
    expect(item).not.toHaveProperty('url')
    expect(item).not.toHaveProperty('image')
    expect(item.guid).toBe(boundGuid('g'.repeat(MAX_GUID_CHARS + 1)))
    expect(item.guid).toMatch(/^sha256:[\w-]{43}$/)
    expect(boundGuid('h'.repeat(MAX_GUID_CHARS + 1))).not.toBe(item.guid)
    expect(item.title.length).toBe(MAX_ITEM_TITLE_CHARS)
    expect(boundItem(item)).toEqual(item)
    expect(boundFeedState({ url: long, redirectedFrom: 'https://a.example/old' })).toEqual({})
  })
})
