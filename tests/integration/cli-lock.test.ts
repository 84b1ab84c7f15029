// The app (here `offprint serve`) and the command line on one library: a command that
// would write beside a running app is refused, so neither loses what the other saved.
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import * as tar from 'tar'
import { tempDir } from '../helpers/tmp'
import { cliSource, serveChildren } from '../helpers/serve-child'

const cli = cliSource
const offprint = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The same, without blocking this process: for commands that fetch from a server it runs. */
function offprintAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    proc.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `offprint serve` on the folder and resolves once it is listening. */
const serve = serveChildren()

/** A feed with one story, on 127.0.0.1. */
async function feedServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Lighthouse Notes</title><link>http://${req.headers.host}/</link>` +
        `<item><title>The keeper's logbook</title><link>http://${req.headers.host}/keeper</link><guid>keeper</guid>` +
        `<description>Every night the lamp was lit at dusk and the fog signal sounded until the gale passed.</description></item></channel></rss>`,
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => proc.once('exit', () => resolve()))

describe('one program at a time on a library', () => {
  it('while the app runs, reading and notes go through it; what would write beside it is refused; it works again once the app has stopped or died', async () => {
    const data = tempDir()
    const [article] = JSON.parse(offprint('--data', data, 'list', '--json', '--limit', '1').stdout) as { id: string }[]
    const id = article!.id
    const backup = join(tempDir(), 'library.offprint')
    expect(offprint('--data', data, 'backup', backup).code).toBe(0)
    const app = await serve(data)

    // Through the running app, which stays the library's one writer.
    const added = offprint('--data', data, 'comment', 'add', id, '--name', 'Ada', '--text', 'Beside the app.', '--json')
    expect(added.code, added.stderr).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'Ada', text: 'Beside the app.' })
    const quote = (JSON.parse(offprint('--data', data, 'show', id, '--json').stdout) as { text: string }).text.slice(0, 40).trim()
    expect(offprint('--data', data, 'highlight', 'add', id, '--quote', quote).code).toBe(0)
    expect(JSON.parse(offprint('--data', data, 'search', 'seagrass', '--json').stdout).length).toBeGreaterThan(0)
    expect(JSON.parse(offprint('--data', data, 'list', '--json', '--limit', '3').stdout)).toHaveLength(3)
    expect(offprint('--data', data, 'notes', 'export', '--format', 'md').stdout).toContain('Beside the app.')
    expect(JSON.parse(offprint('--data', data, 'feeds', '--json').stdout).length).toBeGreaterThanOrEqual(4)
    expect(offprint('--data', data, 'export-opml', '-').stdout).toContain('<opml')

    // Bringing articles in, through the app too: a subscription, a refresh, a saved page.
    const feeds = await feedServer()
    try {
      const sub = await offprintAsync('--data', data, 'subscribe', `${feeds.origin}/feed.xml`, '--folder', 'Coast', '--json')
      expect(sub.code, sub.stderr).toBe(0)
      const feed = JSON.parse(sub.stdout) as { id: string; title: string; folder: string; added: number; url: string }
      expect(feed).toMatchObject({ title: 'Lighthouse Notes', folder: 'Coast', added: 1, url: `${feeds.origin}/feed.xml` })
      const refreshed = await offprintAsync('--data', data, 'refresh', feed.id, '--json')
      expect(refreshed.code, refreshed.stderr).toBe(0)
      expect(JSON.parse(refreshed.stdout)).toMatchObject({ feeds: 1, failed: [] })
      expect(refreshed.stderr).toContain('its window shows the progress')
    } finally {
      await feeds.close()
    }
    const page = join(tempDir(), 'breakwater.html')
    writeFileSync(page, `<!doctype html><html><head><title>Building the breakwater</title></head><body><article><h1>Building the breakwater</h1>${'<p>Granite blocks were quarried on the headland and rolled to the shore on logs, then set by hand.</p>'.repeat(8)}</article></body></html>`)
    const imported = offprint('--data', data, 'import', page, join(data, 'missing.html'), '--json')
    expect(imported.code).toBe(1)
    expect(JSON.parse(imported.stdout)).toEqual([{ id: expect.any(String), title: 'Building the breakwater' }])
    expect(imported.stderr).toBe(`offprint import: ${join(data, 'missing.html')}: no such file\n`)

    for (const args of [['restore', backup], ['serve'], ['stats'], ['backup', backup]]) {
      const r = offprint('--data', data, ...args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^offprint \\w+: This library is open in offprint serve \\(process ${app.pid}\\)\\. Close it first`))
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }

    // Stopped as a user stops it: the lock and the socket go with it, and the notes it
    // wrote for the command line are in the library.
    app.kill('SIGTERM')
    await exited(app)
    expect(existsSync(join(data, 'offprint.lock'))).toBe(false)
    expect(existsSync(join(data, 'offprint.sock'))).toBe(false)
    expect(offprint('--data', data, 'comment', 'add', id, '--name', 'Ada', '--text', 'After the app.').code).toBe(0)

    // Killed outright: its lock stays behind, and is taken over.
    const crashed = await serve(data)
    crashed.kill('SIGKILL')
    await exited(crashed)
    expect(existsSync(join(data, 'offprint.lock'))).toBe(true)
    const r = offprint('--data', data, 'comment', 'list', id, '--json')
    expect(r.code, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as { text: string }[]).map((c) => c.text)).toEqual(['Beside the app.', 'After the app.'])
    expect(JSON.parse(offprint('--data', data, 'highlight', 'list', id, '--json').stdout)).toHaveLength(1)

    // What the killed app left (its socket) is not carried into a backup.
    expect(existsSync(join(data, 'offprint.sock'))).toBe(true)
    const after = join(tempDir(), 'after.offprint')
    expect(offprint('--data', data, 'backup', after).code).toBe(0)
    const entries: string[] = []
    await tar.t({ file: after, onReadEntry: (e) => void entries.push(e.path) })
    expect(entries.some((e) => e.startsWith('notes/'))).toBe(true)
    expect(entries.filter((e) => /offprint\.(sock|lock)$/.test(e))).toEqual([])
  })
})
