import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { backupPath, SerialWriter, writeFileAtomic } from '../../../../../main/core/storage/atomic-file'
import { Journal } from '../../../../../main/core/storage/journal'
import { tempDir } from '../../../../helpers/tmp'

describe('writeFileAtomic', () => {
  it('replaces the file and keeps rolling backups of the previous versions', async () => {
    const dir = tempDir()
    const file = join(dir, 'notes.json')
    for (const v of ['one', 'two', 'three', 'four', 'five']) await writeFileAtomic(file, v, { backups: 3, durable: true })
    expect(readFileSync(file, 'utf8')).toBe('five')
    expect(readFileSync(backupPath(file, 1), 'utf8')).toBe('four')
    expect(readFileSync(backupPath(file, 2), 'utf8')).toBe('three')
    expect(readFileSync(backupPath(file, 3), 'utf8')).toBe('two')
    expect(existsSync(backupPath(file, 4))).toBe(false)
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('leaves the old content in place when the directory is gone', async () => {
    const dir = tempDir()
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'data')).rejects.toThrow(/Could not save x\.json/)
  })
})

describe('SerialWriter', () => {
  it('coalesces writes asked for while one is in flight, and every caller waits for its data', async () => {
    const dir = tempDir()
    const file = join(dir, 'state.json')
    const writer = new SerialWriter(file)
    let serialized = 0
    let value = 0
    const writes = Array.from({ length: 20 }, () => {
      value++
      return writer.write(() => {
        serialized++
        return String(value)
      })
    })
    await Promise.all(writes)
    expect(readFileSync(file, 'utf8')).toBe('20')
    // The first write starts at once; the other 19 fold into one.
    expect(serialized).toBe(2)
  })
})

describe('Journal', () => {
  it('replays complete entries and ignores a line torn by a crash, without losing the next append', async () => {
    const dir = tempDir()
    const file = join(dir, 'state.journal')
    writeFileSync(file, '{"r":"a","v":1}\n{"r":"b","v":1}\n{"r":"c"')
    const seen: string[] = []
    const j = new Journal<{ r: string; v: number }>(file)
    const { entries, skipped } = await j.replay((e) => seen.push(e.r))
    expect({ entries, skipped, seen }).toEqual({ entries: 2, skipped: 1, seen: ['a', 'b'] })
    await j.append([{ r: 'd', v: 1 }])
    await j.close()
    const again: string[] = []
    await new Journal<{ r: string; v: number }>(file).replay((e) => again.push(e.r))
    expect(again).toEqual(['a', 'b', 'd'])
  })
})
