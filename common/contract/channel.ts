// How a channel is declared: its input is a zod schema (the input type is inferred from
// it, never written again) and its output a phantom type. Schema pieces several
// domains share live here too.
import { z } from 'zod'
import { LIMITS } from '../limits'

/** A channel: its input schema and, as a phantom type, its output. */
export interface Channel<I extends z.ZodType, O> {
  input: I
  output?: O
}

/** `channel<Output>()(schema)`: the output is named, the input inferred from the schema. */
export const channel =
  <O>() =>
  <I extends z.ZodType>(input: I): Channel<I, O> => ({ input })

export const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a valid id')
/** No input: nothing, or an empty object. */
export const none = z.undefined().or(z.object({}).strict())
export const byId = z.object({ id }).strict()
export const articleRef = { articleId: id }
// Generous bounds: the core gives the friendly message ("Your comment is too long…").
export const longText = z.string().max(LIMITS.longText)
export const webUrl = z.string().min(1).max(LIMITS.url)
export const ok = { ok: true } as const
export type Ok = typeof ok
