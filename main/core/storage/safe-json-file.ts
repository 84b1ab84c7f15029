// A lowdb adapter for one versioned JSON file: compact, atomic, optionally durable,
// with rolling backups, schema migrations, and recovery from a damaged file.
//
// lowdb's JSONFile pretty-prints and its read() neither validates nor migrates;
// JSONFilePreset even swaps in a memory adapter under NODE_ENV=test. This adapter
// is what the library's files are read and written through.
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import type { Adapter } from 'lowdb'
import { backupPath, mirrorPath, SerialWriter, type WriteOptions } from './atomic-file'

export interface Versioned {
  version: number
}

export interface FileSpec<T extends Versioned> {
  /** What the user would call this file: "your notes on …", "the library index". */
  label: string
  version: number
  /** Brings an older document up to `version`; called with its stored version. */
  migrate?: (doc: Record<string, unknown>, from: number) => Record<string, unknown>
  /** Throws when the document is not a valid T (after migration). */
  validate: (doc: unknown) => T
  write?: WriteOptions
}

export type NoticeSink = (level: 'info' | 'warning' | 'error', message: string) => void

export class NewerVersionError extends Error {
  constructor(file: string, found: number, known: number) {
    super(`${basename(file)} was written by a newer Offprint (format ${found}, this one knows ${known}). Update Offprint to open this library.`)
    this.name = 'NewerVersionError'
  }
}

/** Parses, migrates and validates; throws on any problem. */
export function decodeDocument<T extends Versioned>(text: string, spec: FileSpec<T>, file: string): { doc: T; migrated: boolean } {
  if (text.trim() === '') throw new Error('the file is empty')
  const raw = JSON.parse(text) as unknown
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object')
  let doc = raw as Record<string, unknown>
  const found = typeof doc.version === 'number' ? doc.version : 0
  if (found > spec.version) throw new NewerVersionError(file, found, spec.version)
  if (found < spec.version) {
    if (!spec.migrate) throw new Error(`no migration from format ${found}`)
    doc = { ...spec.migrate(doc, found), version: spec.version }
  }
  return { doc: spec.validate(doc), migrated: found !== spec.version }
}

export class SafeJsonFile<T extends Versioned> implements Adapter<T> {
  private readonly writer: SerialWriter
  /** True when read() migrated an older format: the caller should write it back. */
  migrated = false

  constructor(
    readonly file: string,
    private readonly spec: FileSpec<T>,
    private readonly notify: NoticeSink = () => {},
  ) {
    this.writer = new SerialWriter(file, spec.write)
  }

  async read(): Promise<T | null> {
    let text: string
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      // A crash can never leave the file missing while a backup exists, but a
      // user or a sync tool can: take the newest backup rather than start empty.
      return this.restoreFromBackup(null)
    }
    try {
      const { doc, migrated } = decodeDocument(text, this.spec, this.file)
      this.migrated = migrated
      return doc
    } catch (err) {
      if (err instanceof NewerVersionError) throw err
      return this.restoreFromBackup(err as Error)
    }
  }

  write(data: T): Promise<void> {
    return this.writer.write(() => JSON.stringify(data))
  }

  idle(): Promise<void> {
    return this.writer.idle()
  }

  /**
   * The damaged file is moved aside, never overwritten; the newest backup that
   * reads is put back in its place, and the user is told which.
   */
  private async restoreFromBackup(damage: Error | null): Promise<T | null> {
    let asidePath = ''
    if (damage) {
      asidePath = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
      await fs.rename(this.file, asidePath)
    }
    const keep = Math.max(this.spec.write?.backups ?? 0, 1)
    // The mirror holds the newest version; backups the ones before it.
    const candidates = [mirrorPath(this.file), ...Array.from({ length: keep + 2 }, (_, i) => backupPath(this.file, i + 1))]
    for (const candidate of candidates) {
      let text: string
      try {
        text = await fs.readFile(candidate, 'utf8')
      } catch {
        continue
      }
      try {
        const { doc } = decodeDocument(text, this.spec, candidate)
        const stat = await fs.stat(candidate)
        await fs.copyFile(candidate, this.file)
        // copyFile keeps the copy's mode, which an older Offprint may have left open to others.
        await fs.chmod(this.file, 0o600).catch(() => {})
        this.migrated = true
        const what = damage ? `was damaged (${damage.message})` : 'was missing'
        const from = candidate === mirrorPath(this.file) ? 'its up-to-date copy' : `the backup of ${stat.mtime.toLocaleString()}`
        this.notify(
          'warning',
          `${capitalize(this.spec.label)} ${what} and was restored from ${from}.` +
            (asidePath ? ` The damaged file was kept as ${basename(asidePath)}.` : ''),
        )
        return doc
      } catch {
        continue
      }
    }
    if (damage) {
      this.notify(
        'error',
        `${capitalize(this.spec.label)} was damaged (${damage.message}) and no backup could be read. ` +
          `The damaged file was kept as ${basename(asidePath)}; Offprint started this part afresh.`,
      )
    }
    return null
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
