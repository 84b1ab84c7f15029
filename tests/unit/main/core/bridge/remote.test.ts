// The running app's socket for the command line: the token is required, bad requests get
// typed errors, the socket is this user's alone, and note writes reach an open window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import net from 'node:net'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { connectRemote, socketPathFor, startRemote, type RemoteServer } from '../../../../../main/core/bridge/remote'
import { openSession, type Session } from '../../../../../main/core/bridge/session'
import type { Dispatch } from '../../../../../main/core/bridge/dispatch'
import { tempDir } from '../../../../helpers/tmp'

const open: (RemoteServer | Session)[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

const echo: Dispatch = async (channel, input) => ({ ok: true, data: { channel, input } })

/** Sends raw lines and collects what comes back until the server closes or `count` replies. */
function raw(path: string, lines: string[], count: number): Promise<unknown[]> {
  return new Promise((resolve) => {
    const socket = net.createConnection(path)
    const replies: unknown[] = []
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => {
      buffer += d
      for (let nl; (nl = buffer.indexOf('\n')) >= 0; buffer = buffer.slice(nl + 1)) replies.push(JSON.parse(buffer.slice(0, nl)))
      if (replies.length >= count) socket.end()
    })
    socket.on('close', () => resolve(replies))
    // The server may close while a refused request is still being sent.
    socket.on('error', () => {})
    socket.on('connect', () => socket.write(lines.join('')))
  })
}

