// Threads an imported notes file can hold: a chain of replies thousands deep, replies in
// a cycle, a reply to itself. All of it must show, and nothing may overflow the stack.
import { describe, expect, it } from 'vitest'
import type { CommentNode } from '../../../../../common/model'
import { Library } from '../../../../../main/core/library/library'
import { NotesService, THREAD_DEPTH_MAX } from '../../../../../main/core/notes/notes-service'
import { tempDir } from '../../../../helpers/tmp'

const URL_ = 'https://harbor.example/moorings'

async function setup() {
  const lib = await Library.open({ dataDir: tempDir(), sample: false, search: null })
  const { added } = await lib.addArticles(null, [{ guid: 'g1', url: URL_, title: 'Moorings', html: '<p>The harbor board voted on Tuesday.</p>' }])
  return { lib, notes: new NotesService(lib), id: added[0]!.id }
}

const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
const exportFile = (comments: { id: string; parentId: string | null; name: string; text: string; created: string }[]) =>
  JSON.stringify({ format: 'offprint-notes', version: 1, exported: at(0), articles: [{ articleId: 'x', title: 'Moorings', url: URL_, comments, highlights: [] }] })

/** Reading order and depth of every node, walked with a stack so the test itself cannot overflow. */
function rows(nodes: CommentNode[]): { node: CommentNode; depth: number }[] {
  const out: { node: CommentNode; depth: number }[] = []
  const stack = nodes.map((node) => ({ node, depth: 0 })).reverse()
  for (let s = stack.pop(); s; s = stack.pop()) {
    out.push(s)
    for (let i = s.node.replies.length - 1; i >= 0; i--) stack.push({ node: s.node.replies[i]!, depth: s.depth + 1 })
  }
  return out
}

describe('deep and broken reply chains', () => {
  it('a 4,000-deep chain imports, reads through notes:get, crosses the bridge and exports as Markdown', async () => {
    const { lib, notes, id } = await setup()
    const N = 4000
    const chain = Array.from({ length: N }, (_, i) => ({ id: `c${i}`, parentId: i ? `c${i - 1}` : null, name: `P${i}`, text: `reply ${i}`, created: at(i) }))
    expect(await notes.importJson(exportFile(chain))).toMatchObject({ comments: N, invalid: 0 })

    const got = await notes.get(id)
    expect(got.commentCount).toBe(N)
    // What Electron's IPC (structured clone) and the app's socket (JSON) do with the answer.
    const wire = JSON.parse(JSON.stringify(structuredClone(got))) as typeof got
    const list = rows(wire.comments)
    expect(list.map((r) => r.node.id)).toEqual(chain.map((c) => c.id))
    expect(Math.max(...list.map((r) => r.depth))).toBe(THREAD_DEPTH_MAX)
    // Nested as written up to the deepest level, then flat, each naming whom it answers.
    expect(list[THREAD_DEPTH_MAX]!.node.inReplyTo).toBeUndefined()
    expect(list[THREAD_DEPTH_MAX + 1]!.node).toMatchObject({ id: `c${THREAD_DEPTH_MAX + 1}`, inReplyTo: { id: `c${THREAD_DEPTH_MAX}`, name: `P${THREAD_DEPTH_MAX}` } })
    expect(list[N - 1]!).toMatchObject({ depth: THREAD_DEPTH_MAX, node: { id: `c${N - 1}`, inReplyTo: { id: `c${N - 2}`, name: `P${N - 2}` } } })

    const md = await notes.exportMarkdown()
    const lines = md.split('\n').filter((l) => /^\s*- \*\*P\d+\*\*/.test(l))
    expect(lines).toHaveLength(N)
    expect(lines[N - 1]).toBe(`${'  '.repeat(THREAD_DEPTH_MAX)}- **P${N - 1}**, 2026-01-03 (in reply to P${N - 2}): reply ${N - 1}`)
    expect((await notes.exportJson()).articles[0]!.comments).toHaveLength(N)
    await lib.close()
  })

  it('shows the members of a reply cycle and a reply to itself as top-level comments, keeping their replies', async () => {
    const { lib, notes, id } = await setup()
    const file = exportFile([
      { id: 'a', parentId: 'c', name: 'Ada', text: 'one', created: at(1) },
      { id: 'b', parentId: 'a', name: 'Bob', text: 'two', created: at(2) },
      { id: 'c', parentId: 'b', name: 'Cy', text: 'three', created: at(3) },
      { id: 'self', parentId: 'self', name: 'Sam', text: 'me', created: at(4) },
      { id: 'd', parentId: 'a', name: 'Di', text: 'to Ada', created: at(5) },
      { id: 'e', parentId: 'self', name: 'Ed', text: 'to Sam', created: at(6) },
    ])
    expect(await notes.importJson(file)).toMatchObject({ comments: 6, invalid: 0 })
    const got = await notes.get(id)
    expect(got.commentCount).toBe(6)
    expect(got.comments.map((n) => [n.name, n.replies.map((r) => r.name)])).toEqual([
      ['Ada', ['Di']],
      ['Bob', []],
      ['Cy', []],
      ['Sam', ['Ed']],
    ])
    expect(await notes.exportMarkdown()).toMatch(/- \*\*Ada\*\*.*\n {2}- \*\*Di\*\*.*\n- \*\*Bob\*\*.*\n- \*\*Cy\*\*.*\n- \*\*Sam\*\*.*\n {2}- \*\*Ed\*\*/)
    await lib.close()
  })

  it('keeps a deleted comment deep in a chain as a placeholder and names it so past the deepest level', async () => {
    const { lib, notes, id } = await setup()
    const N = THREAD_DEPTH_MAX + 5
    const chain = Array.from({ length: N }, (_, i) => ({ id: `c${i}`, parentId: i ? `c${i - 1}` : null, name: `P${i}`, text: `reply ${i}`, created: at(i) }))
    await notes.importJson(exportFile(chain))
    await notes.deleteComment(id, `c${N - 2}`)
    let list = rows((await notes.get(id)).comments)
    expect(list).toHaveLength(N)
    expect(list[N - 2]!.node).toMatchObject({ id: `c${N - 2}`, deleted: true, name: '', text: '', inReplyTo: { name: `P${N - 3}` } })
    expect(list[N - 1]!.node).toMatchObject({ id: `c${N - 1}`, inReplyTo: { id: `c${N - 2}`, name: '' } })
    // With its last reply gone too, nothing live hangs from it, so it goes.
    await notes.deleteComment(id, `c${N - 1}`)
    list = rows((await notes.get(id)).comments)
    expect(list.map((r) => r.node.id)).toEqual(chain.slice(0, N - 2).map((c) => c.id))
    await lib.close()
  })
})
