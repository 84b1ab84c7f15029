// A full disk and a read-only data folder, for real: a small tmpfs mounted for the
// test (CI runs as root, as this project's machines do). Where mounting is not
// permitted the test says so and injects the same errors instead.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { execFileSync } from 'node:child_process'
import { promises as fsp, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../../main/core/library/library'
import { tempDir } from '../helpers/tmp'
import { makeArticle } from '../helpers/articles'

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const mounted: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
})

async function fill(dir: string): Promise<void> {
  // Leave no room: write until the filesystem refuses.
  const chunk = Buffer.alloc(64 * 1024, 1)
  const fh = await fsp.open(join(dir, 'filler.bin'), 'w')
  try {
    for (;;) await fh.write(chunk)
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC')
  } finally {
    await fh.close()
  }
}

describe('disk faults', () => {
  it('disk full: a clear message, and every note saved before is intact', async () => {
    const dir = join(tempDir(), 'data')
    mkdirSync(dir)
    const real = tryMount(dir, '2m')
    if (real) mounted.push(dir)
    else console.warn('disk-faults: cannot mount tmpfs here (not root?), injecting ENOSPC instead')

    const lib = await Library.open({ dataDir: dir, sample: false, search: null })
    const { added } = await lib.addArticles(null, [makeArticle(1, { words: 100 })])
    const id = added[0]!.id
    const kept = await lib.notes.addComment(id, { name: 'Ada', text: 'Written before the disk filled.' })
    if (real) await fill(dir)
    else vi.spyOn(fsp, 'open').mockRejectedValue(Object.assign(new Error('no space'), { code: 'ENOSPC' }))

    await expect(lib.notes.addComment(id, { name: 'Ada', text: 'x'.repeat(real ? 20_000 : 10) })).rejects.toThrow(/The disk is full: could not save .*Nothing already saved was changed/)
    // The failed note is not shown as saved.
    expect((await lib.notes.get(id)).comments.map((c) => c.id)).toEqual([kept.id])
    vi.restoreAllMocks()
    if (real) await fsp.rm(join(dir, 'filler.bin'))
    await lib.close()

    const again = await Library.open({ dataDir: dir, sample: false, search: null })
    expect((await again.notes.get(id)).comments.map((c) => c.text)).toEqual(['Written before the disk filled.'])
    expect(again.notices()).toEqual([])
    await again.close()
  })

  it('read-only folder: a clear message, nothing lost, and the library still opens to read', async () => {
    const dir = join(tempDir(), 'data')
    mkdirSync(dir)
    const real = tryMount(dir, '8m')
    if (real) mounted.push(dir)
    else console.warn('disk-faults: cannot mount tmpfs here (not root?), injecting EROFS instead')

    const lib = await Library.open({ dataDir: dir, sample: false, search: null })
    const { added } = await lib.addArticles(null, [makeArticle(2, { words: 100 })])
    const id = added[0]!.id
    await lib.notes.addComment(id, { name: 'Ada', text: 'Saved while writable.' })
    await lib.close()
    if (real) execFileSync('mount', ['-o', 'remount,ro', dir])

    const ro = await Library.open({ dataDir: dir, sample: false, search: null }).catch((e: Error) => e)
    if (!real) {
      // Without a real read-only mount, open normally and inject the refusal on write.
      expect(ro).toBeInstanceOf(Library)
      vi.spyOn(fsp, 'open').mockRejectedValue(Object.assign(new Error('read-only'), { code: 'EROFS' }))
    }
    expect(ro).toBeInstanceOf(Library)
    const lib2 = ro as Library
    expect((await lib2.notes.get(id)).comments[0]!.text).toBe('Saved while writable.')
    await expect(lib2.notes.addComment(id, { name: 'Ada', text: 'Cannot be saved.' })).rejects.toThrow(/read-only: could not save/)
    await expect(lib2.setStarred(id, true)).rejects.toThrow(/read-only/)
    expect(lib2.isStarred(id)).toBe(false)
    vi.restoreAllMocks()
    if (real) execFileSync('mount', ['-o', 'remount,rw', dir])
    await lib2.close()
  })
})