describe('remote socket', () => {
  it('runs calls that carry the token, and refuses those that do not', async () => {
    const dir = tempDir()
    const server = await startRemote(dir, echo)
    open.push(server)
    expect(server.socket).toBe(join(dir, 'offprint.sock'))
    if (process.platform !== 'win32') expect(statSync(server.socket).mode & 0o777).toBe(0o600)

    const client = await connectRemote(server)
    expect(await client.dispatch('articles:get', { id: 'a' })).toEqual({ ok: true, data: { channel: 'articles:get', input: { id: 'a' } } })
    // Many at once, each answered to its own call.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => client.dispatch('articles:get', { id: `a${i}` })))
    expect(many.map((r) => (r.ok ? (r.data as { input: { id: string } }).input.id : null))).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`))
    client.close()

    const wrong = await connectRemote({ socket: server.socket, token: 'guess' })
    expect(await wrong.dispatch('notes:all', {})).toEqual({ ok: false, code: 'forbidden', message: 'Not authorized.' })
    expect(await raw(server.socket, ['not json\n'], 1)).toEqual([{ id: null, result: { ok: false, code: 'invalid_input', message: 'The request is not valid JSON.' } }])
    expect(await raw(server.socket, [JSON.stringify({ id: 7, channel: 'notes:all' }) + '\n'], 1)).toEqual([{ id: 7, result: { ok: false, code: 'forbidden', message: 'Not authorized.' } }])

    await server.close()
    open.pop()
    expect(existsSync(server.socket)).toBe(false)
    await expect(connectRemote(server)).rejects.toThrow()
  })

  it('answers a line of any other shape with an error and closes, and goes on serving', async () => {
    const server = await startRemote(tempDir(), echo)
    open.push(server)
    // Valid JSON that is not a request object threw before the token check and ended the program.
    for (const junk of ['null', '[]', '1', '"x"', 'true', '{"token":{"length":1}}', '[{"id":1}]']) {
      const replies = await raw(server.socket, [junk + '\n', JSON.stringify({ id: 2, token: server.token, channel: 'articles:get', input: {} }) + '\n'], 2)
      expect(replies[0], junk).toMatchObject({ id: null, result: { ok: false, code: expect.stringMatching(/invalid_input|forbidden/) } })
      // The connection is closed after the junk: the request that followed it is not run.
      expect(replies, junk).toHaveLength(1)
    }
    const client = await connectRemote(server)
    expect(await client.dispatch('articles:get', { id: 'after' })).toEqual({ ok: true, data: { channel: 'articles:get', input: { id: 'after' } } })
    client.close()
  })

  it('a dispatcher that throws is answered as a failure, not a crash', async () => {
    const server = await startRemote(tempDir(), async () => {
      throw new Error('boom')
    })
    open.push(server)
    const client = await connectRemote(server)
    expect(await client.dispatch('articles:get', { id: 'a' })).toMatchObject({ ok: false, code: 'failed' })
    client.close()
  })

  it('refuses a request larger than the bridge allows, without holding it in memory', async () => {
    const server = await startRemote(tempDir(), echo)
    open.push(server)
    const huge = 'x'.repeat(81 * 1024 * 1024)
    expect(await raw(server.socket, [huge], 1)).toEqual([{ id: null, result: { ok: false, code: 'invalid_input', message: 'The request is too large.' } }])
  })

  it('puts the socket in the temporary folder when the library path is too long for one', () => {
    const long = join(tempDir(), 'x'.repeat(120))
    const path = socketPathFor(long)
    if (process.platform === 'win32') expect(path).toMatch(/^\\\\\.\\pipe\\offprint-[0-9a-f]{16}$/)
    else {
      expect(path.startsWith(tmpdir())).toBe(true)
      expect(path.length).toBeLessThan(104)
      expect(socketPathFor(long)).toBe(path)
    }
  })

  describe.skipIf(process.platform === 'win32')('a socket in the temporary folder', () => {
    // Each case gets its own temporary folder (os.tmpdir() reads TMPDIR), so what it plants
    // there touches no one else's.
    let saved: string | undefined
    beforeEach(() => {
      saved = process.env.TMPDIR
      process.env.TMPDIR = tempDir('offprint-tmpdir-')
    })
    afterEach(() => {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    })
    const uid = process.getuid!()
    const longDir = () => join(tempDir(), 'x'.repeat(120))
    const isPrivate = (dir: string) => {
      const st = lstatSync(dir)
      return st.isDirectory() && st.uid === uid && (st.mode & 0o777) === 0o700
    }

    it('goes into a folder of this user alone (0700), not straight into the shared one', async () => {
      const tmp = process.env.TMPDIR!
      const path = socketPathFor(longDir())
      expect(dirname(path)).toBe(join(tmp, `offprint-${uid}`))
      expect(isPrivate(dirname(path))).toBe(true)
      const dataDir = longDir()
      mkdirSync(dataDir, { recursive: true })
      const server = await startRemote(dataDir, echo)
      open.push(server)
      expect(dirname(server.socket)).toBe(join(tmp, `offprint-${uid}`))
      const client = await connectRemote(server)
      expect(await client.dispatch('articles:get', { id: 'a' })).toMatchObject({ ok: true })
      client.close()
    })

    it('never uses a folder planted under that name: a link, one open to others, or (as root) one of another user', async () => {
      const tmp = process.env.TMPDIR!
      const planted = join(tmp, `offprint-${uid}`)
      const elsewhere = tempDir('offprint-squatter-')
      const plants: [string, () => void][] = [
        ['a link', () => symlinkSync(elsewhere, planted)],
        ['open to all', () => {
          mkdirSync(planted)
          chmodSync(planted, 0o777)
        }],
      ]
      if (uid === 0) {
        plants.push(['owned by another user', () => {
          mkdirSync(planted, { mode: 0o700 })
          chownSync(planted, 65534, 65534)
        }])
      }
      for (const [what, plant] of plants) {
        rmSync(planted, { recursive: true, force: true })
        plant()
        const dataDir = longDir()
        mkdirSync(dataDir, { recursive: true })
        const server = await startRemote(dataDir, echo)
        open.push(server)
        expect(dirname(server.socket), what).not.toBe(planted)
        expect(realpathSync(dirname(server.socket)).startsWith(realpathSync(elsewhere)), what).toBe(false)
        expect(isPrivate(dirname(server.socket)), what).toBe(true)
        expect(readdirSync(elsewhere), what).toEqual([])
        const client = await connectRemote(server)
        expect(await client.dispatch('articles:get', { id: 'a' }), what).toMatchObject({ ok: true })
        client.close()
      }
    })
  })

  it('in a session: announced in the lock file, and a note written through it tells the open window', async () => {
    const dataDir = tempDir()
    const session = await openSession({ dataDir, sample: false, search: null, openExternal: async () => false })
    open.push(session)
    const lock = JSON.parse((await import('node:fs')).readFileSync(join(dataDir, 'offprint.lock'), 'utf8')) as { socket: string; token: string }
    expect(lock.socket).toBe(join(dataDir, 'offprint.sock'))
    expect(lock.token).toMatch(/^[\w-]{43}$/)
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'offprint.lock')).mode & 0o777).toBe(0o600)

    const [article] = (await session.library.addArticles(null, [{ guid: 'g', url: 'https://x.example/a', title: 'A', html: '<p>Some words to read and think about.</p>' }])).added
    const reasons: string[] = []
    session.subscribe((event, payload) => event === 'library:changed' && reasons.push((payload as { reason: string }).reason))
    const client = await connectRemote(lock)
    expect(await client.dispatch('notes:get', { articleId: article!.id })).toMatchObject({ ok: true })
    expect(reasons).toEqual([])
    expect(await client.dispatch('notes:addComment', { articleId: article!.id, name: 'Ada', text: 'From the terminal.' })).toMatchObject({ ok: true })
    expect(reasons).toEqual(['notes'])
    client.close()
  })
})
