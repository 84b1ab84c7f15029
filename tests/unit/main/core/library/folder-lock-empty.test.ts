// A kill between creating offprint.lock and writing it left an empty file that blocked
// every open for 10 s. Locks are now written whole (temp + link) and an empty one is
// taken over at once.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCK_FILE, lockFolder } from '../../../../../main/core/library/folder-lock'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'

describe('an empty lock file', () => {
  it('is taken over at once: the next open succeeds in well under a second', async () => {
    for (const owner of ['another offprint command', 'the Offprint app'] as const) {
      const dir = tempDir()
      writeFileSync(join(dir, LOCK_FILE), '')
      const started = Date.now()
      const lib = await Library.open({ dataDir: dir, sample: false, search: null, owner })
      expect(Date.now() - started, owner).toBeLessThan(500)
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
      await lib.close()
    }
  })

  it('a lock is never left half written, and no temp file stays beside it', async () => {
    const dir = tempDir()
    const lock = await lockFolder(dir, 'another offprint command')
    expect(readdirSync(dir)).toEqual([LOCK_FILE])
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).owner).toBe('another offprint command')
    await lock.release()
    expect(readdirSync(dir)).toEqual([])
  })
})
