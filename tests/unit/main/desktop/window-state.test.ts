// The window reopens where it was left, unless that place is on no current display,
// and its position is written atomically, once the window stops moving.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { existsSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserWindow, Display } from 'electron'
import {
  DEFAULT_SIZE,
  loadWindowState,
  restoreWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
  type DisplayLike,
  type Rect,
  type TrackedWindow,
} from '../../../../main/desktop/window-state'
import { tempDir } from '../../../helpers/tmp'

// Compile-time only: Electron's real objects fit the interfaces (tsc checks this file).
export const electronFits = (win: BrowserWindow, displays: Display[]): [TrackedWindow, readonly DisplayLike[]] => [win, displays]

const laptop: DisplayLike = { workArea: { x: 0, y: 25, width: 1440, height: 875 } }
const external: DisplayLike = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } }
const saved = (bounds: Partial<Rect>, maximized = false) => ({ version: 1, bounds, maximized })

describe('restoring', () => {
  it('reopens exactly where the window was, on whichever display that is', () => {
    expect(restoreWindowState(saved({ x: 2000, y: 200, width: 1600, height: 1000 }), [laptop, external])).toEqual({
      bounds: { x: 2000, y: 200, width: 1600, height: 1000 },
      maximized: false,
    })
    expect(restoreWindowState(saved({ x: 100, y: 60, width: 1000, height: 700 }, true), [laptop]).maximized).toBe(true)
  })

  it('uses the default size, centred, when the window was on a display that is gone', () => {
    const state = restoreWindowState(saved({ x: 2000, y: 200, width: 1600, height: 1000 }), [laptop])
    expect(state.bounds).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height })
  })

  it('uses the defaults when only a sliver of the window, or none of its title bar, would show', () => {
    // Left edge 20 px on screen: nothing to grab.
    expect(restoreWindowState(saved({ x: -980, y: 100, width: 1000, height: 700 }), [laptop]).bounds.x).toBeUndefined()
    // Title bar above the top of every display, body visible.
    expect(restoreWindowState(saved({ x: 100, y: -600, width: 1000, height: 700 }), [laptop]).bounds.x).toBeUndefined()
  })

  it('keeps a window whose title bar is reachable, moved fully onto its display', () => {
    // Half off the right edge of the laptop, no display beyond it.
    expect(restoreWindowState(saved({ x: 900, y: 100, width: 1000, height: 700 }), [laptop]).bounds).toEqual({ x: 440, y: 100, width: 1000, height: 700 })
  })

  it('shrinks a window saved on a big monitor to fit the laptop it opens on now', () => {
    const state = restoreWindowState(saved({ x: 0, y: 25, width: 2400, height: 1400 }), [laptop])
    expect(state.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 })
  })

  it('never restores a size below the window’s minimum', () => {
    expect(restoreWindowState(saved({ x: 10, y: 40, width: 200, height: 100 }), [laptop]).bounds).toMatchObject({ width: 760, height: 480 })
  })

  it('ignores saved state that is not a usable rectangle', () => {
    for (const bad of [null, 'x', {}, { bounds: { x: 1, y: 1, width: 0, height: 5 } }, { bounds: { x: NaN, y: 1, width: 9, height: 9 } }, { bounds: { x: '1', y: 1, width: 900, height: 900 } }]) {
      expect(restoreWindowState(bad, [laptop]).bounds, JSON.stringify(bad)).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height })
    }
  })

  it('shrinks the default size on a display smaller than it', () => {
    const small: DisplayLike = { workArea: { x: 0, y: 0, width: 1024, height: 700 } }
    expect(restoreWindowState(null, [small]).bounds).toEqual({ width: 1024, height: 700 })
  })

  it('reads the file in the data folder; a missing or damaged file gives the defaults', async () => {
    const dir = tempDir()
    expect((await loadWindowState(dir, [laptop])).bounds).toEqual({ ...DEFAULT_SIZE })
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"version":1,"bounds":{"x":30')
    expect((await loadWindowState(dir, [laptop])).bounds).toEqual({ ...DEFAULT_SIZE })
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify(saved({ x: 30, y: 40, width: 900, height: 600 }, true)))
    expect(await loadWindowState(dir, [laptop])).toEqual({ bounds: { x: 30, y: 40, width: 900, height: 600 }, maximized: true })
  })
})

