// A backup holding a symbolic link out of the library (to /etc/passwd, say) is refused
// in one line naming the link, before anything is unpacked, and leaves no staging folder
// behind, through restoreLibrary and through `offprint restore`.
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { restoreLibrary } from '../../main/core/library/backup'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { makeTarGz, type TarEntry } from '../security/tar'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))
const MANIFEST: TarEntry = { name: 'offprint-backup.json', content: JSON.stringify({ format: 1, app: 'offprint', articles: 0 }) }
/** Enough entries after the link that an unpack aborted at the link still has writes in flight. */
const many: TarEntry[] = Array.from({ length: 300 }, (_, i) => ({ name: `articles/${i % 5}/x${i}.json`, content: 'y'.repeat(5000) }))

function hostile(linkName: string, to: string): string {
  const file = join(tempDir('offprint-archive-'), 'links.offprint')
  writeFileSync(file, makeTarGz([MANIFEST, { name: linkName, type: 'symlink', linkname: to }, ...many]))
  return file
}

async function existingLibrary(): Promise<string> {
  const dataDir = join(tempDir('offprint-home-'), 'data')
  const lib = await Library.open({ dataDir, sample: false, search: null })
  await lib.addFolder('Mine')
  await lib.close()
  return dataDir
}

describe('restoring a backup with an absolute symbolic link', () => {
  it('restoreLibrary refuses it in one line and removes its staging folder', async () => {
    for (const name of ['notes', 'passwd', 'articles/0/x.json']) {
      const dataDir = await existingLibrary()
      const err = (await restoreLibrary(hostile(name, '/etc/passwd'), dataDir).catch((e: unknown) => e)) as Error
      expect(err.message, name).toBe('links.offprint contains a link to /etc/passwd; not restored.')
      expect(readdirSync(dirname(dataDir)), name).toEqual(['data'])
      const lib = await Library.open({ dataDir, sample: false, search: null })
      expect(lib.folders().map((f) => f.name)).toEqual(['Mine'])
      await lib.close()
    }
  })

  it('offprint restore says so on stderr, exits non-zero and leaves only the library', async () => {
    const dataDir = await existingLibrary()
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '--data', dataDir, 'restore', hostile('notes', '/etc/passwd')], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status).not.toBe(0)
    expect(r.stderr.trim()).toMatch(/^[^\n]*links\.offprint contains a link to \/etc\/passwd; not restored\.$/)
    expect(r.stderr).not.toMatch(/ENOTEMPTY|rmdir/)
    expect(readdirSync(dirname(dataDir))).toEqual(['data'])
  })
})
