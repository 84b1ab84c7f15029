// Every command a person can give, declared once. The window's keyboard handler and its
// shortcuts dialog (renderer/lib/command-registry.ts) and the native menu
// (main/desktop/menu.ts) read these definitions; what a command does is bound where it
// is done: each renderer feature binds its own, the menu is handed its actions.
// Data only, so the main process can read it without loading the renderer.

export type CommandGroup = 'Navigate' | 'Article' | 'Library' | 'App'

export interface CommandDefinition {
  /** What it does, as the shortcuts dialog says it (or the menu, if it has no label of its own). */
  readonly label: string
  /** Keys in the window, as KeyboardEvent.key spells them; 'shift+ ' is Shift+Space (printable keys carry Shift already: 'H'). */
  readonly keys?: readonly string[]
  /** Keys that mean this only in the article list, as in any listbox. */
  readonly listKeys?: readonly string[]
  /** The keycaps the dialog draws, when they are not the keys themselves. */
  readonly caps?: readonly string[]
  /** The dialog's section; a command without one is not listed there. */
  readonly group?: CommandGroup
  /** The key works while typing in a field too (Esc leaves the search box). */
  readonly whileTyping?: boolean
  /** An item of the native menu: its id, its label if not `label`, its accelerator. */
  readonly menu?: { readonly id: string; readonly label?: string; readonly accelerator?: string }
}

export const commands = {
  next: { label: 'Next article', keys: ['j'], listKeys: ['ArrowDown'], group: 'Navigate' },
  previous: { label: 'Previous article', keys: ['k'], listKeys: ['ArrowUp'], group: 'Navigate' },
  first: { label: 'First article', listKeys: ['Home'] },
  last: { label: 'Last article', listKeys: ['End'] },
  nextUnread: { label: 'Next unread article', keys: ['n'], group: 'Navigate' },
  previousUnread: { label: 'Previous unread article', keys: ['p'], group: 'Navigate' },
  pageDown: { label: 'Scroll the article; at its end, next unread', keys: [' '], caps: ['Space'], group: 'Navigate' },
  pageUp: { label: 'Scroll the article back', keys: ['shift+ '], caps: ['Shift Space'], group: 'Navigate' },
  back: { label: 'Back to the previous article', keys: ['b'], group: 'Navigate' },

  toggleStar: { label: 'Star or unstar', keys: ['s'], group: 'Article' },
  toggleRead: { label: 'Mark as read or unread', keys: ['m'], group: 'Article' },
  openOriginal: { label: 'Open the original in your browser', keys: ['o', 'Enter'], group: 'Article' },
  highlightSelection: { label: 'Highlight the selected text', keys: ['h'], group: 'Article' },
  highlightWithNote: { label: 'Highlight the selected text and write a note', keys: ['H'], caps: ['Shift', 'H'], group: 'Article' },
  focusComment: { label: 'Write a comment', keys: ['c'], group: 'Article' },

  refresh: { label: 'Refresh all feeds', keys: ['r'], group: 'Library' },
  markAllRead: { label: 'Mark all in this view as read', keys: ['A'], caps: ['Shift', 'A'], group: 'Library' },
  search: { label: 'Search articles', keys: ['/'], group: 'Library' },

  showShortcuts: {
    label: 'Show keyboard shortcuts',
    keys: ['?'],
    group: 'App',
    menu: { id: 'keyboard-shortcuts', label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/' },
  },
  close: { label: 'Close popovers; clear the search', keys: ['Escape'], caps: ['Esc'], group: 'App', whileTyping: true },

  // The menu's own commands. importLink is carried out by the window (an 'app:command'
  // event); the rest by the main process.
  importOpml: { label: 'Import OPML…', menu: { id: 'import-opml', accelerator: 'CmdOrCtrl+Shift+O' } },
  openSavedPage: { label: 'Open Saved Page…', menu: { id: 'open-saved-page', accelerator: 'CmdOrCtrl+O' } },
  importLink: { label: 'Import Link…', menu: { id: 'import-link', accelerator: 'CmdOrCtrl+L' } },
  exportNotes: { label: 'Export Notes…', menu: { id: 'export-notes', accelerator: 'CmdOrCtrl+Shift+E' } },
  exportOpml: { label: 'Export OPML…', menu: { id: 'export-opml' } },
  backUpLibrary: { label: 'Back Up Library…', menu: { id: 'back-up-library' } },
  // '=' rather than 'Plus': Plus needs Shift on most layouts, '=' is the same key without it.
  biggerText: { label: 'Bigger Text', menu: { id: 'bigger-text', accelerator: 'CmdOrCtrl+=' } },
  smallerText: { label: 'Smaller Text', menu: { id: 'smaller-text', accelerator: 'CmdOrCtrl+-' } },
  resetText: { label: 'Actual Text Size', menu: { id: 'reset-text', accelerator: 'CmdOrCtrl+0' } },
  /** The menu names the app after "About". */
  showAbout: { label: 'About', menu: { id: 'about' } },
  openSettings: { label: 'Settings…', menu: { id: 'settings', accelerator: 'CmdOrCtrl+,' } },
  checkForUpdates: { label: 'Check for Updates…', menu: { id: 'check-for-updates' } },
} as const satisfies Record<string, CommandDefinition>

export type CommandId = keyof typeof commands

/** The commands that are items of the native menu. */
export type MenuCommandId = { [K in CommandId]: (typeof commands)[K] extends { menu: object } ? K : never }[CommandId]

/** Every command with its id, in the order above (the dialog's order within a group). */
export const commandList: readonly (CommandDefinition & { id: CommandId })[] = (Object.keys(commands) as CommandId[]).map((id) => ({
  id,
  ...(commands[id] as CommandDefinition),
}))
