// The app itself: notices for the user, opening addresses outside, and push events.
import { z } from 'zod'
import type { Notice } from '../model'
import { LIMITS } from '../limits'
import { byId, channel, none, type Ok } from './channel'

export const appChannels = {
  'app:notices': channel<Notice[]>()(none),
  'app:dismissNotice': channel<Ok>()(byId),
  'app:openExternal': channel<{ opened: boolean }>()(z.object({ url: z.string().max(LIMITS.url) }).strict()),
} as const

/** Push events from main to the renderer: name -> payload. */
export interface Events {
  'refresh:progress': { done: number; total: number; feedId: string | null; error: string | null; finished: boolean }
  'library:changed': { reason: string }
  notice: Notice
  /** A menu command only the window can carry out (Electron's native menu). */
  'app:command': { command: 'showShortcuts' | 'importLink' | 'settingsChanged' }
}
export type EventName = keyof Events
