// The reader's settings.
import { z } from 'zod'
import type { Settings } from '../model'
import { channel, none } from './channel'

export const SettingsPatch = z
  .object({
    theme: z.enum(['system', 'light', 'dark', 'sepia']),
    fontFamily: z.enum(['serif', 'sans']),
    fontSize: z.number().int().min(12).max(32),
    lineWidth: z.number().int().min(420).max(1100),
    markReadOnOpen: z.boolean(),
    retentionDays: z.number().int().min(0).max(36500),
    commenterName: z.string().max(80),
    listOrder: z.enum(['newest', 'oldest']),
  })
  .partial()
  .strict()

export const settingsChannels = {
  'settings:get': channel<Settings>()(none),
  'settings:set': channel<Settings>()(SettingsPatch),
} as const
