// How replies are laid out and dated in "Leave a reply".
import { describe, expect, it } from 'vitest'
import type { CommentNode } from '../../../../../common/model'
import { countComments, flattenThread, layoutThread, MAX_INDENT, type ThreadItem } from '../../../../../renderer/features/notes/thread'
import { relativeTime } from '../../../../../renderer/features/notes/relative-time'

let seq = 0
const node = (name: string, replies: CommentNode[] = [], deleted = false): CommentNode => ({
  id: `c${++seq}`,
  name: deleted ? '' : name,
  text: deleted ? '' : `${name} says`,
  created: '2026-11-01T00:00:00Z',
  edited: null,
  deleted,
  replies,
})

/** A chain of replies, each answering the one before: a → b → c … */
const chain = (names: string[]): CommentNode => {
  let last: CommentNode | null = null
  for (const n of [...names].reverse()) last = node(n, last ? [last] : [])
  return last!
}

/** Rows as the reader sees them, top to bottom: "indent name (replying to x)". */
function rows(items: ThreadItem[]): string[] {
  return items.flatMap((i) => [`${i.indent} ${i.node.name || '[deleted]'}${i.replyingTo ? ` → ${i.replyingTo}` : ''}`, ...rows(i.children)])
}

describe('layoutThread', () => {
  it('indents replies under their parent up to four levels, then continues flat saying whom each answers', () => {
    const thread = [chain(['Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo', 'Gus'])]
    expect(rows(layoutThread(thread))).toEqual(['0 Ada', '1 Bob', '2 Cy', '3 Di', '4 Ed', '4 Flo → Ed', '4 Gus → Flo'])
  })

  it('keeps siblings in order and flattens a deep branch in reading order', () => {
    const deep = node('Ed', [node('Flo', [node('Hal')]), node('Gus')])
    const thread = [node('Ada', [node('Bob', [node('Cy', [node('Di', [deep])])]), node('Zed')]), node('Yan')]
    expect(rows(layoutThread(thread))).toEqual(['0 Ada', '1 Bob', '2 Cy', '3 Di', '4 Ed', '4 Flo → Ed', '4 Hal → Flo', '4 Gus → Ed', '1 Zed', '0 Yan'])
  })

  it('names a deleted parent as such', () => {
    const thread = [chain(['Ada', 'Bob', 'Cy', 'Di'])]
    thread[0]!.replies[0]!.replies[0]!.replies[0]!.replies = [node('', [node('Ed')], true)]
    expect(rows(layoutThread(thread)).slice(-2)).toEqual(['4 [deleted]', '4 Ed → a deleted comment'])
  })

  it('counts live comments only, and lists every comment with its depth', () => {
    const thread = [node('', [node('Bob'), node('Cy', [node('Di')])], true), node('Ed')]
    expect(countComments(thread)).toBe(4)
    expect(flattenThread(thread).map((r) => `${r.depth}${r.node.name}`)).toEqual(['0', '1Bob', '1Cy', '2Di', '0Ed'])
  })
})

describe('long threads', () => {
  /** A chain built bottom-up without recursion: n comments, each replying to the one before. */
  const longChain = (n: number): CommentNode[] => {
    let last: CommentNode | null = null
    for (let i = n - 1; i >= 0; i--) last = node(`P${i}`, last ? [last] : [])
    return [last!]
  }

  it('lays out, counts and lists a 4,000-deep chain, nesting items no deeper than the indent cap', () => {
    const thread = longChain(4000)
    const items = layoutThread(thread)
    let nesting = 0
    for (let level = items; level.length; level = level[0]!.children) nesting++
    expect(nesting).toBe(MAX_INDENT + 1)
    const flat = items[0]!.children[0]!.children[0]!.children[0]!.children
    expect(flat).toHaveLength(4000 - MAX_INDENT)
    expect(flat.at(-1)).toMatchObject({ indent: MAX_INDENT, replyingTo: 'P3998', children: [] })
    expect(countComments(thread)).toBe(4000)
    expect(flattenThread(thread).at(-1)).toMatchObject({ depth: 3999, node: { name: 'P3999' } })
  })

  it('names whom a reply answers when the core has already set it beside its parent', () => {
    const answered = node('Flo')
    answered.inReplyTo = { id: 'x', name: 'Eve' }
    const gone = node('Gus')
    gone.inReplyTo = { id: 'y', name: '' }
    expect(rows(layoutThread([node('Ada', [answered, gone])]))).toEqual(['0 Ada', '1 Flo → Eve', '1 Gus → a deleted comment'])
  })
})

describe('relativeTime', () => {
  const now = Date.parse('2026-11-28T12:00:00Z')
  const ago = (ms: number) => new Date(now - ms).toISOString()
  it('says "just now", then minutes, hours, yesterday, days, and the date', () => {
    expect(relativeTime(ago(0), now)).toBe('just now')
    expect(relativeTime(ago(-5_000), now)).toBe('just now')
    expect(relativeTime(ago(60_000), now)).toBe('1 minute ago')
    expect(relativeTime(ago(5 * 60_000), now)).toBe('5 minutes ago')
    expect(relativeTime(ago(3 * 3_600_000), now)).toBe('3 hours ago')
    expect(relativeTime(ago(30 * 3_600_000), now)).toBe('yesterday')
    expect(relativeTime(ago(4 * 86_400_000), now)).toBe('4 days ago')
    expect(relativeTime('2026-10-03T12:00:00Z', now)).toBe('Oct 3')
    expect(relativeTime('2024-10-03T12:00:00Z', now)).toBe('Oct 3, 2024')
    expect(relativeTime('not a date', now)).toBe('')
  })
})
