// One instance per user: a second launch brings the window forward and hands its
// files and links to the running app, then quits.
import { describe, expect, it, vi } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { App, BrowserWindow } from 'electron'
import { focusWindow, setupSingleInstance, type FocusableWindow, type SingleInstanceApp } from '../../../../main/desktop/single-instance'
import { parseOpenTargets } from '../../../../main/desktop/open-targets'
import { tempDir } from '../../../helpers/tmp'

// Compile-time only: Electron's real objects fit the interfaces (tsc checks this file).
export const electronFits = (app: App, win: BrowserWindow): [SingleInstanceApp, FocusableWindow] => [app, win]

/** Two "processes" sharing one lock, as Electron's requestSingleInstanceLock does. */
function lockHolder() {
  let owner: ((argv: string[], cwd: string, data: unknown) => void) | null = null
  return {
    app(argv: string[], cwd: string) {
      const quit = vi.fn()
      let listener: ((e: unknown, argv: string[], cwd: string, data: unknown) => void) | undefined
      const app: SingleInstanceApp = {
        requestSingleInstanceLock(data) {
          if (owner) {
            // Chromium reorders the second instance's argv and appends switches to it.
            owner([argv[0]!, '--allow-file-access-from-files', ...argv.slice(1).reverse()], cwd, data)
            return false
          }
          owner = (a, c, d) => listener?.({}, a, c, d)
          return true
        },
        quit,
        on: (_event, fn) => (listener = fn),
      }
      return { app, quit }
    },
  }
}

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = []
  const win: FocusableWindow = {
    isDestroyed: () => !!state.destroyed,
    isMinimized: () => !!state.minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  }
  return { win, calls }
}

describe('single instance', () => {
  it('the first launch keeps running; a second hands over its arguments as sent, and quits', () => {
    const shared = lockHolder()
    const received: [string[], string][] = []
    const first = shared.app(['/opt/Offprint/offprint'], '/home/u')
    expect(setupSingleInstance(first.app, (argv, cwd) => received.push([argv, cwd]), { argv: ['/opt/Offprint/offprint'], cwd: '/home/u' })).toBe(true)
    expect(first.quit).not.toHaveBeenCalled()

    const argv = ['/opt/Offprint/offprint', 'subs.opml', 'feed://news.example/rss']
    const second = shared.app(argv, '/home/u/Downloads')
    expect(setupSingleInstance(second.app, () => {}, { argv, cwd: '/home/u/Downloads' })).toBe(false)
    expect(second.quit).toHaveBeenCalledTimes(1)
    // The order and content the second instance had, not Chromium's rewrite.
    expect(received).toEqual([[argv, '/home/u/Downloads']])
  })

  it('falls back to Electron’s argv when no hand-over data came with the launch', () => {
    let listener: ((e: unknown, argv: string[], cwd: string, data: unknown) => void) | undefined
    const got = vi.fn()
    setupSingleInstance({ requestSingleInstanceLock: () => true, quit: () => {}, on: (_e, fn) => (listener = fn) }, got)
    listener!({}, ['offprint', 'a.opml'], '/tmp', {})
    expect(got).toHaveBeenCalledWith(['offprint', 'a.opml'], '/tmp')
  })

  it('brings a minimized window back and focuses it when a second launch arrives', () => {
    const shared = lockHolder()
    const { win, calls } = fakeWindow({ minimized: true })
    setupSingleInstance(shared.app(['offprint'], '/').app, () => {}, { window: () => win, argv: ['offprint'], cwd: '/' })
    setupSingleInstance(shared.app(['offprint'], '/').app, () => {}, { argv: ['offprint'], cwd: '/' })
    expect(calls).toEqual(['restore', 'show', 'focus'])
  })

  it('a file opened by a second launch reaches the running app as an absolute path', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'subs.opml'), '<opml/>')
    const shared = lockHolder()
    const opened: string[] = []
    setupSingleInstance(shared.app(['offprint'], '/').app, (argv, cwd) => opened.push(...parseOpenTargets(argv, cwd).files), { argv: ['offprint'], cwd: '/' })
    setupSingleInstance(shared.app(['offprint', 'subs.opml'], dir).app, () => {}, { argv: ['offprint', 'subs.opml'], cwd: dir })
    expect(opened).toEqual([join(dir, 'subs.opml')])
  })
})

describe('focusWindow', () => {
  it('shows and focuses a visible window without restoring it', () => {
    const { win, calls } = fakeWindow()
    expect(focusWindow(win)).toBe(true)
    expect(calls).toEqual(['show', 'focus'])
  })

  it('does nothing without a live window', () => {
    const { win, calls } = fakeWindow({ destroyed: true })
    expect(focusWindow(win)).toBe(false)
    expect(focusWindow(null)).toBe(false)
    expect(calls).toEqual([])
  })
})