class FakeWindow implements TrackedWindow {
  listeners = new Map<string, (() => void)[]>()
  bounds: Rect = { x: 100, y: 100, width: 1000, height: 700 }
  maximized = false
  minimized = false
  fullScreen = false
  destroyed = false
  on(event: string, fn: () => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
  }
  emit(event: string) {
    for (const fn of this.listeners.get(event) ?? []) fn()
  }
  getNormalBounds = () => ({ ...this.bounds })
  isMaximized = () => this.maximized
  isMinimized = () => this.minimized
  isFullScreen = () => this.fullScreen
  isDestroyed = () => this.destroyed
}

describe('saving', () => {
  afterEach(() => {
    vi.useRealTimers()
  })
  const read = (dir: string) => JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))

  it('writes after moving and resizing stop, not during, and survives a restart', async () => {
    vi.useFakeTimers()
    const dir = tempDir()
    const win = new FakeWindow()
    const tracker = trackWindowState(win, dir, { debounceMs: 500 })
    for (let i = 0; i < 20; i++) {
      win.bounds = { x: 100 + i, y: 100, width: 1000 + i, height: 700 }
      win.emit(i % 2 ? 'move' : 'resize')
      vi.advanceTimersByTime(100)
    }
    expect(existsSync(join(dir, WINDOW_STATE_FILE))).toBe(false)
    vi.advanceTimersByTime(500)
    vi.useRealTimers()
    await tracker.flush()
    expect(read(dir)).toEqual({ version: 1, bounds: { x: 119, y: 100, width: 1019, height: 700 }, maximized: false })
    expect(await loadWindowState(dir, [external, laptop])).toEqual({ bounds: { x: 119, y: 100, width: 1019, height: 700 }, maximized: false })
  })

  it('remembers the un-maximized size of a maximized window', async () => {
    const dir = tempDir()
    const win = new FakeWindow()
    const tracker = trackWindowState(win, dir)
    win.maximized = true
    win.emit('maximize')
    await tracker.flush()
    expect(read(dir)).toEqual({ version: 1, bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: true })
    win.maximized = false
    win.emit('unmaximize')
    await tracker.flush()
    expect(read(dir).maximized).toBe(false)
  })

  it('saves at close, without waiting for the pause', async () => {
    vi.useFakeTimers()
    const dir = tempDir()
    const win = new FakeWindow()
    const tracker = trackWindowState(win, dir, { debounceMs: 10_000 })
    win.bounds = { x: 5, y: 30, width: 900, height: 650 }
    win.emit('resize')
    win.emit('close')
    win.destroyed = true
    vi.useRealTimers()
    await tracker.flush()
    expect(read(dir).bounds).toEqual({ x: 5, y: 30, width: 900, height: 650 })
  })

  it('does not save the place of a minimized or full-screen window', async () => {
    const dir = tempDir()
    const win = new FakeWindow()
    const tracker = trackWindowState(win, dir)
    win.minimized = true
    win.bounds = { x: -32000, y: -32000, width: 160, height: 28 }
    await tracker.flush()
    win.minimized = false
    win.fullScreen = true
    await tracker.flush()
    expect(existsSync(join(dir, WINDOW_STATE_FILE))).toBe(false)
  })

  it('leaves no temporary files behind', async () => {
    const dir = tempDir()
    const win = new FakeWindow()
    const tracker = trackWindowState(win, dir)
    for (let i = 0; i < 5; i++) {
      win.bounds = { ...win.bounds, x: i }
      win.emit('maximize')
    }
    await tracker.flush()
    expect(readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
    expect(read(dir).bounds.x).toBe(4)
  })

  it('a read-only data folder is reported, not thrown into Electron', async () => {
    if (process.getuid?.() === 0) {
      // root writes through permissions; use a data folder that is a file instead.
      const parent = tempDir()
      const notADir = join(parent, 'file')
      writeFileSync(notADir, '')
      const log = vi.fn()
      await trackWindowState(new FakeWindow(), notADir, { log }).flush()
      expect(log).toHaveBeenCalledTimes(1)
      return
    }
    const dir = tempDir()
    chmodSync(dir, 0o500)
    const log = vi.fn()
    await trackWindowState(new FakeWindow(), dir, { log }).flush()
    chmodSync(dir, 0o700)
    expect(log).toHaveBeenCalledTimes(1)
  })
})
