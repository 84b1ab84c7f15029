// The main window opens where the user left it: bounds and maximized state kept in
// window-state.json in the data folder, written atomically a moment after the
// window stops moving, and used again only where a current display can show it
// (a monitor unplugged since must not leave the window off screen).
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { SerialWriter } from '../core/storage/atomic-file'

export const WINDOW_STATE_FILE = 'window-state.json'
/** The sizes windows.ts opens with and will not go below. */
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const
export const MIN_SIZE = { width: 760, height: 480 } as const

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
}

export interface WindowState {
  /** Without x and y, Electron centres the window on the primary display. */
  bounds: WindowBounds
  maximized: boolean
}

/** What screen.getAllDisplays() returns, as far as placing a window goes. */
export interface DisplayLike {
  workArea: Rect
}

/** How much of the top of the window must be on a display to grab and move it. */
const TITLE_STRIP = { height: 32, minVisibleWidth: 100, minVisibleHeight: 16 }

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  }
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)

function savedRect(saved: unknown): Rect | null {
  const b = (saved as { bounds?: Partial<Rect> } | null)?.bounds
  if (!b || !finite(b.x) || !finite(b.y) || !finite(b.width) || !finite(b.height) || b.width <= 0 || b.height <= 0) return null
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }
}

function defaultBounds(displays: readonly DisplayLike[]): WindowBounds {
  // Only shrink the default for a display too small for it (a small laptop).
  const largest = displays.reduce<Rect | null>((best, d) => (!best || d.workArea.width * d.workArea.height > best.width * best.height ? d.workArea : best), null)
  if (!largest) return { ...DEFAULT_SIZE }
  return {
    width: Math.max(MIN_SIZE.width, Math.min(DEFAULT_SIZE.width, largest.width)),
    height: Math.max(MIN_SIZE.height, Math.min(DEFAULT_SIZE.height, largest.height)),
  }
}

/**
 * Where to open the window, from what was saved (anything: a parsed file, or
 * null) and the displays there are now. The saved place is kept when the top of
 * the window can be grabbed on some display; its size is then fitted to that
 * display and it is moved fully onto it. Otherwise: the default size, centred.
 */
export function restoreWindowState(saved: unknown, displays: readonly DisplayLike[]): WindowState {
  const maximized = (saved as { maximized?: unknown } | null)?.maximized === true
  const rect = savedRect(saved)
  if (!rect) return { bounds: defaultBounds(displays), maximized }

  const strip: Rect = { x: rect.x, y: rect.y, width: rect.width, height: Math.min(TITLE_STRIP.height, rect.height) }
  const reachable = displays.filter((d) => {
    const o = overlap(strip, d.workArea)
    return o.width >= Math.min(TITLE_STRIP.minVisibleWidth, rect.width) && o.height >= Math.min(TITLE_STRIP.minVisibleHeight, strip.height)
  })
  if (!reachable.length) return { bounds: defaultBounds(displays), maximized }

  const area = (d: DisplayLike) => {
    const o = overlap(rect, d.workArea)
    return o.width * o.height
  }
  const home = reachable.reduce((best, d) => (area(d) > area(best) ? d : best)).workArea
  const width = Math.min(Math.max(rect.width, MIN_SIZE.width), home.width)
  const height = Math.min(Math.max(rect.height, MIN_SIZE.height), home.height)
  const x = Math.min(Math.max(rect.x, home.x), home.x + home.width - width)
  const y = Math.min(Math.max(rect.y, home.y), home.y + home.height - height)
  return { bounds: { x, y, width, height }, maximized }
}

/** The saved state fitted to the current displays; defaults when there is none or it is unreadable. */
export async function loadWindowState(dataDir: string, displays: readonly DisplayLike[]): Promise<WindowState> {
  let saved: unknown = null
  try {
    saved = JSON.parse(await fs.readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8'))
  } catch {
    // Missing or damaged: a window position is not worth telling the user about.
  }
  return restoreWindowState(saved, displays)
}

/** The part of BrowserWindow that tracking uses. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
  getNormalBounds(): Rect
  isMaximized(): boolean
  isMinimized(): boolean
  isFullScreen(): boolean
  isDestroyed(): boolean
}

export interface WindowStateTracker {
  /** Writes the current state now; resolves once it is on disk. */
  flush(): Promise<void>
}

export interface TrackOptions {
  /** Resizing and moving fire many events a second; write once they stop. */
  debounceMs?: number
  log?: (err: unknown) => void
}

/**
 * Saves the window's normal (un-maximized) bounds and whether it is maximized, so
 * a window maximized at exit opens maximized and un-maximizes to its old size.
 * Nothing is saved while minimized or full screen: those bounds are not a place
 * to reopen at.
 */
export function trackWindowState(win: TrackedWindow, dataDir: string, options: TrackOptions = {}): WindowStateTracker {
  const { debounceMs = 500, log = (err) => console.error('[offprint] could not save the window position:', err) } = options
  const writer = new SerialWriter(join(dataDir, WINDOW_STATE_FILE))
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = ''

  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return writer.idle()
    const { x, y, width, height } = win.getNormalBounds()
    const json = JSON.stringify({ version: 1, bounds: { x, y, width, height }, maximized: win.isMaximized() })
    if (json === last) return writer.idle()
    last = json
    return writer.write(() => json).catch((err: unknown) => {
      last = ''
      log(err)
    })
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void save(), debounceMs)
  }

  win.on('resize', later)
  win.on('move', later)
  win.on('maximize', () => void save())
  win.on('unmaximize', () => void save())
  // Last chance: the window is still alive during 'close', and gone after it.
  win.on('close', () => void save())
  return { flush: save }
}
