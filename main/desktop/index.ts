// Electron entry: app lifecycle only. Everything it wires is plain code tested
// elsewhere: the core (./core), the guards (security.ts), IPC (ipc.ts), schemes
// (protocol.ts), windows (windows.ts).
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron'
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openSession, type Session } from '../core/bridge/session'
import { resolveDataDir } from '../core/base/paths'
import { MediaStore } from '../core/ingest/media-store'
import { appProtocolHandler, APP_SCHEME, mediaProtocolHandler, MEDIA_SCHEME_NAME, privilegedSchemes } from './protocol'
import { guardContents, guardSession } from './security'
import { registerIpc } from './ipc'
import { createMainWindow } from './windows'
import { setupSingleInstance } from './single-instance'
import { claimFeedProtocol, createOpenQueue, listenForOpenRequests, openTargets, parseOpenTargets, type OpenTargets } from './open-targets'
import { installMenu, type Theme } from './menu'
import { loadWindowState, trackWindowState, type WindowStateTracker } from './window-state'
import { createUpdateService, updateFeed } from './updates'
import { backupLibrary } from '../core/library/backup'

const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = join(here, '..', 'renderer')
const preload = join(here, '..', 'preload', 'electron.cjs')

const { values } = parseArgs({ args: process.argv.slice(1), options: { data: { type: 'string' } }, strict: false, allowPositionals: true })
const customData = typeof values.data === 'string' || !!process.env.OFFPRINT_DATA
const dataDir = customData ? resolveDataDir(values.data as string | undefined) : app.getPath('userData')
// A library elsewhere is its own instance (its own single-instance lock and Chromium profile).
if (customData) app.setPath('userData', dataDir)

protocol.registerSchemesAsPrivileged(privilegedSchemes)

// Files and feed: links from "Open With", a second launch or macOS wait here until the library is open.
const openQueue = createOpenQueue(openRequested)
const primary = setupSingleInstance(app, (argv, cwd) => openQueue.add(parseOpenTargets(argv, cwd)), { window: () => mainWindow })
listenForOpenRequests(app, (targets) => openQueue.add(targets))
openQueue.add(parseOpenTargets(process.argv, process.cwd()))

const updates = createUpdateService({
  feed: updateFeed({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath }),
  loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
  isOnline: () => net.isOnline(),
  confirmDownload: async (info) => (await dialog.showMessageBox({ type: 'question', buttons: ['Download', 'Not Now'], defaultId: 0, cancelId: 1, message: `Offprint ${info.version} is available.`, detail: 'Download it now? It installs when you quit, or when you choose to restart.' })).response === 0,
  confirmRestart: async (info) => (await dialog.showMessageBox({ type: 'question', buttons: ['Restart Now', 'Later'], defaultId: 0, cancelId: 1, message: `Offprint ${info.version} is ready to install.` })).response === 0,
})

const windowIds = new Set<number>()
let core: Session | null = null
let mainWindow: BrowserWindow | null = null
let windowState: WindowStateTracker | null = null

const openExternal = (url: string) => {
  void shell.openExternal(url)
}

app.on('web-contents-created', (_event, contents) => guardContents(contents, openExternal))

