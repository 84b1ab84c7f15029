// Article bodies: articles/<first character of the id>/ID.json, one file per
// article with its sanitized HTML, plain text and text version, read on demand.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../storage/atomic-file'
import { makePrivateDir } from '../storage/private-folder'
import { BODY_VERSION, validateBody, type BodyDoc } from './schema'

const ARTICLE_ID = /^[A-Za-z0-9_-]{1,64}$/

/** How many bodies are written at once. */
const WRITERS = 16

export class Bodies {
  constructor(private readonly dataDir: string) {}

  /**
   * Where an article's body is written: articles/<first character of the id>/ID.json, 64
   * folders. Libraries written before used the first two characters, 4,096 folders: the
   * first refresh of a new library then made a folder for nearly every article it stored,
   * and on some systems making a folder costs as much as writing a file. Bodies already
   * there are still read (legacyPath); a body written again moves to the new place.
   */
  private path(id: string): string {
    const name = bodyName(id)
    return join(this.dataDir, 'articles', name.slice(0, 1), `${name}.json`)
  }

  private legacyPath(id: string): string {
    const name = bodyName(id)
    return join(this.dataDir, 'articles', name.slice(0, 2), `${name}.json`)
  }

  private async readFile(id: string): Promise<string> {
    try {
      return await fs.readFile(this.path(id), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      return await fs.readFile(this.legacyPath(id), 'utf8')
    }
  }

  /** The stored body; a missing or damaged one reads as a message saying so (text version 0). */
  async get(id: string): Promise<BodyDoc> {
    try {
      return validateBody(JSON.parse(await this.readFile(id)))
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
      const message = missing
        ? 'The text of this article is missing from the library. Refresh its feed to fetch it again.'
        : 'The stored text of this article is damaged. Refresh its feed to fetch it again.'
      return { version: BODY_VERSION, id, html: `<p><em>${message}</em></p>`, text: message, textVersion: 0 }
    }
  }

  async write(bodies: BodyDoc[]): Promise<void> {
    const dirs = new Set(bodies.map((b) => dirname(this.path(b.id))))
    await Promise.all([...dirs].map((d) => makePrivateDir(d)))
    let next = 0
    const worker = async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!
        await writeFileAtomic(this.path(b.id), JSON.stringify(b))
        // An updated story stored by an older Offprint: its new body is in place, so the
        // old one (which reads would no longer reach) goes.
        const legacy = this.legacyPath(b.id)
        if (b.textVersion > 1 && legacy !== this.path(b.id)) await fs.rm(legacy, { force: true })
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, worker))
  }

  /** Removes the bodies of removed articles, in the new place and the old. */
  async remove(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].flatMap((id) => [this.path(id), this.legacyPath(id)].map((file) => fs.rm(file, { force: true }))))
  }
}

/**
 * An article's body file name. Ids come from the index files, which a restored backup
 * supplies: one that is not an id ("../../x") still names a file inside articles/, never
 * one elsewhere.
 */
function bodyName(id: string): string {
  return ARTICLE_ID.test(id) ? id : createHash('sha256').update(id).digest('base64url')
}
