// What the app is asked to open from outside: files and feed: links. Windows and
// Linux pass them on the command line (to the first instance, or through
// second-instance to the running one); macOS sends open-file and open-url events,
// which can arrive before the app is ready. All of it becomes OpenTargets, handed
// to one injected onOpen, which decides what importing means (openTargets: read with
// the import's own reader, then handed to the core).
import { statSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { httpUrl } from '../core/base/url'
import { readImportFile } from '../core/ingest/import'

export interface OpenTargets {
  /** Absolute paths of existing feed, OPML and saved-page files. */
  files: string[]
  /** http(s) addresses: feed: links already rewritten. */
  urls: string[]
}

export const FEED_FILE_EXTENSIONS = ['.opml', '.xml', '.rss', '.atom', '.json'] as const
export const PAGE_FILE_EXTENSIONS = ['.html', '.htm'] as const
const OPENABLE = new Set<string>([...FEED_FILE_EXTENSIONS, ...PAGE_FILE_EXTENSIONS])

/** Our own switches that take their value as the next argument (`--data DIR`). */
const SWITCHES_WITH_VALUE = new Set(['--data'])

/** A web page hands us feed: links, so keep what it can smuggle in small. */
const MAX_URL_LENGTH = 2048

export type IsFile = (path: string) => boolean

const isRegularFile: IsFile = (path) => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Files and addresses in a command line. argv[0] is the executable; in development
 * argv[1] is the app's folder or script, which is never an openable file. Switches
 * (Chromium's, Electron's, ours) are skipped, with the value of `--data`; after
 * `--` everything is an argument. Only existing files with a feed or page
 * extension are kept, resolved against cwd (the second instance's, not ours).
 */
export function parseOpenTargets(argv: readonly string[], cwd: string, isFile: IsFile = isRegularFile): OpenTargets {
  const targets: OpenTargets = { files: [], urls: [] }
  let switches = true
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!
    if (switches && arg === '--') {
      switches = false
      continue
    }
    if (switches && arg.startsWith('-')) {
      if (SWITCHES_WITH_VALUE.has(arg)) i++
      continue
    }
    addTarget(targets, arg, cwd, isFile)
  }
  return targets
}

function addTarget(targets: OpenTargets, arg: string, cwd: string, isFile: IsFile): void {
  const url = openableUrl(arg)
  if (url) {
    if (!targets.urls.includes(url)) targets.urls.push(url)
    return
  }
  const file = openableFile(arg, cwd, isFile)
  if (file && !targets.files.includes(file)) targets.files.push(file)
}

/**
 * An existing feed or page file, as an absolute path; null otherwise. Linux file
 * managers launch desktop entries (Exec=… %U) with file:// URLs, so those count too.
 */
export function openableFile(arg: string, cwd: string, isFile: IsFile = isRegularFile): string | null {
  let path = arg
  if (/^file:/i.test(arg)) {
    try {
      path = fileURLToPath(arg)
    } catch {
      return null
    }
  }
  if (!OPENABLE.has(extname(path).toLowerCase())) return null
  const full = resolve(cwd, path)
  return isFile(full) ? full : null
}

/**
 * feed: links as web addresses: feed://host/path → https://host/path (the scheme
 * names no transport; https is the safe reading), feed:https://… and the
 * feed://https://… seen in the wild → the inner address. Plain http(s) addresses
 * pass as they are. Anything else, and addresses carrying credentials, → null.
 */
export function openableUrl(raw: string): string | null {
  const text = raw.trim()
  if (text.length > MAX_URL_LENGTH) return null
  const feed = /^feed:/i.exec(text)
  if (!feed) return /^https?:\/\//i.test(text) ? webUrl(text) : null
  let rest = text.slice(feed[0].length)
  if (/^https?:/i.test(rest)) return webUrl(rest)
  if (!rest.startsWith('//')) return null
  rest = rest.slice(2)
  return webUrl(/^https?:\/\//i.test(rest) ? rest : `https://${rest}`)
}

function webUrl(text: string): string | null {
  return httpUrl(text, undefined, { noCredentials: true }) || null
}

/** The part of Electron's app that delivers macOS's open requests. */
export interface OpenEventSource {
  on(event: 'open-file' | 'open-url', listener: (event: { preventDefault(): void }, pathOrUrl: string) => void): unknown
}

/**
 * macOS: Finder's "Open With" and feed: links. A request is claimed (preventDefault)
 * only when it is something we open, so macOS tells the user about the others.
 * Register before the app is ready: a launch by opening a file sends open-file first.
 */
export function listenForOpenRequests(app: OpenEventSource, deliver: (targets: OpenTargets) => void, isFile: IsFile = isRegularFile): void {
  app.on('open-file', (event, path) => {
    const file = openableFile(path, '/', isFile)
    if (!file) return
    event.preventDefault()
    deliver({ files: [file], urls: [] })
  })
  app.on('open-url', (event, raw) => {
    const url = openableUrl(raw)
    if (!url) return
    event.preventDefault()
    deliver({ files: [], urls: [url] })
  })
}

export interface OpenQueue {
  /** Targets from any source; held until ready(), then handed to onOpen. */
  add(targets: OpenTargets): void
  /** The app can import now: hands over everything held, merged into one call. */
  ready(): void
}

/**
 * Requests arrive before the library is open (the launch's own argv, macOS's
 * early open-file), so they wait here; after ready() they go straight through.
 */
export function createOpenQueue(onOpen: (targets: OpenTargets) => void | Promise<void>, onError: (err: unknown) => void = (err) => console.error('[offprint] open failed:', err)): OpenQueue {
  let isReady = false
  let held: OpenTargets = { files: [], urls: [] }
  const run = (targets: OpenTargets) => {
    if (!targets.files.length && !targets.urls.length) return
    try {
      void Promise.resolve(onOpen(targets)).catch(onError)
    } catch (err) {
      onError(err)
    }
  }
  return {
    add(targets) {
      if (isReady) return run(targets)
      for (const f of targets.files) if (!held.files.includes(f)) held.files.push(f)
      for (const u of targets.urls) if (!held.urls.includes(u)) held.urls.push(u)
    },
    ready() {
      if (isReady) return
      isReady = true
      const pending = held
      held = { files: [], urls: [] }
      run(pending)
    },
  }
}

/** A call into the core, as its dispatcher answers: a refusal carries a message for the user. */
export type OpenOutcome = { ok: true } | { ok: false; message: string }

/** What opening needs from the app: the core's import and subscribe, and Electron's dialogs. */
export interface OpenActions {
  importFile(name: string, content: Uint8Array): Promise<OpenOutcome>
  /** Asked before each subscription: a web page can hand us a feed: link. */
  confirmSubscribe(url: string): Promise<boolean>
  subscribe(url: string): Promise<OpenOutcome>
  showError(title: string, message: string): void
}

/**
 * Files imported, then feeds subscribed to (each asked for); one failure is told in a
 * dialog and the rest go on. A file is read as `offprint import` reads it
 * (readImportFile): a regular file only, its size bounded while reading, so a FIFO
 * or a device named like a feed never blocks the app while it holds the library.
 */
export async function openTargets(targets: OpenTargets, actions: OpenActions, readFile: (path: string) => Promise<Uint8Array> = readImportFile): Promise<void> {
  for (const file of targets.files) {
    let content: Uint8Array
    try {
      content = await readFile(file)
    } catch (err) {
      actions.showError('Could not open the file', err instanceof Error ? err.message : String(err))
      continue
    }
    const result = await actions.importFile(basename(file), content)
    if (!result.ok) actions.showError('Could not open the file', result.message)
  }
  for (const url of targets.urls) {
    if (!(await actions.confirmSubscribe(url))) continue
    const result = await actions.subscribe(url)
    if (!result.ok) actions.showError('Could not subscribe', result.message)
  }
}

/** The part of Electron's app that registers URL scheme handlers. */
export interface ProtocolClientApp {
  isPackaged: boolean
  isDefaultProtocolClient(protocol: string): boolean
  setAsDefaultProtocolClient(protocol: string): boolean
  getApplicationNameForProtocol(url: string): string
}

/**
 * Windows: the NSIS installer registers no URL schemes (macOS gets feed: from
 * Info.plist, Linux from the desktop entry), so the packaged app claims feed: at
 * start, but only while no other app has it: taking a reader's links away from it
 * unasked would be rude. Development builds never register the bare Electron binary.
 */
export function claimFeedProtocol(app: ProtocolClientApp, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'win32' || !app.isPackaged) return false
  if (app.isDefaultProtocolClient('feed')) return true
  if (app.getApplicationNameForProtocol('feed://example.com/') !== '') return false
  return app.setAsDefaultProtocolClient('feed')
}
