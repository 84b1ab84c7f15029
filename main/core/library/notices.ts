// Problems the user must hear about (a file restored from its backup, a full disk):
// notices.json, which the app shows as a banner and the CLI on stderr. Each is also
// appended to offprint.log, so it stays on record once dismissed.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Notice } from '../../../common/model'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { newId } from '../notes/notes-store'

interface NoticesDoc {
  version: number
  notices: Notice[]
}

/** How many notices the file keeps, newest last. */
const KEEP = 50

export class Notices {
  /** How the library's files report damage; each report becomes a notice. */
  readonly sink: NoticeSink
  /** Told of each new notice (the library emits it as 'notice'). */
  onNotice: (n: Notice) => void = () => {}
  private list: Notice[] = []
  private readonly file: SafeJsonFile<NoticesDoc>

  constructor(
    private readonly dataDir: string,
    now: () => Date,
  ) {
    this.sink = (level, message) => this.add({ id: newId(), level, message, at: now().toISOString() })
    this.file = new SafeJsonFile(join(dataDir, 'notices.json'), { label: 'the notices file', version: 1, validate: validateNotices }, this.sink)
  }

  /** The saved notices, before any reported while the library was opening. */
  async load(): Promise<void> {
    const doc = await this.file.read()
    this.list = [...(doc?.notices ?? []), ...this.list]
  }

  all(): Notice[] {
    return [...this.list]
  }

  async dismiss(id: string): Promise<void> {
    this.list = this.list.filter((n) => n.id !== id)
    await this.save()
  }

  idle(): Promise<void> {
    return this.file.idle()
  }

  private add(n: Notice): void {
    this.list.push(n)
    this.onNotice(n)
    void fs.appendFile(join(this.dataDir, 'offprint.log'), `${n.at} ${n.level} ${n.message}\n`, { mode: 0o600 }).catch(() => {})
    this.save().catch(() => {})
  }

  private save(): Promise<void> {
    return this.file.write({ version: 1, notices: this.list.slice(-KEEP) })
  }
}

function validateNotices(d: unknown): NoticesDoc {
  const doc = d as { version: number; notices?: unknown }
  if (!Array.isArray(doc.notices)) throw new Error('no notices list')
  return { version: doc.version, notices: doc.notices as Notice[] }
}
