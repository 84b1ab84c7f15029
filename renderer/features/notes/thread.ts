// How a comment thread is laid out: replies indent under their parent up to a few
// levels, then continue flat at the deepest indent, each saying whom it answers (as
// Hypothesis and most news sites do), so a long back-and-forth stays readable.
import type { CommentNode } from '../../../common/model'

export const MAX_INDENT = 4

export interface ThreadItem {
  node: CommentNode
  /** How far it is indented: 0 for a top-level comment, at most MAX_INDENT. */
  indent: number
  /** Set when the parent is not the comment just above at one indent less. */
  replyingTo: string | null
  children: ThreadItem[]
}

const nameOf = (n: CommentNode) => (n.deleted ? 'a deleted comment' : n.name)

/** Every comment in reading order with its depth and parent, without recursion: threads can be thousands deep. */
function walk(nodes: CommentNode[], visit: (node: CommentNode, depth: number, parent: CommentNode | null) => void): void {
  const stack: { node: CommentNode; depth: number; parent: CommentNode | null }[] = nodes.map((node) => ({ node, depth: 0, parent: null })).reverse()
  for (let s = stack.pop(); s; s = stack.pop()) {
    visit(s.node, s.depth, s.parent)
    for (let i = s.node.replies.length - 1; i >= 0; i--) stack.push({ node: s.node.replies[i]!, depth: s.depth + 1, parent: s.node })
  }
}

/**
 * Items nest at most maxIndent deep, so the React tree stays shallow however long the
 * thread; at the deepest indent the rest of a branch follows flat, in reading order.
 */
export function layoutThread(nodes: CommentNode[], maxIndent = MAX_INDENT): ThreadItem[] {
  const top: ThreadItem[] = []
  // Where a node's replies go: its own children, or, from the deepest indent on, the list it is in.
  const listFor = new Map<CommentNode, ThreadItem[]>()
  walk(nodes, (node, depth, parent) => {
    const into = parent ? listFor.get(parent)! : top
    // The core names the comment answered when it has already flattened a reply.
    const replyingTo = node.inReplyTo ? node.inReplyTo.name || 'a deleted comment' : depth > maxIndent && parent ? nameOf(parent) : null
    const item: ThreadItem = { node, indent: Math.min(depth, maxIndent), replyingTo, children: [] }
    into.push(item)
    listFor.set(node, depth < maxIndent ? item.children : into)
  })
  return top
}

/** Live comments in a thread (a deleted one kept for its replies does not count). */
export function countComments(nodes: CommentNode[]): number {
  let n = 0
  walk(nodes, (c) => {
    if (!c.deleted) n++
  })
  return n
}

/** Every comment in reading order, with its depth: the sidebar's flat list. */
export function flattenThread(nodes: CommentNode[]): { node: CommentNode; depth: number }[] {
  const rows: { node: CommentNode; depth: number }[] = []
  walk(nodes, (node, depth) => void rows.push({ node, depth }))
  return rows
}
