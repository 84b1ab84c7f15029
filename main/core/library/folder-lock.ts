// One program at a time on a library folder.
//
// The app, `offprint serve` and each CLI command keep parts of the library in memory
// (notes of open articles, read and starred states) and write them back. Two of them on
// one folder would each write their own copy, and what the other saved would be lost.
// So whoever opens a library first holds `offprint.lock` until it closes, and anyone
// else is told, in one line, who has it.
//
// A lock left by a program that died (a crash, a SIGKILL, a power cut) is taken over:
// its process no longer runs, or the machine has restarted since it was written.
// A lock file is written whole to a temp file, then hard-linked into place (link fails
// if the name exists, as 'wx' does), so no one ever sees it empty or half written; an
// empty one can only be left by a kill between create and write (an older Offprint, or
// a filesystem without hard links), and is taken over at once.
// Written by hand: the lock libraries on npm (proper-lockfile and the like) keep a lock
// alive by touching it on a timer and call it stale after some seconds without a touch,
// which a laptop that sleeps with Offprint open would break.
import { promises as fs, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'
import { closeToOthers } from '../storage/private-folder'

export const LOCK_FILE = 'offprint.lock'

/**
 * A non-empty lock file that does not parse is respected this long: only a filesystem
 * without hard links (or an older Offprint) writes one in place, and it takes a moment.
 */
const UNREADABLE_GRACE_MS = 1_000
/** Boot times read a few seconds apart differ by rounding; a restart differs by far more. */
const BOOT_SLACK_MS = 120_000

export type LockOwner = 'the Offprint app' | 'offprint serve' | 'another offprint command'

export interface LockInfo {
  pid: number
  host: string
  owner: LockOwner
  since: string
  /** When the machine started, so a lock from before a restart is known for stale. */
  boot: number
  /** Linux's id of this boot: exact, where `boot` can be moved by a clock that jumps. */
  bootId?: string
  /** Where the holder takes requests from the command line, and the token they need (remote.ts). */
  socket?: string
  token?: string
}

export class LibraryInUseError extends Error {
  readonly code = 'in_use' as const
  constructor(
    message: string,
    readonly info: Partial<LockInfo>,
  ) {
    super(message)
    this.name = 'LibraryInUseError'
  }
}

export interface FolderLock {
  readonly file: string
  /** Adds to what the lock file tells others (where this program takes requests). */
  announce(extra: Pick<LockInfo, 'socket' | 'token'>): Promise<void>
  /** Removes the lock, if it is still this program's. */
  release(): Promise<void>
}

const bootTime = () => Date.now() - uptime() * 1000

function linuxBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}

function restartedSince(info: Partial<LockInfo>): boolean {
  const id = linuxBootId()
  if (id && info.bootId) return id !== info.bootId
  return typeof info.boot === 'number' && Math.abs(info.boot - bootTime()) > BOOT_SLACK_MS
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

interface HeldLock {
  info: Partial<LockInfo> | null
  age: number
  /** The file as read: a takeover checks it is still the same lock, byte for byte. */
  text: string
}

async function readLock(file: string): Promise<HeldLock | null> {
  let text: string
  let age: number
  try {
    ;[text, age] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => Date.now() - s.mtimeMs)])
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    const info = JSON.parse(text) as Partial<LockInfo>
    return { info: info && typeof info === 'object' && typeof info.pid === 'number' ? info : null, age, text }
  } catch {
    return { info: null, age, text }
  }
}

/** Why a lock no longer holds, or null while its owner may still be running. */
function staleness(lock: HeldLock): string | null {
  const { info, age } = lock
  if (lock.text.trim() === '') return 'empty'
  if (!info) return age > UNREADABLE_GRACE_MS ? 'unreadable' : null
  // On another machine (a shared folder) nothing can be known from here: it holds.
  if (info.host !== hostname()) return null
  if (restartedSince(info)) return 'from before a restart'
  if (info.pid !== process.pid && !running(info.pid!)) return 'its program has ended'
  return null
}

function inUse(file: string, info: Partial<LockInfo> | null): LibraryInUseError {
  if (!info) return new LibraryInUseError(`This library is being opened by another program (${file}). Try again in a moment.`, {})
  const who = info.owner ?? 'another program'
  const where = info.host && info.host !== hostname() ? ` on ${info.host}` : ''
  return new LibraryInUseError(
    `This library is open in ${who} (process ${info.pid}${where}). Close it first: two programs changing one library could lose what either saved. ` +
      `If it is not running, delete ${file}.`,
    info,
  )
}

/**
 * Takes the library's lock. `waitForCommandMs`: how long to wait while another offprint
 * command has it (a refresh run by cron, say), rather than refusing at once: the app,
 * started meanwhile, should open a moment later, not fail.
 */
export async function lockFolder(dir: string, owner: LockOwner, opts: { waitForCommandMs?: number } = {}): Promise<FolderLock> {
  const deadline = Date.now() + (opts.waitForCommandMs ?? 0)
  for (;;) {
    try {
      return await tryLockFolder(dir, owner)
    } catch (err) {
      const byCommand = err instanceof LibraryInUseError && err.info.owner === 'another offprint command'
      if (!byCommand || Date.now() >= deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/**
 * Puts `content` at `file` whole, failing with EEXIST if the file exists: written to a
 * temp file, then linked into place. Where hard links do not exist, 'wx' and a write,
 * then a read back: a program that took the (for a moment empty) file over wins.
 */
async function createWhole(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  // Readable by this user alone: it may come to carry the token of remote.ts.
  // Not synced: a lock lost in a power cut is a lock no one holds, as it should be.
  await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' })
  try {
    await fs.link(temp, file)
    return
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err
  } finally {
    await fs.rm(temp, { force: true })
  }
  const handle = await fs.open(file, 'wx', 0o600)
  try {
    await handle.writeFile(content)
  } finally {
    await handle.close()
  }
  if ((await fs.readFile(file, 'utf8').catch(() => '')) !== content) throw Object.assign(new Error('lock taken over'), { code: 'EEXIST' })
}

async function tryLockFolder(dir: string, owner: LockOwner): Promise<FolderLock> {
  const file = join(dir, LOCK_FILE)
  // Whoever opens the library closes its folder to other users (see private-folder.ts).
  await closeToOthers(dir)
  const mine: LockInfo = { pid: process.pid, host: hostname(), owner, since: new Date().toISOString(), boot: Math.round(bootTime()), bootId: linuxBootId() }
  const content = JSON.stringify(mine)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Fails if the file exists: of two programs starting together, one wins.
      await createWhole(file, content)
      return {
        file,
        async announce(extra) {
          const temp = `${file}.${process.pid}.tmp`
          await fs.writeFile(temp, JSON.stringify({ ...mine, ...extra }), { mode: 0o600 })
          await fs.rename(temp, file)
        },
        async release() {
          const now = await readLock(file).catch(() => null)
          if (now?.info?.pid === mine.pid && now.info.since === mine.since) await fs.rm(file, { force: true })
        },
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      // A folder this program cannot write: it can lose nothing by writing there, and
      // reading it stays possible.
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return { file, announce: async () => {}, release: async () => {} }
      if (code !== 'EEXIST') throw err
    }
    const held = await readLock(file)
    if (!held) continue
    if (!staleness(held)) throw inUse(file, held.info)
    // Taken over only if it is still the same stale lock: another program may have
    // taken it over a moment ago, and its fresh lock must stay.
    const again = await readLock(file)
    if (again && again.text === held.text) await fs.rm(file, { force: true })
  }
  const last = await readLock(file)
  throw inUse(file, last?.info ?? null)
}
