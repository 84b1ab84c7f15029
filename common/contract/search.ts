// Full-text search over articles and notes.
import { z } from 'zod'
import { channel, id } from './channel'

export const SearchIn = z
  .object({
    query: z.string().max(1000),
    filter: z.enum(['all', 'unread', 'starred', 'notes']).default('all'),
    feedId: id.optional(),
    folderId: id.optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()

export interface SearchHitInfo {
  id: string
  title: string
  siteName: string
  published: string
  snippet: string
  matches: string[]
  score: number
  read: boolean
  starred: boolean
}

export const searchChannels = {
  'search:query': channel<{ total: number; hits: SearchHitInfo[] }>()(SearchIn),
} as const
