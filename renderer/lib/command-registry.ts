// The window's commands: common/commands.ts declares each one (its keys, its label),
// and the feature that can carry it out binds its `run` here while it is on screen.
// The keyboard handler, the shortcuts dialog and the native menu's events all go
// through this one registry; no component listens for a shortcut itself.
import { useEffect, useRef } from 'react'
import { commandList, type CommandDefinition, type CommandId } from '../../common/commands'

/** Carries a command out; false when it did not apply, so its key keeps its usual meaning. */
export type Run = () => boolean | void

export type Command = CommandDefinition & { id: CommandId }

export { commandList, type CommandId }

/** Per command, its runs, newest last: the newest is the one that runs. */
const bound = new Map<CommandId, Run[]>()

/** Binds a run to a command; returns the unbinding. */
export function bindCommand(id: CommandId, run: Run): () => void {
  bound.set(id, [...(bound.get(id) ?? []), run])
  return () => bound.set(id, (bound.get(id) ?? []).filter((r) => r !== run))
}

/** Runs a command; false when nothing on screen carries it out. */
export function runCommand(id: CommandId): boolean | void {
  const run = bound.get(id)?.at(-1)
  return run ? run() : false
}

/**
 * Binds a component's commands while it is mounted. Each run is the one of the latest
 * render, so it sees the state of now, without binding again on every render.
 */
export function useCommands(runs: Partial<Record<CommandId, Run>>): void {
  const latest = useRef(runs)
  latest.current = runs
  const ids = Object.keys(runs).sort().join(' ')
  useEffect(() => {
    const unbind = (ids ? (ids.split(' ') as CommandId[]) : []).map((id) =>
      bindCommand(id, () => {
        const run = latest.current[id]
        return run ? run() : false
      }),
    )
    return () => unbind.forEach((off) => off())
  }, [ids])
}

/** "shift+ " for Shift+Space; printable keys already carry Shift in e.key ('?'). */
export function keyName(e: { key: string; shiftKey: boolean }): string {
  const printable = e.key.length === 1 && e.key !== ' '
  return !printable && e.shiftKey ? `shift+${e.key}` : e.key
}

const byKey = new Map<string, Command>()
const byListKey = new Map<string, Command>()
for (const command of commandList) {
  for (const key of command.keys ?? []) byKey.set(key, command)
  for (const key of command.listKeys ?? []) byListKey.set(key, command)
}

/** The command a key press gives anywhere in the window. */
export const commandForKey = (e: { key: string; shiftKey: boolean }): Command | undefined => byKey.get(keyName(e))

/** The command a key press gives in the article list (arrows, Home, End). */
export const commandForListKey = (e: { key: string; shiftKey: boolean }): Command | undefined => (e.shiftKey ? undefined : byListKey.get(e.key))
