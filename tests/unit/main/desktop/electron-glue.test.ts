// The Electron glue's choices, checked through fakes of the electron objects it is
// given: window options, navigation and window-open guards, session guards, IPC
// registration and sender checks, and the app:// and offprint-media:// schemes.
import { describe, expect, it, vi } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { channelNames } from '../../../../common/contract'
import { guardContents, guardSession, secureWebPreferences } from '../../../../main/desktop/security'
import { isTrustedSender, registerIpc, type InvokeEvent } from '../../../../main/desktop/ipc'
import { appProtocolHandler, mediaProtocolHandler } from '../../../../main/desktop/protocol'
import { createMainWindow } from '../../../../main/desktop/windows'
import { CONTENT_SECURITY_POLICY } from '../../../../main/core/base/csp'
import { tempDir } from '../../../helpers/tmp'

describe('main window', () => {
  it('is created sandboxed, isolated, without Node, hidden until ready, on the app origin', () => {
    const made: { options: Record<string, unknown>; loaded: string[]; shown: boolean }[] = []
    class FakeWindow {
      webContents = { id: 7 }
      loaded: string[] = []
      shown = false
      ready?: () => void
      constructor(readonly options: Record<string, unknown>) {
        made.push(this as never)
      }
      once(_e: 'ready-to-show', fn: () => void) {
        this.ready = fn
      }
      show() {
        this.shown = true
      }
      async loadURL(url: string) {
        this.loaded.push(url)
      }
    }
    const win = createMainWindow(FakeWindow, '/app/preload/electron.cjs')
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/preload/electron.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    })
    expect(win.options.show).toBe(false)
    expect(win.loaded).toEqual(['app://offprint/index.html'])
    win.ready!()
    expect(win.shown).toBe(true)
    expect(made).toHaveLength(1)
  })

  it('web preferences never enable Node or turn the sandbox off', () => {
    const prefs = secureWebPreferences('/p.cjs')
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
  })
})

describe('navigation guards', () => {
  function fakeContents() {
    const listeners: Record<string, (event: { preventDefault(): void }, url: string) => void> = {}
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined
    return {
      contents: {
        on: (event: string, fn: (event: { preventDefault(): void }, url: string) => void) => {
          listeners[event] = fn
        },
        setWindowOpenHandler: (fn: typeof openHandler) => {
          openHandler = fn
        },
      },
      navigate(event: string, url: string) {
        const e = { prevented: false, preventDefault() { this.prevented = true } }
        listeners[event]!(e, url)
        return e.prevented
      },
      open: (url: string) => openHandler!({ url }),
    }
  }

  it('refuses navigation away from the app and sends web links to the system browser', () => {
    const opened: string[] = []
    const f = fakeContents()
    guardContents(f.contents as never, (u) => opened.push(u))
    expect(f.navigate('will-navigate', 'https://news.example/story')).toBe(true)
    expect(f.navigate('will-navigate', 'javascript:alert(1)')).toBe(true)
    expect(f.navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(f.navigate('will-redirect', 'http://evil.example/')).toBe(true)
    expect(f.navigate('will-navigate', 'app://offprint/index.html')).toBe(false)
    expect(f.navigate('will-attach-webview', 'about:blank')).toBe(true)
    expect(opened).toEqual(['https://news.example/story', 'http://evil.example/'])
  })

  it('denies every new window, opening only web addresses outside', () => {
    const opened: string[] = []
    const f = fakeContents()
    guardContents(f.contents as never, (u) => opened.push(u))
    expect(f.open('https://news.example/a')).toEqual({ action: 'deny' })
    expect(f.open('file:///home/user/.ssh/id_rsa')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://news.example/a'])
  })

  it('denies permissions and cancels every network request from the renderer', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | undefined
    let check: ((c: unknown, p: string) => boolean) | undefined
    let filter: { urls: string[] } | undefined
    let onRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined
    guardSession({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      webRequest: { onBeforeRequest: (f, l) => ((filter = f), (onRequest = l)) },
    })
    const granted = vi.fn()
    request!(null, 'geolocation', granted)
    expect(granted).toHaveBeenCalledWith(false)
    expect(check!(null, 'notifications')).toBe(false)
    expect(filter!.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*']))
    const answer = vi.fn()
    onRequest!({ url: 'https://tracker.example/pixel.gif' }, answer)
    expect(answer).toHaveBeenCalledWith({ cancel: true })
  })
})

describe('IPC', () => {
  const event = (over: Partial<InvokeEvent['senderFrame'] & { id: number }> = {}): InvokeEvent => ({
    sender: { id: over.id ?? 1 },
    senderFrame: { url: over.url ?? 'app://offprint/index.html', parent: over.parent ?? null },
  })

  it('registers exactly one handler per contract channel, and removes them all', async () => {
    const handlers = new Map<string, (e: InvokeEvent, input: unknown) => Promise<unknown>>()
    const dispatch = vi.fn(async (channel: string) => ({ ok: true as const, data: channel }))
    const remove = registerIpc({ handle: (c, h) => handlers.set(c, h), removeHandler: (c) => handlers.delete(c) }, dispatch, new Set([1]))
    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort())
    expect(await handlers.get('articles:list')!(event(), { limit: 5 })).toEqual({ ok: true, data: 'articles:list' })
    expect(dispatch).toHaveBeenCalledWith('articles:list', { limit: 5 })
    remove()
    expect(handlers.size).toBe(0)
  })

  it('refuses messages from other windows, subframes and other origins before any handler runs', async () => {
    const handlers = new Map<string, (e: InvokeEvent, input: unknown) => Promise<unknown>>()
    const dispatch = vi.fn()
    registerIpc({ handle: (c, h) => handlers.set(c, h), removeHandler: () => {} }, dispatch, new Set([1]))
    const call = (e: InvokeEvent) => handlers.get('settings:get')!(e, undefined)
    for (const bad of [event({ id: 2 }), event({ parent: {} }), event({ url: 'https://evil.example/' }), event({ url: 'file:///x.html' })]) {
      expect(await call(bad)).toMatchObject({ ok: false, code: 'forbidden' })
    }
    expect(await call({ sender: { id: 1 }, senderFrame: null })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(dispatch).not.toHaveBeenCalled()
    expect(isTrustedSender(event(), new Set([1]))).toBe(true)
  })
})

describe('custom schemes', () => {
  it('app:// serves the renderer with the CSP and nothing outside its folder', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Offprint</title>')
    writeFileSync(join(dir, '..', 'secret.txt'), 'secret')
    const handle = appProtocolHandler(dir)
    const ok = await handle(new Request('app://offprint/index.html'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await ok.text()).toContain('<title>Offprint</title>')
    expect((await handle(new Request('app://offprint/'))).status).toBe(200)
    expect((await handle(new Request('app://offprint/..%2Fsecret.txt'))).status).toBe(404)
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404)
  })

  it('offprint-media:// serves only names the media store recognizes', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'ab'))
    writeFileSync(join(dir, 'ab', 'abc.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const handle = mediaProtocolHandler((name) => (name === 'abc.png' ? join(dir, 'ab', 'abc.png') : null))
    const ok = await handle(new Request('offprint-media://m/abc.png'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/png')
    expect((await handle(new Request('offprint-media://m/..%2F..%2Fetc%2Fpasswd'))).status).toBe(404)
  })

  it('the CSP allows no inline or remote script and no remote images', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
  })
})
