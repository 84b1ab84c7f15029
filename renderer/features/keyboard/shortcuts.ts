// Every keyboard shortcut, once: the handler and the help dialog both read this table.
export type Action =
  | 'next'
  | 'previous'
  | 'first'
  | 'last'
  | 'nextUnread'
  | 'previousUnread'
  | 'toggleStar'
  | 'toggleRead'
  | 'openOriginal'
  | 'pageDown'
  | 'pageUp'
  | 'back'
  | 'refresh'
  | 'markAllRead'
  | 'search'
  | 'showShortcuts'
  | 'highlightSelection'
  | 'highlightWithNote'
  | 'focusComment'
  | 'close'

export interface Shortcut {
  action: Action
  keys: string[]
  /** What the help dialog shows. */
  label: string
  description: string
  group: 'Navigate' | 'Article' | 'Library' | 'App'
}

export const shortcuts: Shortcut[] = [
  { action: 'next', keys: ['j'], label: 'j', description: 'Next article', group: 'Navigate' },
  { action: 'previous', keys: ['k'], label: 'k', description: 'Previous article', group: 'Navigate' },
  { action: 'nextUnread', keys: ['n'], label: 'n', description: 'Next unread article', group: 'Navigate' },
  { action: 'previousUnread', keys: ['p'], label: 'p', description: 'Previous unread article', group: 'Navigate' },
  { action: 'pageDown', keys: [' '], label: 'Space', description: 'Scroll the article; at its end, next unread', group: 'Navigate' },
  { action: 'pageUp', keys: ['shift+ '], label: 'Shift Space', description: 'Scroll the article back', group: 'Navigate' },
  { action: 'back', keys: ['b'], label: 'b', description: 'Back to the previous article', group: 'Navigate' },
  { action: 'toggleStar', keys: ['s'], label: 's', description: 'Star or unstar', group: 'Article' },
  { action: 'toggleRead', keys: ['m'], label: 'm', description: 'Mark as read or unread', group: 'Article' },
  { action: 'openOriginal', keys: ['o', 'Enter'], label: 'o  Enter', description: 'Open the original in your browser', group: 'Article' },
  { action: 'highlightSelection', keys: ['h'], label: 'h', description: 'Highlight the selected text', group: 'Article' },
  { action: 'highlightWithNote', keys: ['H'], label: 'Shift  H', description: 'Highlight the selected text and write a note', group: 'Article' },
  { action: 'focusComment', keys: ['c'], label: 'c', description: 'Write a comment', group: 'Article' },
  { action: 'refresh', keys: ['r'], label: 'r', description: 'Refresh all feeds', group: 'Library' },
  { action: 'markAllRead', keys: ['A'], label: 'Shift  A', description: 'Mark all in this view as read', group: 'Library' },
  { action: 'search', keys: ['/'], label: '/', description: 'Search articles', group: 'Library' },
  { action: 'showShortcuts', keys: ['?'], label: '?', description: 'Show keyboard shortcuts', group: 'App' },
  { action: 'close', keys: ['Escape'], label: 'Esc', description: 'Close popovers; clear the search', group: 'App' },
]

/** "shift+ " for Shift+Space; printable keys already carry Shift in e.key ('?'). */
export function keyName(e: { key: string; shiftKey: boolean }): string {
  const printable = e.key.length === 1 && e.key !== ' '
  return !printable && e.shiftKey ? `shift+${e.key}` : e.key
}

const byKey = new Map<string, Action>()
for (const s of shortcuts) for (const k of s.keys) byKey.set(k, s.action)

export const actionFor = (e: { key: string; shiftKey: boolean }): Action | undefined => byKey.get(keyName(e))
