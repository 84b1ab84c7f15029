// Update checks through electron-updater, held to three rules: off unless a release
// feed is configured (electron-builder's `publish`, which writes app-update.yml into
// the app's resources, or OFFPRINT_UPDATE_URL); never while offline; and nothing
// downloaded or installed without the user saying yes. An offline reader that
// phoned home unasked would break its own promise, so the default build has no
// feed and never loads the updater at all.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export type UpdateFeed = { kind: 'publish' } | { kind: 'url'; url: string }

export interface FeedOptions {
  isPackaged: boolean
  /** process.resourcesPath: where electron-builder puts app-update.yml. */
  resourcesPath?: string
  env?: Record<string, string | undefined>
  exists?: (path: string) => boolean
  warn?: (message: string) => void
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The configured release feed, or null: updates off. Development runs never update.
 * OFFPRINT_UPDATE_URL must be https (http only on this machine, for testing a feed):
 * a plain-http feed would let anyone on the path offer a "new version".
 */
export function updateFeed(options: FeedOptions): UpdateFeed | null {
  const { isPackaged, resourcesPath, env = process.env, exists = existsSync, warn = (m) => console.warn(`[offprint] ${m}`) } = options
  if (!isPackaged) return null
  const raw = env.OFFPRINT_UPDATE_URL?.trim()
  if (raw) {
    let url: URL | null = null
    try {
      url = new URL(raw)
    } catch {
      // reported below
    }
    if (url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))) return { kind: 'url', url: url.href }
    warn(`OFFPRINT_UPDATE_URL is not an https address (${raw}); update checks stay off.`)
    return null
  }
  if (resourcesPath && exists(join(resourcesPath, 'app-update.yml'))) return { kind: 'publish' }
  return null
}

export interface UpdateInfoLike {
  version: string
  releaseName?: string | null
  releaseNotes?: string | readonly { version: string; note: string | null }[] | null
}

/** The part of electron-updater's AppUpdater (autoUpdater) used here. */
export interface UpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowPrerelease: boolean
  allowDowngrade: boolean
  setFeedURL(options: { provider: 'generic'; url: string }): void
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: UpdateInfoLike } | null>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

export type UpdateStatus =
  | { state: 'disabled' }
  | { state: 'offline' }
  | { state: 'up-to-date' }
  | { state: 'declined'; version: string }
  | { state: 'downloaded'; version: string; restarting: boolean }
  | { state: 'error'; message: string }

/** 'user' when the user asked (menu); 'auto' for the checks at start and every few hours. */
export type CheckReason = 'user' | 'auto'

export interface UpdateServiceOptions {
  feed: UpdateFeed | null
  /** Loaded on the first check only: with updates off, electron-updater is never imported. */
  loadUpdater: () => Promise<UpdaterLike>
  /** Electron's net.isOnline(). */
  isOnline: () => boolean
  /** Ask before downloading: "Offprint 1.2 is available. Download it?" */
  confirmDownload: (info: UpdateInfoLike) => Promise<boolean>
  /** Ask once downloaded: restart now, or install when the app quits. */
  confirmRestart: (info: UpdateInfoLike) => Promise<boolean>
}

export interface UpdateService {
  readonly enabled: boolean
  check(reason?: CheckReason): Promise<UpdateStatus>
  /** Checks after delayMs, then every intervalMs; returns a function that stops it. */
  schedule(delayMs?: number, intervalMs?: number): () => void
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { feed } = options
  let updater: Promise<UpdaterLike> | null = null
  let running: Promise<UpdateStatus> | null = null
  // An automatic check does not ask again about a version the user turned down.
  const declined = new Set<string>()

  const configured = (): Promise<UpdaterLike> => {
    updater ??= options.loadUpdater().then((u) => {
      u.autoDownload = false
      u.autoInstallOnAppQuit = false
      u.allowPrerelease = false
      u.allowDowngrade = false
      if (feed?.kind === 'url') u.setFeedURL({ provider: 'generic', url: feed.url })
      return u
    })
    updater.catch(() => (updater = null))
    return updater
  }

  async function run(reason: CheckReason): Promise<UpdateStatus> {
    try {
      const u = await configured()
      const result = await u.checkForUpdates()
      if (!result?.isUpdateAvailable) return { state: 'up-to-date' }
      const info = result.updateInfo
      if (reason === 'auto' && declined.has(info.version)) return { state: 'declined', version: info.version }
      if (!(await options.confirmDownload(info))) {
        declined.add(info.version)
        return { state: 'declined', version: info.version }
      }
      if (!options.isOnline()) return { state: 'offline' }
      await u.downloadUpdate()
      // The user agreed to this version: if they do not restart now, it installs on quit.
      u.autoInstallOnAppQuit = true
      const restarting = await options.confirmRestart(info)
      if (restarting) u.quitAndInstall()
      return { state: 'downloaded', version: info.version, restarting }
    } catch (err) {
      return { state: 'error', message: err instanceof Error ? err.message : String(err) }
    }
  }

  const check = (reason: CheckReason = 'user'): Promise<UpdateStatus> => {
    if (!feed) return Promise.resolve({ state: 'disabled' })
    if (!options.isOnline()) return Promise.resolve({ state: 'offline' })
    running ??= run(reason).finally(() => (running = null))
    return running
  }

  return {
    enabled: feed !== null,
    check,
    schedule(delayMs = 60_000, intervalMs = 6 * 60 * 60 * 1000) {
      if (!feed) return () => {}
      let interval: ReturnType<typeof setInterval> | undefined
      const first = setTimeout(() => {
        void check('auto')
        interval = setInterval(() => void check('auto'), intervalMs)
      }, delayMs)
      return () => {
        clearTimeout(first)
        if (interval) clearInterval(interval)
      }
    },
  }
}
