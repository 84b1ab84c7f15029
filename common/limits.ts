// Constants both sides need, defined once: the renderer offers them, main enforces them.

/** The colours a highlight can take, in the order the picker shows them. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number]
export const DEFAULT_HIGHLIGHT_COLOR: HighlightColor = 'yellow'

/** Bounds the bridge's schemas put on what a window may send; the core gives the friendly message below them. */
export const LIMITS = {
  /** A comment, a note or a highlight's note, in characters. */
  longText: 2_000_000,
  /** A commenter's name, as the bridge accepts it. */
  name: 10_000,
  /** A web address. */
  url: 4096,
  /** A feed's title as the user renames it. */
  feedTitle: 300,
  /** A folder's name. */
  folderName: 200,
  /** A file handed to library:import. */
  importBytes: 70 * 1024 * 1024,
  /** A notes export handed to notes:import. */
  notesImportBytes: 50 * 1024 * 1024,
} as const
