// The running app's door for the command line.
//
// While the app (or `offprint serve`) has a library open it is the only program that may
// write it (folder-lock.ts). So that `offprint search`, `offprint comment add` and the
// like still work then, the app listens on a local socket (a Unix socket beside the
// library, or in a folder of this user's own in the temporary folder when that path
// is too long; a named pipe on Windows) and runs the same bridge calls the window makes,
// validated by the same dispatcher. Requests carry a random token that is written only
// in the lock file (readable by this user alone): another user of the machine can
// neither read it nor talk to the socket.
//
// One JSON object per line each way: {id, token, channel, input} → {id, result}.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { lstatSync, mkdirSync, mkdtempSync, promises as fs } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Result } from '../../../common/bridge'
import type { Dispatch } from './dispatch'

/** The largest request: a notes import or a page's content, base64, as the bridge allows. */
const MAX_LINE = 80 * 1024 * 1024
/** Unix socket paths are cut at 104 (macOS) or 108 (Linux) bytes. */
const MAX_SOCKET_PATH = 100

export interface RemoteAddress {
  socket: string
  token: string
}

export interface RemoteServer extends RemoteAddress {
  close(): Promise<void>
}

export function socketPathFor(dataDir: string): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  if (process.platform === 'win32') return `\\\\.\\pipe\\offprint-${hash}`
  const beside = join(dataDir, 'offprint.sock')
  return beside.length <= MAX_SOCKET_PATH ? beside : join(privateSocketDir(), `offprint-${hash}.sock`)
}

/**
 * A folder in the temporary folder that only this user can enter, for sockets whose path
 * beside the library would be too long. Its name is predictable, so another user may have
 * made it (or a link by that name) first: it is used only if it is a real folder, ours,
 * closed to everyone else; otherwise a new one with a random name is made (mkdtemp: 0700,
 * created atomically). In the sticky temporary folder no one else can then rename or
 * remove it under us.
 */
function privateSocketDir(): string {
  const uid = process.getuid!()
  const dir = join(tmpdir(), `offprint-${uid}`)
  try {
    mkdirSync(dir, { mode: 0o700 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const st = lstatSync(dir)
  if (st.isDirectory() && !st.isSymbolicLink() && st.uid === uid && (st.mode & 0o077) === 0) return dir
  return mkdtempSync(join(tmpdir(), `offprint-${uid}-`))
}

/** Reads newline-separated JSON from a socket, refusing a line over MAX_LINE. */
function onLines(socket: net.Socket, onLine: (line: string) => void, onTooLong: () => void): void {
  // Only each new chunk is searched for a newline: a long line costs its length, once.
  let parts: string[] = []
  let size = 0
  let refused = false
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    if (refused) return
    let from = 0
    for (let nl; (nl = chunk.indexOf('\n', from)) >= 0; from = nl + 1) {
      parts.push(chunk.slice(from, nl))
      const line = parts.join('')
      parts = []
      size = 0
      if (line.trim()) onLine(line)
    }
    const rest = chunk.slice(from)
    if (rest) {
      parts.push(rest)
      size += rest.length
    }
    if (size > MAX_LINE) {
      refused = true
      parts = []
      onTooLong()
    }
  })
}

export async function startRemote(dataDir: string, dispatch: Dispatch): Promise<RemoteServer> {
  const path = socketPathFor(dataDir)
  const token = randomBytes(32).toString('base64url')
  const expected = Buffer.from(token)
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    const reply = (id: unknown, result: Result<unknown>) => {
      if (!socket.destroyed) socket.write(JSON.stringify({ id, result }) + '\n')
    }
    onLines(
      socket,
      (line) => {
        // Anyone who can open the socket can send anything: whatever the line holds, it is
        // answered and, unless it is a request with the token, the connection is closed.
        const refuse = (id: unknown, result: Result<unknown>) => {
          reply(id, result)
          socket.end()
        }
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch {
          return refuse(null, { ok: false, code: 'invalid_input', message: 'The request is not valid JSON.' })
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          return refuse(null, { ok: false, code: 'invalid_input', message: 'The request is not a JSON object.' })
        }
        const req = parsed as { id?: unknown; token?: unknown; channel?: unknown; input?: unknown }
        const id = typeof req.id === 'number' || typeof req.id === 'string' ? req.id : null
        const given = Buffer.from(typeof req.token === 'string' ? req.token : '')
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return refuse(id, { ok: false, code: 'forbidden', message: 'Not authorized.' })
        }
        if (typeof req.channel !== 'string') return refuse(id, { ok: false, code: 'invalid_input', message: 'The request names no channel.' })
        dispatch(req.channel, req.input).then(
          (result) => reply(id, result),
          () => reply(id, { ok: false, code: 'failed', message: 'The request failed in the running Offprint.' }),
        )
      },
      () => {
        reply(null, { ok: false, code: 'invalid_input', message: 'The request is too large.' })
        socket.end()
      },
    )
  })
  // Only this program holds the library's lock, so a socket left at the path is a dead one's.
  if (process.platform !== 'win32') await fs.rm(path, { force: true })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => {
      server.off('error', reject)
      resolve()
    })
  })
  if (process.platform !== 'win32') await fs.chmod(path, 0o600)
  return {
    socket: path,
    token,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (process.platform !== 'win32') await fs.rm(path, { force: true })
    },
  }
}

export interface RemoteClient {
  dispatch: Dispatch
  close(): void
}

/** Connects to a running app's socket; rejects if nothing answers there. */
export function connectRemote(address: RemoteAddress, timeoutMs = 5_000): Promise<RemoteClient> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(address.socket)
    const pending = new Map<number, (r: Result<unknown>) => void>()
    let next = 1
    const fail = (message: string) => {
      for (const done of pending.values()) done({ ok: false, code: 'failed', message })
      pending.clear()
    }
    socket.once('error', (err) => reject(err))
    socket.on('close', () => fail('The running Offprint closed the connection.'))
    onLines(
      socket,
      (line) => {
        type Reply = { id?: unknown; result?: Result<unknown> } | null
        let reply: Reply = null
        try {
          reply = JSON.parse(line) as Reply
        } catch {
          // Not the app speaking: end every call rather than throw in the command.
        }
        const result = reply?.result
        if (typeof result !== 'object' || result === null || (typeof reply?.id !== 'number' && reply?.id !== null)) {
          fail('The running Offprint sent an answer that cannot be read.')
          return void socket.destroy()
        }
        // An answer to no call (id null) is the app refusing the connection: it ends them all.
        if (reply.id === null) return void fail(result.ok ? 'The running Offprint closed the connection.' : result.message)
        pending.get(reply.id)?.(result)
        pending.delete(reply.id)
      },
      () => socket.destroy(),
    )
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('The running Offprint did not answer.'))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.removeAllListeners('error')
      socket.on('error', () => fail('The connection to the running Offprint failed.'))
      resolve({
        dispatch: (channel, input) =>
          new Promise((done) => {
            const id = next++
            pending.set(id, done)
            socket.write(JSON.stringify({ id, token: address.token, channel, input: input ?? null }) + '\n')
          }),
        close: () => socket.end(),
      })
    })
  })
}
