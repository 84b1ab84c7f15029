// Opening from outside the app: "Open With" files and feed: links arriving in a
// command line (Windows, Linux, second launches) or as macOS open-file/open-url
// events, held until the library is open, and the Windows feed: registration.
import { describe, expect, it, vi } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { App } from 'electron'
import {
  claimFeedProtocol,
  createOpenQueue,
  listenForOpenRequests,
  openableUrl,
  openTargets,
  parseOpenTargets,
  type OpenActions,
  type OpenEventSource,
  type OpenTargets,
  type ProtocolClientApp,
} from '../../../../main/desktop/open-targets'
import { tempDir } from '../../../helpers/tmp'

// Compile-time only: Electron's real app fits the interfaces (tsc checks this file).
export const electronAppFits = (app: App): [OpenEventSource, ProtocolClientApp] => [app, app]

function folderWith(...names: string[]): string {
  const dir = tempDir()
  for (const name of names) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), '<opml/>')
  }
  return dir
}

describe('command line', () => {
  it('keeps existing feed, OPML and page files, resolved against the launching cwd', () => {
    const dir = folderWith('subs.opml', 'news.xml', 'a.rss', 'b.atom', 'c.json', 'saved/page.html', 'old.HTM')
    const argv = ['/opt/Offprint/offprint', 'subs.opml', 'news.xml', 'a.rss', 'b.atom', 'c.json', 'saved/page.html', 'old.HTM']
    expect(parseOpenTargets(argv, dir)).toEqual({
      files: ['subs.opml', 'news.xml', 'a.rss', 'b.atom', 'c.json', 'saved/page.html', 'old.HTM'].map((n) => join(dir, n)),
      urls: [],
    })
  })

  it('drops files that do not exist, folders, and other kinds of file', () => {
    const dir = folderWith('notes.txt', 'photo.png', 'real.opml')
    mkdirSync(join(dir, 'folder.opml'))
    const targets = parseOpenTargets(['offprint', 'missing.opml', 'notes.txt', 'photo.png', 'folder.opml', 'real.opml'], dir)
    expect(targets).toEqual({ files: [join(dir, 'real.opml')], urls: [] })
  })

  it('ignores the executable, the app path, Chromium/Electron switches and the value of --data', () => {
    const dir = folderWith('subs.opml', 'exe.opml', 'data.opml', 'index.js')
    const argv = [
      'exe.opml', // argv[0] is the executable, whatever its name
      '.', // the app path in development: a folder
      join(dir, 'index.js'),
      '--allow-file-access-from-files',
      '--original-process-start-time=13370000000000000',
      '--enable-features=Foo',
      '-psn_0_12345',
      '--data',
      'data.opml', // the data folder's value, not a file to open
      'subs.opml',
    ]
    expect(parseOpenTargets(argv, dir)).toEqual({ files: [join(dir, 'subs.opml')], urls: [] })
  })

  it('takes everything after -- as an argument, even a name starting with a dash', () => {
    const dir = folderWith('-odd.opml')
    expect(parseOpenTargets(['offprint', '--', '-odd.opml'], dir).files).toEqual([join(dir, '-odd.opml')])
  })

  it('accepts file:// URLs, as Linux file managers pass them for %U', () => {
    const dir = folderWith('My Feeds.opml')
    const url = pathToFileURL(join(dir, 'My Feeds.opml')).href
    expect(url).toContain('My%20Feeds')
    expect(parseOpenTargets(['offprint', url], '/').files).toEqual([join(dir, 'My Feeds.opml')])
  })

  it('lists a target once however often it is given', () => {
    const dir = folderWith('subs.opml')
    const targets = parseOpenTargets(['offprint', 'subs.opml', join(dir, 'subs.opml'), 'feed://a.example/rss', 'feed:https://a.example/rss'], dir)
    expect(targets).toEqual({ files: [join(dir, 'subs.opml')], urls: ['https://a.example/rss'] })
  })

  it('turns feed: links into web addresses and keeps plain http(s) ones', () => {
    const targets = parseOpenTargets(
      ['offprint', 'feed://news.example/rss.xml', 'feed:https://blog.example/atom', 'feed:http://old.example/feed', 'FEED://caps.example/x', 'https://site.example/'],
      '/',
    )
    expect(targets.urls).toEqual(['https://news.example/rss.xml', 'https://blog.example/atom', 'http://old.example/feed', 'https://caps.example/x', 'https://site.example/'])
  })
})

