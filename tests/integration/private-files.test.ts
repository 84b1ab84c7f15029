// Other local users cannot read the user's notes: not in notes/, not in the search
// index that also holds their text, not in a backup. Checked with the usual umask 022,
// under which a file or folder created without a mode is readable by everyone.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupLibrary, restoreLibrary } from '../../main/core/library/backup'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'

const posix = process.platform !== 'win32'
const mode = (p: string) => statSync(p).mode & 0o777

/** Every file under dir that group or others can read or write, with its mode. */
function openToOthers(dir: string): string[] {
  const out: string[] = []
  for (const p of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, p))
    if (st.isFile() && (st.mode & 0o077) !== 0) out.push(`${p} ${(st.mode & 0o777).toString(8)}`)
  }
  return out.sort()
}

const COMMENT = 'A private thought about this story, zebrafish.'

describe.runIf(posix)('files holding the user text are private', () => {
  let umask = 0
  beforeEach(() => {
    umask = process.umask(0o022)
  })
  afterEach(() => {
    process.umask(umask)
  })

  it('a library with a comment, its search index and its backup are closed to other users', async () => {
    const data = join(tempDir(), 'data')
    const lib = await Library.open({ dataDir: data })
    await lib.ready()
    const id = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1 })).items[0]!.id
    await lib.notes.addComment(id, { name: 'Ada', text: COMMENT })
    await lib.reindexNotes(id)
    const backup = join(tempDir(), 'library.offprint')
    await backupLibrary(lib, backup)
    await lib.close()

    // The comment's text really is in the search index's files (the reason they matter).
    const search = readdirSync(join(data, 'search')).map((f) => readFileSync(join(data, 'search', f)).toString('utf8'))
    expect(search.some((t) => t.includes('zebrafish'))).toBe(true)
    expect(mode(data)).toBe(0o700)
    expect(openToOthers(data)).toEqual([])
    expect(mode(backup)).toBe(0o600)

    const restored = join(tempDir(), 'restored')
    await restoreLibrary(backup, restored)
    expect(mode(restored)).toBe(0o700)
    expect(openToOthers(restored)).toEqual([])
  })

  it('an existing library left open to others is closed when opened', async () => {
    const data = join(tempDir(), 'old')
    mkdirSync(join(data, 'notes'), { recursive: true, mode: 0o755 })
    writeFileSync(join(data, 'notes', 'x.json.bak1'), '{}', { mode: 0o644 })
    expect(mode(data)).toBe(0o755)
    const lib = await Library.open({ dataDir: data, sample: false, search: null })
    await lib.close()
    expect(mode(data)).toBe(0o700)
  })
})
