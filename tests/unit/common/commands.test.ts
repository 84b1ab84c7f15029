// The window's keys, as common/commands.ts declares them: no key means two things, and
// the shortcuts dialog lists every command a key gives, with a keycap to show.
import { describe, expect, it } from 'vitest'
import { commandList } from '../../../common/commands'

describe('command keys', () => {
  it('no key belongs to two commands, in the window or in the list', () => {
    const keys = commandList.flatMap((c) => c.keys ?? [])
    const listKeys = commandList.flatMap((c) => c.listKeys ?? [])
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
    expect(listKeys.filter((k, i) => listKeys.indexOf(k) !== i)).toEqual([])
  })

  it('every command with a key is in the shortcuts dialog, with keycaps to draw', () => {
    for (const command of commandList.filter((c) => c.keys)) {
      expect(command.group, command.id).toBeDefined()
      const caps = command.caps ?? command.keys!
      expect(caps.length > 0 && caps.every((cap) => cap.trim() !== ''), command.id).toBe(true)
    }
  })
})
