// The one dispatcher that both transports (Electron IPC and browser mode's HTTP,
// and the app's socket for the command line) use: channel lookup → schema →
// handler → Result. Nothing reaches a handler without passing its channel's schema.
import { contract, type ChannelName, type Handlers } from '../../../common/contract'
import type { Result } from '../../../common/bridge'
import { InvalidInputError, NotFoundError, oneLine } from '../base/errors'
import { isIngestError } from '../ingest/errors'
import { StorageError } from '../storage/atomic-file'

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>

/** Validates and runs one call; every failure becomes a typed error value. */
export function createDispatcher(handlers: Handlers, log: (err: unknown, channel: string) => void = () => {}): Dispatch {
  return async (channel, input) => {
    if (!Object.hasOwn(contract, channel)) return { ok: false, code: 'unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 80)}` }
    const name = channel as ChannelName
    const parsed = contract[name].input.safeParse(input ?? undefined)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      const message = `Invalid input for ${name}: ${where}${issue?.message ?? 'not valid'}`
      return issue?.path.length ? { ok: false, code: 'invalid_input', message, field: issue.path.join('.') } : { ok: false, code: 'invalid_input', message }
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      return { ok: true, data: await handler(parsed.data) }
    } catch (err) {
      if (err instanceof NotFoundError) return { ok: false, code: 'not_found', message: err.message }
      if (err instanceof InvalidInputError) return err.field ? { ok: false, code: 'invalid_input', message: err.message, field: err.field } : { ok: false, code: 'invalid_input', message: err.message }
      // A feed or page that could not be read is the source's fault, said in one line.
      if (isIngestError(err)) return { ok: false, code: 'failed', message: oneLine(err) }
      if (!(err instanceof StorageError)) log(err, name)
      return { ok: false, code: 'failed', message: oneLine(err) }
    }
  }
}
