// The renderer's security boundary, written against the few electron objects it
// touches so every choice here is unit-tested with fakes (tests/unit/glue).
// Electron security checklist: isolation, sandbox, no Node, no navigation, no new
// windows, no permissions, no webviews, no network from the renderer.
import { externalUrl } from '../core/base/url'
import { APP_HOST, APP_SCHEME } from './protocol'

export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  } as const
}

export function isAppUrl(url: string): boolean {
  try {
    // Not URL.origin: for a scheme Node does not know as "special" it is 'null'.
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}

/** The part of WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url?: string }, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * Navigation away from the app and new windows are refused; a web address the
 * user clicked goes to the system browser instead.
 */
export function guardContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return
    event.preventDefault()
    const safe = externalUrl(url)
    if (safe) openExternal(safe)
  }
  contents.on('will-navigate', refuse)
  contents.on('will-redirect', refuse)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const safe = externalUrl(url)
    if (safe) openExternal(safe)
    return { action: 'deny' }
  })
}

/** The part of Session the guards use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void
  }
}

/** No permission is ever granted, and the renderer cannot reach the network at all. */
export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  )
}
