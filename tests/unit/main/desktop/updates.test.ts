// Update checks: off without a release feed, never offline, and nothing downloaded
// or installed unless the user says yes. Checked with a fake electron-updater.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppUpdater } from 'electron-updater'
import { createUpdateService, updateFeed, type UpdateFeed, type UpdaterLike, type UpdateServiceOptions } from '../../../../main/desktop/updates'

// Compile-time only: electron-updater's autoUpdater fits the interface (tsc checks this file).
export const electronUpdaterFits = (u: AppUpdater): UpdaterLike => u

class FakeUpdater implements UpdaterLike {
  autoDownload = true // electron-updater's defaults, which the service must turn off
  autoInstallOnAppQuit = true
  allowPrerelease = true
  allowDowngrade = true
  feedUrls: unknown[] = []
  checks = 0
  downloads = 0
  installs = 0
  constructor(
    private readonly latest: string | null,
    private readonly failWith?: Error,
  ) {}
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feedUrls.push(options)
  }
  async checkForUpdates() {
    this.checks++
    if (this.failWith) throw this.failWith
    // A download with autoDownload on would start here: the service must have turned it off.
    if (this.autoDownload) this.downloads++
    return { isUpdateAvailable: this.latest !== null, updateInfo: { version: this.latest ?? '0.1.0' } }
  }
  async downloadUpdate() {
    this.downloads++
    return []
  }
  quitAndInstall() {
    this.installs++
  }
}

function service(over: Partial<UpdateServiceOptions> & { updater?: FakeUpdater; online?: boolean } = {}) {
  const updater = over.updater ?? new FakeUpdater('1.2.0')
  const loadUpdater = vi.fn(async () => updater)
  const confirmDownload = vi.fn(async () => true)
  const confirmRestart = vi.fn(async () => false)
  const s = createUpdateService({
    feed: { kind: 'url', url: 'https://releases.example/offprint/' },
    isOnline: () => over.online ?? true,
    loadUpdater,
    confirmDownload,
    confirmRestart,
    ...over,
  })
  return { s, updater, loadUpdater, confirmDownload, confirmRestart }
}

describe('which feed', () => {
  const packaged = { isPackaged: true, resourcesPath: '/opt/Offprint/resources', warn: () => {} }

  it('none by default: the shipped build has no publish setting and no variable', () => {
    expect(updateFeed({ ...packaged, env: {}, exists: () => false })).toBeNull()
  })

  it('electron-builder’s publish setting, seen as app-update.yml in the resources', () => {
    const seen: string[] = []
    expect(updateFeed({ ...packaged, env: {}, exists: (p) => (seen.push(p), p === '/opt/Offprint/resources/app-update.yml') })).toEqual({ kind: 'publish' })
    expect(seen).toEqual(['/opt/Offprint/resources/app-update.yml'])
  })

  it('OFFPRINT_UPDATE_URL, over https (or http on this machine, for testing a feed)', () => {
    expect(updateFeed({ ...packaged, env: { OFFPRINT_UPDATE_URL: 'https://releases.example/offprint' }, exists: () => false })).toEqual({
      kind: 'url',
      url: 'https://releases.example/offprint',
    })
    expect(updateFeed({ ...packaged, env: { OFFPRINT_UPDATE_URL: 'http://127.0.0.1:8080/' }, exists: () => false })).toEqual({ kind: 'url', url: 'http://127.0.0.1:8080/' })
  })

  it('refuses a plain-http or malformed OFFPRINT_UPDATE_URL, saying why', () => {
    for (const bad of ['http://releases.example/', 'ftp://releases.example/', 'not a url', 'file:///tmp/feed']) {
      const warn = vi.fn()
      expect(updateFeed({ ...packaged, warn, env: { OFFPRINT_UPDATE_URL: bad }, exists: () => true }), bad).toBeNull()
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('OFFPRINT_UPDATE_URL'))
    }
  })

  it('never in development, whatever is configured', () => {
    expect(updateFeed({ isPackaged: false, resourcesPath: '/r', env: { OFFPRINT_UPDATE_URL: 'https://releases.example/' }, exists: () => true })).toBeNull()
  })
})

