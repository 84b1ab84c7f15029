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

export const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n')
export const printJson = (v: unknown) => out(JSON.stringify(v, null, 2))

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