describe('feed: addresses', () => {
  it('reads the forms found in the wild', () => {
    expect(openableUrl('feed://example.com/feed?format=rss')).toBe('https://example.com/feed?format=rss')
    expect(openableUrl('feed://https://example.com/feed')).toBe('https://example.com/feed')
    expect(openableUrl('feed://http://example.com/feed')).toBe('http://example.com/feed')
    expect(openableUrl('feed:https://example.com/a%20b')).toBe('https://example.com/a%20b')
    expect(openableUrl('  feed://example.com/  ')).toBe('https://example.com/')
  })

  it('refuses what is not a web address, or carries credentials, or is absurdly long', () => {
    for (const bad of [
      'feed:javascript:alert(1)',
      'feed:file:///etc/passwd',
      'feed:example.com/rss',
      'feed:',
      'feed://',
      'feed://user:secret@example.com/rss',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'mailto:a@example.com',
      'ftp://example.com/feed',
      `feed://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(openableUrl(bad), bad).toBeNull()
    }
  })
})

describe('macOS open-file and open-url', () => {
  function fakeApp() {
    const listeners = new Map<string, (event: { preventDefault(): void }, value: string) => void>()
    return {
      app: { on: (event: string, fn: (event: { preventDefault(): void }, value: string) => void) => listeners.set(event, fn) } as OpenEventSource,
      send(event: 'open-file' | 'open-url', value: string) {
        const e = { claimed: false, preventDefault() { this.claimed = true } }
        listeners.get(event)!(e, value)
        return e.claimed
      },
    }
  }

  it('delivers a Finder "Open With" file and a clicked feed: link, claiming them', () => {
    const dir = folderWith('subs.opml')
    const got: OpenTargets[] = []
    const f = fakeApp()
    listenForOpenRequests(f.app, (t) => got.push(t))
    expect(f.send('open-file', join(dir, 'subs.opml'))).toBe(true)
    expect(f.send('open-url', 'feed://news.example/rss')).toBe(true)
    expect(got).toEqual([
      { files: [join(dir, 'subs.opml')], urls: [] },
      { files: [], urls: ['https://news.example/rss'] },
    ])
  })

  it('leaves what it cannot open unclaimed, so macOS can say so', () => {
    const dir = folderWith('photo.png')
    const deliver = vi.fn()
    const f = fakeApp()
    listenForOpenRequests(f.app, deliver)
    expect(f.send('open-file', join(dir, 'photo.png'))).toBe(false)
    expect(f.send('open-file', join(dir, 'gone.opml'))).toBe(false)
    expect(f.send('open-url', 'feed:javascript:alert(1)')).toBe(false)
    expect(deliver).not.toHaveBeenCalled()
  })
})

describe('open queue', () => {
  it('holds requests until the library is open, then hands them over once, merged', () => {
    const onOpen = vi.fn()
    const queue = createOpenQueue(onOpen)
    queue.add({ files: ['/a.opml'], urls: [] })
    queue.add({ files: ['/a.opml', '/b.html'], urls: ['https://x.example/rss'] })
    queue.add({ files: [], urls: [] })
    expect(onOpen).not.toHaveBeenCalled()
    queue.ready()
    expect(onOpen).toHaveBeenCalledTimes(1)
    expect(onOpen).toHaveBeenCalledWith({ files: ['/a.opml', '/b.html'], urls: ['https://x.example/rss'] })
    queue.add({ files: ['/c.opml'], urls: [] })
    expect(onOpen).toHaveBeenLastCalledWith({ files: ['/c.opml'], urls: [] })
    queue.ready()
    expect(onOpen).toHaveBeenCalledTimes(2)
  })

  it('calls onOpen not at all when nothing was asked for', () => {
    const onOpen = vi.fn()
    createOpenQueue(onOpen).ready()
    expect(onOpen).not.toHaveBeenCalled()
  })

  it('reports a failing import instead of throwing into Electron', async () => {
    const onError = vi.fn()
    const queue = createOpenQueue(async () => {
      throw new Error('not a feed')
    }, onError)
    queue.ready()
    queue.add({ files: ['/bad.xml'], urls: [] })
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'not a feed' })))
  })
})

describe('opening what was asked for', () => {
  function fakeActions(confirm = true) {
    const calls: string[] = []
    const actions: OpenActions = {
      importFile: async (name, content) => (calls.push(`import ${name} ${Buffer.from(content).toString()}`), { ok: true }),
      confirmSubscribe: async (url) => (calls.push(`ask ${url}`), confirm),
      subscribe: async (url) => (calls.push(`subscribe ${url}`), url.includes('bad') ? { ok: false, message: `No feed found at ${url}` } : { ok: true }),
      showError: (title, message) => void calls.push(`error ${title}: ${message}`),
    }
    return { actions, calls }
  }

  it('imports each file with the import reader, then subscribes to each address once asked', async () => {
    const dir = folderWith('subs.opml')
    const f = fakeActions()
    await openTargets({ files: [join(dir, 'subs.opml')], urls: ['https://news.example/rss', 'https://bad.example/rss'] }, f.actions)
    expect(f.calls).toEqual([
      'import subs.opml <opml/>',
      'ask https://news.example/rss',
      'subscribe https://news.example/rss',
      'ask https://bad.example/rss',
      'subscribe https://bad.example/rss',
      'error Could not subscribe: No feed found at https://bad.example/rss',
    ])
    const declined = fakeActions(false)
    await openTargets({ files: [], urls: ['https://news.example/rss'] }, declined.actions)
    expect(declined.calls).toEqual(['ask https://news.example/rss'])
  })

  it.runIf(process.platform === 'linux')(
    'refuses a FIFO or a device named like a feed at once, in a dialog naming it, and opens the rest',
    { timeout: 5000 },
    async () => {
      // A FIFO is not a regular file when the command line is parsed; it may become one
      // (or a file be swapped for one) before it is read, so the reader checks again.
      const dir = folderWith('subs.opml')
      const fifo = join(dir, 'feed.xml')
      execFileSync('mkfifo', [fifo])
      expect(parseOpenTargets(['offprint', fifo, 'subs.opml'], dir).files).toEqual([join(dir, 'subs.opml')])
      const f = fakeActions()
      const started = performance.now()
      await openTargets({ files: [fifo, '/dev/zero', join(dir, 'subs.opml')], urls: [] }, f.actions)
      expect(f.calls).toEqual([
        `error Could not open the file: ${fifo} is a pipe (FIFO), not a file`,
        'error Could not open the file: /dev/zero is a device, not a file',
        'import subs.opml <opml/>',
      ])
      expect(performance.now() - started).toBeLessThan(1000)
    },
  )
})

describe('feed: registration on Windows', () => {
  function fakeApp(over: Partial<ProtocolClientApp> & { owner?: string } = {}) {
    const registered: string[] = []
    const app: ProtocolClientApp = {
      isPackaged: true,
      isDefaultProtocolClient: () => false,
      getApplicationNameForProtocol: () => over.owner ?? '',
      setAsDefaultProtocolClient: (p) => (registered.push(p), true),
      ...over,
    }
    return { app, registered }
  }

  it('claims feed: when no other app has it', () => {
    const f = fakeApp()
    expect(claimFeedProtocol(f.app, 'win32')).toBe(true)
    expect(f.registered).toEqual(['feed'])
  })

  it('never takes feed: from another reader, and never registers a development build', () => {
    const other = fakeApp({ owner: 'Another Reader' })
    expect(claimFeedProtocol(other.app, 'win32')).toBe(false)
    const dev = fakeApp({ isPackaged: false })
    expect(claimFeedProtocol(dev.app, 'win32')).toBe(false)
    expect([...other.registered, ...dev.registered]).toEqual([])
  })

  it('leaves macOS and Linux to their installers', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const f = fakeApp()
      expect(claimFeedProtocol(f.app, platform)).toBe(false)
      expect(f.registered).toEqual([])
    }
  })
})