describe('update service', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('without a feed: reports disabled and never loads electron-updater', async () => {
    const { s, loadUpdater } = service({ feed: null })
    expect(s.enabled).toBe(false)
    expect(await s.check('user')).toEqual({ state: 'disabled' })
    expect(await s.check('auto')).toEqual({ state: 'disabled' })
    expect(loadUpdater).not.toHaveBeenCalled()
  })

  it('offline: does not check at all', async () => {
    const { s, updater, loadUpdater } = service({ online: false })
    expect(await s.check('user')).toEqual({ state: 'offline' })
    expect(loadUpdater).not.toHaveBeenCalled()
    expect(updater.checks).toBe(0)
  })

  it('configures the updater never to download or install by itself, and points it at the feed', async () => {
    const { s, updater } = service({ updater: new FakeUpdater(null) })
    expect(await s.check()).toEqual({ state: 'up-to-date' })
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowPrerelease: false, allowDowngrade: false })
    expect(updater.feedUrls).toEqual([{ provider: 'generic', url: 'https://releases.example/offprint/' }])
    expect(updater.downloads).toBe(0)
  })

  it('uses the built-in feed when publish is configured', async () => {
    const { s, updater } = service({ feed: { kind: 'publish' } satisfies UpdateFeed, updater: new FakeUpdater(null) })
    await s.check()
    expect(updater.feedUrls).toEqual([])
    expect(updater.checks).toBe(1)
  })

  it('asks before downloading; a no means nothing is downloaded or installed', async () => {
    const { s, updater, confirmDownload, confirmRestart } = service()
    confirmDownload.mockResolvedValueOnce(false)
    expect(await s.check('user')).toEqual({ state: 'declined', version: '1.2.0' })
    expect(confirmDownload).toHaveBeenCalledWith({ version: '1.2.0' })
    expect(updater.downloads).toBe(0)
    expect(confirmRestart).not.toHaveBeenCalled()
    expect(updater.installs).toBe(0)
    expect(updater.autoInstallOnAppQuit).toBe(false)
  })

  it('an automatic check does not ask again about a version turned down; the menu does', async () => {
    const { s, confirmDownload } = service()
    confirmDownload.mockResolvedValue(false)
    await s.check('auto')
    await s.check('auto')
    expect(confirmDownload).toHaveBeenCalledTimes(1)
    await s.check('user')
    expect(confirmDownload).toHaveBeenCalledTimes(2)
  })

  it('a yes downloads; restarting is a second question, and "later" installs at quit', async () => {
    const later = service()
    expect(await later.s.check()).toEqual({ state: 'downloaded', version: '1.2.0', restarting: false })
    expect(later.updater.downloads).toBe(1)
    expect(later.updater.installs).toBe(0)
    expect(later.updater.autoInstallOnAppQuit).toBe(true)

    const now = service({ confirmRestart: async () => true })
    expect(await now.s.check()).toEqual({ state: 'downloaded', version: '1.2.0', restarting: true })
    expect(now.updater.installs).toBe(1)
  })

  it('does not download if the connection went away while the user was deciding', async () => {
    let online = true
    const { s, updater } = service({ isOnline: () => online, confirmDownload: async () => ((online = false), true) })
    expect(await s.check()).toEqual({ state: 'offline' })
    expect(updater.downloads).toBe(0)
  })

  it('runs one check at a time', async () => {
    const { s, updater } = service({ updater: new FakeUpdater(null) })
    const [a, b] = await Promise.all([s.check(), s.check()])
    expect(a).toEqual(b)
    expect(updater.checks).toBe(1)
  })

  it('turns a failing check into a status, and can try again', async () => {
    const failing = new FakeUpdater(null, new Error('net::ERR_NAME_NOT_RESOLVED'))
    const { s } = service({ updater: failing })
    expect(await s.check()).toEqual({ state: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' })
    expect(await s.check()).toEqual({ state: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' })
    expect(failing.checks).toBe(2)
  })

  it('schedules automatic checks only with a feed, and skips them while offline', async () => {
    vi.useFakeTimers()
    let online = false
    const { s, updater } = service({ isOnline: () => online, updater: new FakeUpdater(null) })
    const stop = s.schedule(1000, 60_000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(updater.checks).toBe(0)
    online = true
    await vi.advanceTimersByTimeAsync(60_000)
    expect(updater.checks).toBe(1)
    stop()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(updater.checks).toBe(1)

    const off = service({ feed: null })
    off.s.schedule(1000, 1000)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(off.loadUpdater).not.toHaveBeenCalled()
  })
})