async function start(): Promise<void> {
  core = await openSession({
    dataDir,
    owner: 'the Offprint app',
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
  claimFeedProtocol(app)
  const settings = await core.library.settings()
  updateMenu = installMenu(Menu, menuActions, process.platform, { theme: settings.theme, development: !app.isPackaged })
  await openWindow()
  openQueue.ready()
  updates.schedule()
}

async function openWindow(): Promise<void> {
  const state = await loadWindowState(dataDir, screen.getAllDisplays())
  const win = createMainWindow(BrowserWindow, preload, state.bounds)
  if (state.maximized) win.maximize()
  windowState = trackWindowState(win, dataDir)
  mainWindow = win
  const id = win.webContents.id
  windowIds.add(id)
  win.on('closed', () => {
    windowIds.delete(id)
    if (mainWindow === win) mainWindow = null
  })
}

/** The lead's importer: OPML, feed files and saved pages through the core, then the window shows them. */
async function openRequested(targets: OpenTargets): Promise<void> {
  const session = core
  if (!session) return
  await openTargets(targets, {
    importFile: (name, content) => session.dispatch('library:import', { name, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64'), encoding: 'base64' }),
    confirmSubscribe: async (url) =>
      (await dialog.showMessageBox({ type: 'question', buttons: ['Subscribe', 'Cancel'], defaultId: 0, cancelId: 1, message: 'Subscribe to this feed?', detail: url })).response === 0,
    subscribe: (url) => session.dispatch('feeds:subscribe', { url }),
    showError: (title, message) => dialog.showErrorBox(title, message),
  })
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.show()
}

let updateMenu: ((change: { theme: Theme }) => void) | null = null

async function chooseAndImport(title: string, extensions: string[]): Promise<void> {
  const { canceled, filePaths } = await dialog.showOpenDialog({ title, properties: ['openFile', 'multiSelections'], filters: [{ name: title, extensions }] })
  if (!canceled) openQueue.add({ files: filePaths, urls: [] })
}

async function saveAs(channel: 'library:exportOpml' | 'notes:export'): Promise<void> {
  const result = channel === 'notes:export' ? await core!.dispatch(channel, { format: 'md' }) : await core!.dispatch(channel, undefined)
  if (!result.ok) return dialog.showErrorBox('Export failed', result.message)
  const out = result.data as { filename: string; content: string }
  const { canceled, filePath } = await dialog.showSaveDialog({ defaultPath: out.filename })
  if (!canceled && filePath) await fs.writeFile(filePath, out.content)
}

/** Menu commands only the window can carry out, sent as the 'app:command' push event. */
const sendCommand = (command: 'showShortcuts' | 'importLink' | 'settingsChanged') => mainWindow?.webContents.send('event:app:command', { command })

async function setSetting(patch: { theme?: Theme; fontSize?: number }): Promise<void> {
  const result = await core!.dispatch('settings:set', patch)
  if (!result.ok) return
  updateMenu?.({ theme: (result.data as { theme: Theme }).theme })
  sendCommand('settingsChanged')
}

const fontSize = async () => (await core!.library.settings()).fontSize

/** A menu action that fails says so in a dialog rather than failing silently. */
const safely =
  <A extends unknown[]>(fn: (...args: A) => Promise<void> | void) =>
  (...args: A) => {
    Promise.resolve()
      .then(() => fn(...args))
      .catch((err: unknown) => dialog.showErrorBox('Offprint', err instanceof Error ? err.message : String(err)))
  }

const menuActions = {
  importOpml: safely(() => chooseAndImport('Import OPML', ['opml', 'xml'])),
  openSavedPage: safely(() => chooseAndImport('Open Saved Page', ['html', 'htm'])),
  exportNotes: safely(() => saveAs('notes:export')),
  exportOpml: safely(() => saveAs('library:exportOpml')),
  backUpLibrary: safely(async () => {
    const { canceled, filePath } = await dialog.showSaveDialog({ defaultPath: `offprint-backup-${new Date().toISOString().slice(0, 10)}.tar.gz` })
    if (!canceled && filePath) await backupLibrary(core!.library, filePath)
  }),
  setTheme: safely((theme: Theme) => setSetting({ theme })),
  biggerText: safely(async () => setSetting({ fontSize: Math.min(32, (await fontSize()) + 1) })),
  smallerText: safely(async () => setSetting({ fontSize: Math.max(12, (await fontSize()) - 1) })),
  resetText: safely(() => setSetting({ fontSize: 18 })),
  importLink: () => sendCommand('importLink'),
  showShortcuts: () => sendCommand('showShortcuts'),
  showAbout: () => void dialog.showMessageBox({ message: `Offprint ${app.getVersion()}`, detail: 'An offline news reader with private notes.' }),
  ...(updates.enabled ? { checkForUpdates: () => void updates.check('user') } : {}),
}

if (primary) {
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // The library in use by `offprint serve`, or a data folder that cannot be written:
      // said in a dialog, not lost in a log nobody sees.
      console.error(err)
      dialog.showErrorBox('Offprint could not open your library', err instanceof Error ? err.message : String(err))
      app.exit(1)
    })
}

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) void openWindow()
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
  void Promise.all([core.close(), windowState?.flush()]).finally(() => app.quit())
})
