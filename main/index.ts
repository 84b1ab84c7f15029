// Electron entry: app lifecycle only. Everything it wires is plain code tested
// elsewhere: the core (./core), the guards (security.ts), IPC (ipc.ts), schemes
// (protocol.ts), windows (windows.ts).
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openSession, type Session } from './core/session'
import { resolveDataDir } from './core/paths'
import { MediaStore } from './core/ingest/media-store'
import { appProtocolHandler, APP_SCHEME, mediaProtocolHandler, MEDIA_SCHEME_NAME, privilegedSchemes } from './protocol'
import { guardContents, guardSession } from './security'
import { registerIpc } from './ipc'
import { createMainWindow } from './windows'

const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = join(here, '..', 'renderer')
const preload = join(here, '..', 'preload', 'electron.cjs')

const { values } = parseArgs({ args: process.argv.slice(1), options: { data: { type: 'string' } }, strict: false, allowPositionals: true })
const dataDir = typeof values.data === 'string' || process.env.OFFPRINT_DATA ? resolveDataDir(values.data as string | undefined) : app.getPath('userData')

protocol.registerSchemesAsPrivileged(privilegedSchemes)

const windowIds = new Set<number>()
let core: Session | null = null

const openExternal = (url: string) => {
  void shell.openExternal(url)
}

app.on('web-contents-created', (_event, contents) => guardContents(contents, openExternal))

async function start(): Promise<void> {
  core = await openSession({
    dataDir,
    openExternal: async (url) => {
      await shell.openExternal(url)
      return true
    },
    log: (err, channel) => console.error(`[offprint] ${channel} failed:`, err),
  })
  guardSession(session.defaultSession)
  const media = new MediaStore(join(dataDir, 'media'))
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir))
  protocol.handle(MEDIA_SCHEME_NAME, mediaProtocolHandler((name) => media.path(name)))
  registerIpc(ipcMain, core.dispatch, windowIds)
  core.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(`event:${event}`, payload)
  })
  openWindow()
}

function openWindow(): void {
  const win = createMainWindow(BrowserWindow, preload)
  const id = win.webContents.id
  windowIds.add(id)
  win.on('closed', () => windowIds.delete(id))
}

app.whenReady().then(start, (err: unknown) => {
  console.error(err)
  app.exit(1)
})

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) openWindow()
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let closing = false
app.on('will-quit', (event) => {
  if (!core || closing) return
  // Let pending writes reach the disk before the process ends.
  event.preventDefault()
  closing = true
  void core.close().finally(() => app.quit())
})
