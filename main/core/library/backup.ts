// Whole-library backup to one file (a gzipped tar with a manifest), restore from
// it, and on-disk statistics. A restore never overwrites the current library: it
// is unpacked beside it, opened to prove it reads, and only then swapped in, with
// the previous folder kept.
import { promises as fs } from 'node:fs'
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path'
import * as tar from 'tar'
import { Library } from './library'
import { InvalidInputError } from '../base/errors'
import { LOCK_FILE, lockFolder } from './folder-lock'

const MANIFEST = 'offprint-backup.json'

/** Not worth keeping in a backup: temp files, damaged copies set aside, the rebuildable search index, and a crashed app's lock and socket. */
function skip(path: string): boolean {
  const name = basename(path)
  return name.endsWith('.tmp') || name.includes('.damaged-') || path.split(/[\\/]/)[0] === 'search' || name === LOCK_FILE || name === 'offprint.sock'
}

export async function backupLibrary(lib: Library, file: string): Promise<{ file: string; bytes: number; articles: number }> {
  await lib.flush()
  const target = resolve(file)
  await fs.mkdir(dirname(target), { recursive: true })
  const manifest = { format: 1, app: 'offprint', created: lib.now().toISOString(), articles: lib.size, feeds: lib.feeds().length }
  await fs.writeFile(join(lib.dataDir, MANIFEST), JSON.stringify(manifest), { mode: 0o600 })
  const entries = (await fs.readdir(lib.dataDir)).filter((n) => !skip(n) && n !== MANIFEST)
  const tmp = `${target}.${process.pid}.tmp`
  try {
    // 0600: the archive holds every note. A temp left by a crash may have another mode.
    await fs.rm(tmp, { force: true })
    await tar.c({ gzip: true, file: tmp, mode: 0o600, cwd: lib.dataDir, portable: true, filter: (p) => !skip(p) }, [MANIFEST, ...entries])
    await fs.rename(tmp, target)
  } finally {
    await fs.rm(tmp, { force: true })
    await fs.rm(join(lib.dataDir, MANIFEST), { force: true })
  }
  return { file: target, bytes: (await fs.stat(target)).size, articles: lib.size }
}

export async function restoreLibrary(file: string, dataDir: string): Promise<{ articles: number; previous: string | null }> {
  const source = resolve(file)
  try {
    await fs.access(source)
  } catch {
    throw new InvalidInputError(`No backup file at ${source}.`)
  }
  // Held from before the check to after the swap: no program may have the library open
  // (and write into it) while it is replaced.
  await fs.mkdir(dataDir, { recursive: true })
  const lock = await lockFolder(dataDir, 'another offprint command')
  try {
    return await restoreLocked(source, dataDir)
  } finally {
    await lock.release()
  }
}

/**
 * The first link in the archive that could lead out of the library, or null. Offprint
 * writes no symbolic links, and hard links only between its own files (a backup taken
 * mid-rotation). Read before anything is unpacked: tar refuses such entries too, but
 * mid-way, with files of the entries before still being written.
 */
async function linkOut(source: string): Promise<string | null> {
  let found: string | null = null
  await tar.t({
    file: source,
    onReadEntry: (e) => {
      const to = e.linkpath ?? ''
      if (found === null && (e.type === 'SymbolicLink' || (e.type === 'Link' && (isAbsolute(to) || normalize(to).split(/[\\/]/)[0] === '..')))) found = to
    },
  })
  return found
}

/** A name from the archive, fit for a one-line message. */
const printable = (s: string) => JSON.stringify(s).slice(1, -1).slice(0, 200)

async function restoreLocked(source: string, dataDir: string): Promise<{ articles: number; previous: string | null }> {
  let link: string | null
  try {
    link = await linkOut(source)
  } catch {
    throw new InvalidInputError(`${basename(source)} is not an Offprint backup (it could not be unpacked).`)
  }
  if (link !== null) throw new InvalidInputError(`${basename(source)} contains a link to ${printable(link)}; not restored.`)
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const staging = `${dataDir}.restoring-${stamp}`
  // 0700: it becomes the library folder (private-folder.ts).
  await fs.mkdir(staging, { recursive: true, mode: 0o700 })
  try {
    try {
      // tar refuses absolute paths and '..' entries by default: nothing lands outside staging.
      await tar.x({ file: source, cwd: staging, strict: true, filter: (p) => !relative('.', p).startsWith('..') })
    } catch {
      throw new InvalidInputError(`${basename(source)} is not an Offprint backup (it could not be unpacked).`)
    }
    try {
      const manifest = JSON.parse(await fs.readFile(join(staging, MANIFEST), 'utf8')) as { app?: string }
      if (manifest.app !== 'offprint') throw new Error()
    } catch {
      throw new InvalidInputError(`${basename(source)} is not an Offprint backup (no manifest).`)
    }
    await fs.rm(join(staging, MANIFEST))
    const check = await Library.open({ dataDir: staging, sample: false, search: null })
    const articles = check.size
    await check.close()

    let previous: string | null = null
    try {
      const existing = (await fs.readdir(dataDir)).filter((n) => n !== LOCK_FILE)
      if (existing.length > 0) {
        previous = `${dataDir}.before-restore-${stamp}`
        await fs.rename(dataDir, previous)
        // The lock went aside with the folder; the folder kept aside is no one's.
        await fs.rm(join(previous, LOCK_FILE), { force: true })
      } else await fs.rm(dataDir, { recursive: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    await fs.rename(staging, dataDir)
    return { articles, previous }
  } catch (err) {
    // Retries: a failed unpack can still have writes in flight (ENOTEMPTY); and the
    // user hears why the restore failed, not why the cleanup did.
    await fs.rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }).catch(() => {})
    throw err
  }
}

async function du(path: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0
  let files = 0
  let entries
  try {
    entries = await fs.readdir(path, { withFileTypes: true })
  } catch {
    return { bytes: 0, files: 0 }
  }
  for (const e of entries) {
    const p = join(path, e.name)
    if (e.isDirectory()) {
      const sub = await du(p)
      bytes += sub.bytes
      files += sub.files
    } else if (e.isFile()) {
      bytes += (await fs.stat(p)).size
      files++
    }
  }
  return { bytes, files }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size
  } catch {
    return 0
  }
}

export async function libraryStats(lib: Library) {
  await lib.notes.loadAll()
  const counts = await lib.counts()
  let comments = 0
  let highlights = 0
  const annotated = lib.notes.annotated()
  for (const id of annotated) {
    const doc = await lib.notes.get(id)
    comments += doc.comments.filter((c) => !c.deletedAt).length
    highlights += doc.highlights.filter((h) => !h.deletedAt).length
  }
  const [bodies, notes, media, search, total] = await Promise.all(
    ['articles', 'notes', 'media', 'search', ''].map((d) => du(join(lib.dataDir, d))),
  )
  return {
    dataDir: lib.dataDir,
    counts: {
      articles: counts.all,
      unread: counts.unread,
      starred: counts.starred,
      feeds: lib.feeds().length,
      folders: lib.folders().length,
      annotatedArticles: annotated.size,
      comments,
      highlights,
      mediaFiles: media!.files,
    },
    bytes: {
      index: await sizeOf(join(lib.dataDir, 'library.json')),
      state: (await sizeOf(join(lib.dataDir, 'state.json'))) + (await sizeOf(join(lib.dataDir, 'state.journal'))),
      bodies: bodies!.bytes,
      notes: notes!.bytes,
      media: media!.bytes,
      search: search!.bytes,
      total: total!.bytes,
    },
  }
}
