// A state.journal that cannot be read at all lost the read and starred marks in it
// silently (and was then deleted). It is now kept aside and the user is told.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'

async function markedLibrary() {
  const dataDir = tempDir()
  const lib = await Library.open({ dataDir, search: null })
  await lib.ready()
  const ids = (await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 3 })).items.map((a) => a.id)
  await lib.setRead(ids, true)
  await lib.setStarred(ids[0]!, true)
  await lib.close()
  return { dataDir, ids }
}

describe('a damaged status journal', () => {
  it('wholly unreadable: set aside as state.journal.damaged-<time>, with a notice', async () => {
    const { dataDir, ids } = await markedLibrary()
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x0a, 0x80, 0x81, 0x0a, 0x7b, 0x22])
    writeFileSync(join(dataDir, 'state.journal'), garbage)
    const lib = await Library.open({ dataDir, search: null })
    const notices = lib.notices()
    expect(notices.map((n) => n.level)).toEqual(['warning'])
    expect(notices[0]!.message).toMatch(/^The journal of read and starred marks \(state\.journal\) was damaged and could not be read: .*kept as state\.journal\.damaged-[\dT-]+Z\.$/)
    const aside = readdirSync(dataDir).filter((n) => n.startsWith('state.journal.damaged-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dataDir, aside[0]!))).toEqual(garbage)
    expect(existsSync(join(dataDir, 'state.journal'))).toBe(false)
    // Marks work again, and stick.
    await lib.setRead([ids[1]!], true)
    await lib.close()
    const again = await Library.open({ dataDir, search: null })
    expect(again.isRead(ids[1]!)).toBe(true)
    expect(again.notices()).toHaveLength(1)
    await again.close()
  })

  it('a torn last line only: the rest is kept, no notice', async () => {
    const { dataDir, ids } = await markedLibrary()
    writeFileSync(join(dataDir, 'state.journal'), readFileSync(join(dataDir, 'state.journal'), 'utf8') + '{"r":"torn')
    const lib = await Library.open({ dataDir, search: null })
    expect(lib.notices()).toEqual([])
    expect(ids.every((id) => lib.isRead(id))).toBe(true)
    await lib.close()
  })
})
