// The bridge's runtime pieces, shared by both preloads and the renderer: results as
// values, the error the UI shows, and the typed API over a raw transport. No zod
// here (the schemas stay in contract/, which the renderer imports for types only), so
// the renderer does not load it.
import type { ChannelName, EventName, OffprintApi } from './contract'

export const eventNames: EventName[] = ['refresh:progress', 'library:changed', 'notice', 'app:command']

/** What crosses the bridge: Electron forwards only an Error's message, so errors are values. */
export type Result<T> = { ok: true; data: T } | Failure
/** A refused call; `field` names the input field an invalid_input is about, where there is one. */
export type Failure = { ok: false; code: ErrorCode; message: string; field?: string }
export type ErrorCode = 'invalid_input' | 'not_found' | 'unknown_channel' | 'forbidden' | 'failed'

export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault (for example 'name' of a comment), so a form marks that field. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'BridgeError'
  }
}

/** Unwraps a Result on the renderer side, throwing a BridgeError the UI can show. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.data
  throw new BridgeError(result.code, result.message, result.field)
}

/**
 * What a preload exposes as window.offprint: results as values (Electron's
 * contextBridge would keep only an Error's message), events without the IPC event.
 */
export interface RawBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

/** The typed API over a raw bridge (Electron IPC or HTTP): the only place types meet transport. */
export function createApi(raw: RawBridge): OffprintApi {
  return {
    invoke: (async (channel: ChannelName, input?: unknown) =>
      unwrap(await raw.invoke(channel, input))) as OffprintApi['invoke'],
    on: ((event: EventName, listener: (payload: never) => void) =>
      raw.on(event, listener as (payload: unknown) => void)) as OffprintApi['on'],
  }
}
