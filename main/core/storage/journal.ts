// An append-only journal of small changes (read/star flags) beside a snapshot.
//
// Statuses change on every article opened, so rewriting a 50k-entry file per
// change would cost more as the library grows; an append costs the same at any
// size. The journal is folded into the snapshot when it grows long, on open.
// A torn last line (the process killed mid-append) is ignored on replay.
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { storageError } from './atomic-file'

export class Journal<E> {
  private handle: fs.FileHandle | null = null
  private queue: Promise<void> = Promise.resolve()
  private tornTail = false
  lines = 0

  constructor(readonly file: string) {}

  /** Reads every complete entry; returns how many lines were unreadable. */
  async replay(apply: (entry: E) => void): Promise<{ entries: number; skipped: number }> {
    let text: string
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: 0, skipped: 0 }
      throw err
    }
    this.tornTail = text.length > 0 && !text.endsWith('\n')
    let entries = 0
    let skipped = 0
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        apply(JSON.parse(line) as E)
        entries++
      } catch {
        skipped++
      }
    }
    this.lines = entries + skipped
    return { entries, skipped }
  }

  append(entries: E[], durable = false): Promise<void> {
    if (entries.length === 0) return Promise.resolve()
    const body = entries.map((e) => JSON.stringify(e)).join('\n') + '\n'
    const run = async () => {
      try {
        // A torn line left by a killed process must not swallow this one.
        const text = this.tornTail ? '\n' + body : body
        this.handle ??= await fs.open(this.file, 'a', 0o600)
        await this.handle.appendFile(text)
        this.tornTail = false
        if (durable) await this.handle.datasync()
        this.lines += entries.length
      } catch (err) {
        throw storageError(err, this.file)
      }
    }
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => {})
    return next
  }

  /** Renames an unreadable journal NAME.damaged-<time> (never overwritten, never read again); returns that name. */
  async setAside(): Promise<string> {
    await this.queue
    await this.handle?.close()
    this.handle = null
    const aside = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
    await fs.rename(this.file, aside)
    this.lines = 0
    this.tornTail = false
    return basename(aside)
  }

  /** Empties the journal once its entries are in a snapshot written before. */
  async truncate(): Promise<void> {
    await this.queue
    await this.handle?.close()
    this.handle = null
    await fs.rm(this.file, { force: true })
    this.lines = 0
  }

  async close(): Promise<void> {
    await this.queue
    await this.handle?.close()
    this.handle = null
  }
}
