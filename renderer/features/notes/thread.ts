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

export function layoutThread(nodes: CommentNode[], maxIndent = MAX_INDENT): ThreadItem[] {
  const place = (node: CommentNode, depth: number, parent: CommentNode | null): ThreadItem[] => {
    if (depth < maxIndent) {
      const children = node.replies.flatMap((r) => place(r, depth + 1, node))
      return [{ node, indent: depth, replyingTo: null, children }]
    }
    // At the deepest indent, the whole subtree follows flat, in reading order.
    const item: ThreadItem = { node, indent: maxIndent, replyingTo: depth > maxIndent && parent ? nameOf(parent) : null, children: [] }
    return [item, ...node.replies.flatMap((r) => place(r, depth + 1, node))]
  }
  return nodes.flatMap((n) => place(n, 0, null))
}

/** Live comments in a thread (a deleted one kept for its replies does not count). */
export function countComments(nodes: CommentNode[]): number {
  return nodes.reduce((n, c) => n + (c.deleted ? 0 : 1) + countComments(c.replies), 0)
}

/** Every comment in reading order, with its depth: the sidebar's flat list. */
export function flattenThread(nodes: CommentNode[], depth = 0): { node: CommentNode; depth: number }[] {
  return nodes.flatMap((n) => [{ node: n, depth }, ...flattenThread(n.replies, depth + 1)])
}
