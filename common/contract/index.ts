// THE bridge contract: every channel between renderer and main, with its input schema
// and output type, declared by domain in the files beside this one. main validates
// every input against these schemas; the Electron preload and the browser-mode HTTP
// bridge are both derived from this object, and the renderer takes its types from
// here. Adding a channel touches its domain's file and that domain's handlers.
import type { z } from 'zod'
import { appChannels, type EventName, type Events } from './app'
import { articleChannels } from './articles'
import { feedChannels } from './feeds'
import { libraryChannels } from './library'
import { noteChannels } from './notes'
import { searchChannels } from './search'
import { settingsChannels } from './settings'

export * from './app'
export * from './articles'
export * from './feeds'
export * from './library'
export * from './notes'
export * from './search'
export * from './settings'

export const contract = {
  ...libraryChannels,
  ...articleChannels,
  ...settingsChannels,
  ...feedChannels,
  ...searchChannels,
  ...noteChannels,
  ...appChannels,
} as const

export type ChannelName = keyof typeof contract
export type Input<C extends ChannelName> = z.input<(typeof contract)[C]['input']>
export type ParsedInput<C extends ChannelName> = z.output<(typeof contract)[C]['input']>
export type Output<C extends ChannelName> = NonNullable<(typeof contract)[C]['output']>

/** What main implements: one handler per channel (a missing one is a compile error). */
export type Handlers = { [C in ChannelName]: (input: ParsedInput<C>) => Promise<Output<C>> }

/** What the renderer sees as window.offprint. */
export interface OffprintApi {
  invoke<C extends ChannelName>(
    channel: C,
    ...input: undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>]
  ): Promise<Output<C>>
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

export const channelNames = Object.keys(contract) as ChannelName[]
