// What every command shares: its context, the usage error, how it opens the library
// and how it prints. Its own module, so that commands and the bridge client (api.ts)
// both import it and not each other.
import { Library } from '../core/library/library'

export class UsageError extends Error {}

export interface CommandContext {
  args: string[]
  values: Record<string, unknown>
  json: boolean
  dataDir: string
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>

export interface Command {
  args: string
  summary: string
  options?: OptionSpec
  /** Exit code; -1 keeps the process running (serve). */
  run(ctx: CommandContext): Promise<number>
}

// Titles, text and errors come from feeds, that is from strangers, and a terminal obeys
// what it is sent: ESC starts sequences that retitle the window, clear or redraw the
// screen, or write to the clipboard; BEL, NUL, CR and the C1 controls act too; bidi
// overrides (U+202A-E, U+2066-9) show text in another order than it is (Trojan Source).
// Each is shown as its \uXXXX escape instead. Tab and newline stay: our own output uses
// them. In JSON the escape is the same JSON (JSON.stringify escapes C0 controls already),
// so JSON output passes through here unchanged in meaning.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
export const terminalSafe = (s: string): string => s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

let stdoutOpen = true
/** The reader of stdout has gone (EPIPE): what is left to print is dropped. */
export function stdoutClosed(): void {
  stdoutOpen = false
}

/** Human output: every line a command prints to stdout goes through here. */
export const out = (s: string) => {
  if (!stdoutOpen) return
  const safe = terminalSafe(s)
  process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n')
}
export const printJson = (v: unknown) => out(JSON.stringify(v, null, 2))

/**
 * Everything on stderr is a message for a person, and many carry a feed's words (a title in
 * a refresh's progress, a server's error): one guard on the stream covers every writer.
 */
export function guardStderr(): void {
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as typeof process.stderr.write
}

export function intOption(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name]
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${String(raw)}'.`)
  return n
}

export function exactly(ctx: CommandContext, n: number, usage: string): string[] {
  if (ctx.args.length !== n) throw new UsageError(`usage: offprint ${usage}`)
  return ctx.args
}

/** Opens the library for one command; the search index only for commands that use it. */
export async function withLibrary<T>(ctx: CommandContext, fn: (lib: Library) => Promise<T>, opts: { search?: boolean } = {}): Promise<T> {
  const lib = await Library.open({ dataDir: ctx.dataDir, ...(opts.search ? {} : { search: null }) })
  // Damage found while opening is told here too, not only in the app.
  for (const n of lib.notices()) if (n.level !== 'info') process.stderr.write(`offprint: ${n.message}\n`)
  try {
    return await fn(lib)
  } finally {
    await lib.close()
  }
}
