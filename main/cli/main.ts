#!/usr/bin/env node
// The `offprint` command line: the same core as the app, on the same data folder.
// Every failure is one line on stderr and a non-zero exit (2 for a usage error).
import { parseArgs } from 'node:util'
import { createRequire } from 'node:module'
import { resolveDataDir } from '../core/base/paths'
import { oneLine } from '../core/base/errors'
import { commands as coreCommands } from './commands'
import { guardStderr, out, stdoutClosed, UsageError, type Command } from './context'
import { notesCommands } from './notes-commands'
import { ingestCommands } from './ingest-commands'
import { shieldDashValues } from './argv'

const commands: Record<string, Command> = { ...coreCommands, ...ingestCommands, ...notesCommands }

const HELP = `Offprint — an offline news reader that keeps your notes private.

Usage: offprint [--data DIR] [--json] COMMAND [ARGS]

Commands:
${Object.entries(commands)
  .map(([name, c]) => {
    const usage = `${name} ${c.args}`.trim()
    // A long usage gets its own line, the summary under it.
    return usage.length < 32 ? `  ${usage.padEnd(32)}${c.summary}` : `  ${usage}\n  ${' '.repeat(32)}${c.summary}`
  })
  .join('\n')}

Global options:
  --data DIR      the library folder (default: the app's data folder; env OFFPRINT_DATA)
  --json          machine-readable output
  -h, --help      this help;  -v, --version  the version
`

export async function main(argv: string[]): Promise<number> {
  const options = {
    data: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    version: { type: 'boolean', short: 'v', default: false },
    ...Object.assign({}, ...Object.values(commands).map((c: Command) => c.options ?? {})),
  } as const
  const shielded = shieldDashValues(argv, options)
  let parsed
  try {
    parsed = shielded.restore(parseArgs({ args: shielded.args, allowPositionals: true, strict: true, options }))
  } catch (err) {
    // parseArgs appends a long hint about '--'; the first sentence says it all.
    process.stderr.write(`offprint: ${oneLine(err).split('. To specify')[0]} (see offprint --help)\n`)
    return 2
  }
  const positionals = parsed.positionals
  const values = parsed.values as Record<string, unknown>
  if (values.version) {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string }
    out(pkg.version)
    return 0
  }
  const [name, ...args] = positionals
  if (values.help || !name) {
    out(HELP)
    return name || values.help ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`offprint: unknown command '${name}' (see offprint --help)\n`)
    return 2
  }
  try {
    return await command.run({ args, values, json: Boolean(values.json), dataDir: resolveDataDir(values.data as string | undefined) })
  } catch (err) {
    process.stderr.write(`offprint ${name}: ${oneLine(err)}\n`)
    return err instanceof UsageError ? 2 : 1
  }
}

// `offprint list | head` closes the pipe early: that is not an error. The rest of the
// output is dropped and the command finishes as it would have, so that its library is
// closed and its lock released (exiting here would skip both, and leave the lock behind).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') stdoutClosed()
  else throw err
})
process.stderr.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
})

guardStderr()
const code = await main(process.argv.slice(2))
// serve keeps the process alive on its own; everything else exits with its code.
if (code !== -1) process.exitCode = code
