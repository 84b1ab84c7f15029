// The main window, created through an injected BrowserWindow constructor so its
// options (the security ones above all) are unit-tested without Electron.
import { APP_ORIGIN } from './protocol'
import { secureWebPreferences } from './security'

export interface WindowLike {
  id?: number
  webContents: { id: number }
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
  loadURL(url: string): Promise<void>
}

export type WindowConstructor<W extends WindowLike> = new (options: Record<string, unknown>) => W

export function mainWindowOptions(preload: string, bounds?: { width: number; height: number; x?: number; y?: number }) {
  return {
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Offprint',
    backgroundColor: '#f7f5f0',
    webPreferences: secureWebPreferences(preload),
  }
}

export function createMainWindow<W extends WindowLike>(Window: WindowConstructor<W>, preload: string, bounds?: { width: number; height: number; x?: number; y?: number }): W {
  const win = new Window(mainWindowOptions(preload, bounds))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}
