// Read and starred marks: state.json, a snapshot, plus state.journal, one line
// appended per change. A mark costs one short append whatever the library's size;
// the journal is folded into the snapshot once it passes JOURNAL_COMPACT_AT lines.
import { join } from 'node:path'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { Journal } from '../storage/journal'
import { stateSpec, STATE_VERSION, type StateDoc } from './schema'

type StateEntry = { r: string; v: 0 | 1 } | { s: string; v: 0 | 1 }

/** Fold the status journal into the snapshot past this many lines. */
const JOURNAL_COMPACT_AT = 5000

export class Statuses {
  private readonly read = new Set<string>()
  private readonly starred = new Set<string>()
  private readonly file: SafeJsonFile<StateDoc>
  private readonly journal: Journal<StateEntry>

  constructor(
    dataDir: string,
    private readonly notify: NoticeSink,
  ) {
    this.file = new SafeJsonFile(join(dataDir, 'state.json'), stateSpec, notify)
    this.journal = new Journal(join(dataDir, 'state.journal'))
  }

  /** The snapshot, then the journal over it; a torn journal line is skipped and the result compacted. */
  async load(): Promise<void> {
    const state = await this.file.read()
    for (const id of state?.read ?? []) this.read.add(id)
    for (const id of state?.starred ?? []) this.starred.add(id)
    let replayed: { entries: number; skipped: number } | null
    try {
      replayed = await this.journal.replay((e) => {
        if ('r' in e) (e.v ? this.read.add(e.r) : this.read.delete(e.r))
        else if ('s' in e) (e.v ? this.starred.add(e.s) : this.starred.delete(e.s))
      })
    } catch {
      replayed = null
    }
    // Not one line readable (or the file not at all): not a torn last line but a damaged
    // file. It is kept, and the user told that recent marks are lost, as for any file.
    if (!replayed || (replayed.entries === 0 && replayed.skipped > 0)) {
      const aside = await this.journal.setAside()
      this.notify(
        'warning',
        `The journal of read and starred marks (state.journal) was damaged and could not be read: marks made since they were last saved in state.json are lost. The damaged file was kept as ${aside}.`,
      )
      return
    }
    if (replayed.skipped > 0 || this.journal.lines > JOURNAL_COMPACT_AT) await this.compact()
  }

  isRead(id: string): boolean {
    return this.read.has(id)
  }

  isStarred(id: string): boolean {
    return this.starred.has(id)
  }

  /** Marks articles (the caller has checked they exist); returns how many changed. */
  async setRead(ids: string[], read: boolean): Promise<number> {
    const entries: StateEntry[] = []
    for (const id of ids) if (this.read.has(id) !== read) entries.push({ r: id, v: read ? 1 : 0 })
    await this.journal.append(entries)
    for (const e of entries) if ('r' in e) (read ? this.read.add(e.r) : this.read.delete(e.r))
    if (this.journal.lines > JOURNAL_COMPACT_AT) await this.compact()
    return entries.length
  }

  /** Stars or unstars one article (the caller has checked it exists); returns 1 if it changed. */
  async setStarred(id: string, starred: boolean): Promise<number> {
    if (this.starred.has(id) === starred) return 0
    await this.journal.append([{ s: id, v: starred ? 1 : 0 }], true)
    if (starred) this.starred.add(id)
    else this.starred.delete(id)
    return 1
  }

  /** Drops the marks of removed articles from memory; `compact` then writes that down. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) {
      this.read.delete(id)
      this.starred.delete(id)
    }
  }

  /** Writes the snapshot, then empties the journal it contains. */
  async compact(): Promise<void> {
    await this.file.write({ version: STATE_VERSION, read: [...this.read], starred: [...this.starred] })
    await this.journal.truncate()
  }

  idle(): Promise<void> {
    return this.file.idle()
  }

  close(): Promise<void> {
    return this.journal.close()
  }
}
