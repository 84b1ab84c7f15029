// Atomic, serialized file writes with rolling backups.
//
// Why not steno (lowdb's writer): it writes a fixed temp name and renames without
// fsync, so a power cut can leave an empty file behind the rename. Notes are the
// user's own words, so their writes fsync the file and the directory.
import { constants, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export interface WriteOptions {
  /** fsync the file and its directory before reporting success. */
  durable?: boolean
  /** How many previous versions to keep as NAME.bak1 … NAME.bakN. */
  backups?: number
  /**
   * Also keep NAME.mirror, a second copy of the newest version: a backup holds the
   * version before, so without a mirror a damaged file would cost its last change.
   */
  mirror?: boolean
  /** The file's mode; 0600 (this user alone) unless told otherwise, since most hold the user's text. */
  mode?: number
}

export function mirrorPath(file: string): string {
  return `${file}.mirror`
}

let counter = 0

export function backupPath(file: string, n: number): string {
  return `${file}.bak${n}`
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path, constants.F_OK)
    return true
  } catch {
    return false
  }
}

/** Keeps the last versions by hard links: cheap (no copy) whatever the file size. */
async function rotateBackups(file: string, keep: number): Promise<void> {
  if (!(await exists(file))) return
  await fs.rm(backupPath(file, keep), { force: true })
  for (let n = keep - 1; n >= 1; n--) {
    try {
      await fs.rename(backupPath(file, n), backupPath(file, n + 1))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  try {
    await fs.link(file, backupPath(file, 1))
  } catch (err) {
    // Filesystems without hard links: fall back to a copy.
    if ((err as NodeJS.ErrnoException).code === 'EPERM' || (err as NodeJS.ErrnoException).code === 'ENOTSUP') {
      await fs.copyFile(file, backupPath(file, 1))
    } else throw err
  }
}

/**
 * Writes data to file so that at every instant the file holds either the old or
 * the new content, never a mix; and, with backups, NAME.bak1 holds the version
 * before. The temp file is unique per call so concurrent processes never share one.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  await replaceFile(file, data, opts)
  if (opts.mirror) await replaceFile(mirrorPath(file), data, { durable: opts.durable, mode: opts.mode })
}

async function replaceFile(file: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
  const dir = dirname(file)
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${++counter}.tmp`)
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(tmp, 'w', opts.mode ?? 0o600)
    await handle.writeFile(data)
    if (opts.durable) await handle.sync()
    await handle.close()
    handle = undefined
    if (opts.backups && opts.backups > 0) await rotateBackups(file, opts.backups)
    await fs.rename(tmp, file)
    if (opts.durable) await syncDir(dir)
  } catch (err) {
    await handle?.close().catch(() => {})
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw storageError(err, file)
  }
}

async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms (Windows) cannot open a directory for fsync; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => {})
  }
}

/** An error whose message a user can act on. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly file: string,
  ) {
    super(message)
    this.name = 'StorageError'
  }
}

export function storageError(err: unknown, file: string): Error {
  if (err instanceof StorageError) return err
  const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO'
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageError(`The disk is full: could not save ${basename(file)}. Nothing already saved was changed; free some space and try again.`, code, file)
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new StorageError(`The data folder is read-only: could not save ${basename(file)} in ${dirname(file)}. Nothing already saved was changed.`, code, file)
    default:
      return new StorageError(`Could not save ${basename(file)}: ${(err as Error)?.message ?? String(err)}`, code, file)
  }
}

/**
 * One writer per file: writes run one after another, and a write asked for while
 * another is in flight is coalesced with any later ones (only the newest data is
 * written). Every caller's promise settles once a write containing its data has
 * finished, so "saved" always means on disk.
 */
export class SerialWriter {
  private running: Promise<void> | null = null
  private pending: { data: () => string | Uint8Array; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | null = null

  constructor(
    private readonly file: string,
    private readonly opts: WriteOptions = {},
  ) {}

  /** data is a thunk so that coalesced writes serialize only the newest state. */
  write(data: () => string | Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending) {
        this.pending.data = data
        this.pending.waiters.push({ resolve, reject })
      } else {
        this.pending = { data, waiters: [{ resolve, reject }] }
      }
      if (!this.running) this.running = this.drain()
    })
  }

  /** Resolves when nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => {})
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { data, waiters } = this.pending
      this.pending = null
      try {
        await writeFileAtomic(this.file, data(), this.opts)
        for (const w of waiters) w.resolve()
      } catch (err) {
        for (const w of waiters) w.reject(err)
      }
    }
    this.running = null
  }
}
