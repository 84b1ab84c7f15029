// The reply tree of an article's comments. Imported files can hold any parent links: a
// chain thousands deep, a reply to itself, replies in a cycle. So nothing here recurses
// (a 4,000-deep chain overflowed the stack here, in JSON.stringify and in Electron's
// structured clone, which give up near 1,500 levels), every comment is shown, and the
// tree handed out is at most THREAD_DEPTH_MAX + 1 levels deep.
import type { Comment, CommentNode } from '../../../common/model'

/**
 * The deepest nesting of the tree: replies to a comment at this depth (0 for top-level)
 * follow it flat, in reading order, each naming the comment it answers.
 */
export const THREAD_DEPTH_MAX = 32

const byCreated = (a: Comment, b: Comment) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0)

/**
 * Builds the reply tree; deleted comments vanish unless live replies hang from them.
 * A reply whose parent is missing, itself, or part of a cycle of replies is top-level.
 */
export function commentTree(comments: Comment[]): CommentNode[] {
  const byId = new Map<string, Comment>()
  for (const c of comments) if (!byId.has(c.id)) byId.set(c.id, c)
  const parent = new Map<string, string | null>()
  for (const c of byId.values()) parent.set(c.id, c.parentId && c.parentId !== c.id && byId.has(c.parentId) ? c.parentId : null)

  // Follow each chain of parents once; a chain that comes back to itself is a cycle, whose
  // members would otherwise hang from one another and never from a top-level comment.
  const state = new Map<string, 'walking' | 'done'>()
  for (const start of byId.keys()) {
    const path: string[] = []
    let at: string | null = start
    while (at !== null && !state.has(at)) {
      state.set(at, 'walking')
      path.push(at)
      at = parent.get(at) ?? null
    }
    if (at !== null && state.get(at) === 'walking') for (const id of path.slice(path.indexOf(at))) parent.set(id, null)
    for (const id of path) state.set(id, 'done')
  }

  const children = new Map<string | null, Comment[]>()
  for (const c of byId.values()) {
    const key = parent.get(c.id) ?? null
    const list = children.get(key)
    if (list) list.push(c)
    else children.set(key, [c])
  }
  for (const list of children.values()) list.sort(byCreated)

  // Children before parents (reverse breadth-first order), so a deleted comment knows
  // whether anything live is left under it.
  const order: Comment[] = [...(children.get(null) ?? [])]
  for (let i = 0; i < order.length; i++) for (const r of children.get(order[i]!.id) ?? []) order.push(r)
  const kept = new Set<string>()
  for (let i = order.length - 1; i >= 0; i--) {
    const c = order[i]!
    if (!c.deletedAt || (children.get(c.id) ?? []).some((r) => kept.has(r.id))) kept.add(c.id)
  }
  const keptChildren = (id: string | null) => (children.get(id) ?? []).filter((c) => kept.has(c.id))

  const top: CommentNode[] = []
  type Step = { c: Comment; depth: number; into: CommentNode[]; inReplyTo?: Comment }
  const stack: Step[] = keptChildren(null).map((c) => ({ c, depth: 0, into: top })).reverse()
  for (let step = stack.pop(); step; step = stack.pop()) {
    const { c, depth, into, inReplyTo } = step
    const node: CommentNode = {
      id: c.id,
      name: c.deletedAt ? '' : c.name,
      text: c.deletedAt ? '' : c.text,
      created: c.created,
      edited: c.edited ?? null,
      deleted: !!c.deletedAt,
      replies: [],
      ...(inReplyTo ? { inReplyTo: { id: inReplyTo.id, name: inReplyTo.deletedAt ? '' : inReplyTo.name } } : {}),
    }
    into.push(node)
    const replies = keptChildren(c.id)
    // Pushed in reverse so they come off the stack, and land in their list, in order; past
    // the deepest nesting they land right after this comment, before its next sibling.
    for (let i = replies.length - 1; i >= 0; i--) {
      stack.push(depth < THREAD_DEPTH_MAX ? { c: replies[i]!, depth: depth + 1, into: node.replies } : { c: replies[i]!, depth, into, inReplyTo: c })
    }
  }
  return top
}

/** Visits every node in reading order with its depth (0 for top-level) and parent, without recursion. */
export function walkThread(nodes: CommentNode[], visit: (node: CommentNode, depth: number, parent: CommentNode | null) => void): void {
  const stack: { node: CommentNode; depth: number; parent: CommentNode | null }[] = nodes.map((node) => ({ node, depth: 0, parent: null })).reverse()
  for (let s = stack.pop(); s; s = stack.pop()) {
    visit(s.node, s.depth, s.parent)
    for (let i = s.node.replies.length - 1; i >= 0; i--) stack.push({ node: s.node.replies[i]!, depth: s.depth + 1, parent: s.node })
  }
}
