// The notes feature's UI state shared across the app: whether the sidebar is open,
// which note to bring into view next, the open highlight editor, the undo toast, and
// the commands the app's one keyboard handler can run. Server data lives in the query
// cache (use-notes.ts); this is only what the screen is doing.
import { useSyncExternalStore } from 'react'

export type NoteTarget = { kind: 'comment' | 'highlight'; id: string }

export interface Toast {
  key: number
  message: string
  undo?: () => Promise<void>
}

interface State {
  /** The list pane shows All notes instead of articles. */
  allNotesOpen: boolean
  sidebarOpen: boolean
  /** A note to scroll to and flash once it is on the page. */
  jump: (NoteTarget & { articleId: string }) | null
  /** The highlight whose editor is open; `focusNote` puts the cursor in its note. */
  editing: { articleId: string; highlightId: string; focusNote: boolean } | null
  toast: Toast | null
  /** Highlights the core placed that this page's text could not show ("articleId:id id…"). */
  unplaced: string
}

const SIDEBAR_KEY = 'offprint.notesSidebar'

function initialSidebar(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_KEY) === 'open'
  } catch {
    return false
  }
}

let state: State = { allNotesOpen: false, sidebarOpen: initialSidebar(), jump: null, editing: null, toast: null, unplaced: '' }
const listeners = new Set<() => void>()

function set(patch: Partial<State>) {
  state = { ...state, ...patch }
  for (const l of listeners) l()
}

const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useNotesUi<T>(select: (s: State) => T): T {
  return useSyncExternalStore(subscribe, () => select(state))
}

export function setSidebarOpen(open: boolean) {
  try {
    localStorage.setItem(SIDEBAR_KEY, open ? 'open' : 'closed')
  } catch {
    // A locked-down profile: the choice lasts for this session.
  }
  set({ sidebarOpen: open })
}

export function setAllNotesOpen(open: boolean) {
  if (state.allNotesOpen !== open) set({ allNotesOpen: open })
}

export function setUnplaced(articleId: string, ids: string[]) {
  const value = ids.length ? `${articleId}:${ids.join(' ')}` : ''
  if (state.unplaced !== value) set({ unplaced: value })
}

/** The ids of the article's highlights that are not shown in its text. */
export function useUnplaced(articleId: string): string[] {
  const value = useNotesUi((s) => s.unplaced)
  return value.startsWith(`${articleId}:`) ? value.slice(articleId.length + 1).split(' ') : []
}

export function jumpTo(articleId: string, target: NoteTarget) {
  set({ jump: { articleId, ...target } })
}

/** Takes the pending jump if it is for this kind of note on this article. */
export function takeJump(articleId: string, kind: NoteTarget['kind']): string | null {
  const j = state.jump
  if (!j || j.articleId !== articleId || j.kind !== kind) return null
  set({ jump: null })
  return j.id
}

export function editHighlight(articleId: string, highlightId: string, focusNote = false) {
  set({ editing: { articleId, highlightId, focusNote } })
}

export function closeHighlightEditor() {
  if (state.editing) set({ editing: null })
}

let toastKey = 0
export function showToast(message: string, undo?: () => Promise<void>) {
  set({ toast: { key: ++toastKey, message, undo } })
}

export function dismissToast(key: number) {
  if (state.toast?.key === key) set({ toast: null })
}
