// The library as a whole: its overview, imports and the OPML export.
import { z } from 'zod'
import type { Folder } from '../model'
import { LIMITS } from '../limits'
import { channel, none, webUrl } from './channel'
import type { FeedInfo } from './feeds'

export interface LibraryOverview {
  folders: Folder[]
  feeds: FeedInfo[]
  counts: { all: number; unread: number; starred: number }
}

export interface ImportSummary {
  kind: 'opml' | 'feed' | 'page'
  feeds: { id: string; title: string }[]
  articles: { id: string; title: string }[]
  duplicates: number
}

/** A file for the window to save: its suggested name, type and text. */
export interface ExportedFile {
  filename: string
  mime: string
  content: string
}

export const libraryChannels = {
  'library:overview': channel<LibraryOverview>()(none),
  'library:import': channel<ImportSummary>()(
    z.object({ name: z.string().min(1).max(500), content: z.string().max(LIMITS.importBytes), encoding: z.enum(['text', 'base64']).default('text') }).strict(),
  ),
  'library:importUrl': channel<ImportSummary>()(z.object({ url: webUrl }).strict()),
  'library:exportOpml': channel<ExportedFile>()(none),
} as const
