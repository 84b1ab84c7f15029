// On-disk formats of the library's own files, with their versions and migrations.
// Every file carries `version`; a reader migrates older formats forward and refuses
// newer ones (see safe-json-file.ts). Migrations are tested in tests/unit/storage.
import { z } from 'zod'
import type { ArticleMeta, Feed, Folder, Settings } from '../../../common/model'
import { defaultSettings } from '../../../common/model'
import type { FileSpec } from '../storage/safe-json-file'

export const MANIFEST_VERSION = 3
export const STATE_VERSION = 1
export const BODY_VERSION = 1
export const SETTINGS_VERSION = 1

/** library.json: the manifest. Article metadata lives in index/YYYY-MM-DD.json shards. */
export interface Manifest {
  version: number
  folders: Folder[]
  feeds: Feed[]
  /** Articles per shard, for totals before every shard is loaded. */
  shards: Record<string, number>
  /** Only while migrating from format 2 or older, which kept every article here. */
  articles?: ArticleMeta[]
}

export interface StateDoc {
  version: number
  read: string[]
  starred: string[]
}

export interface BodyDoc {
  version: number
  id: string
  html: string
  text: string
  textVersion: number
}

export type SettingsDoc = Settings & { version: number }

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * Formats 2 and older kept every article here, 50k of them: a zod pass would cost more
 * than reading the file, so it is checked by hand, field by field.
 */
function validateManifest(doc: unknown): Manifest {
  const d = doc as Partial<Manifest>
  if (!Array.isArray(d.folders) || !Array.isArray(d.feeds) || !d.shards || typeof d.shards !== 'object') {
    throw new Error('the library index is missing its folders, feeds or shards')
  }
  for (const a of d.articles ?? []) {
    if (!a || typeof a.id !== 'string' || typeof a.title !== 'string' || typeof a.published !== 'string') {
      throw new Error('an article entry in the library index is malformed')
    }
  }
  for (const f of d.feeds) {
    if (!f || typeof f.id !== 'string' || typeof f.title !== 'string') throw new Error('a feed entry in the library index is malformed')
  }
  return d as Manifest
}

export const manifestSpec: FileSpec<Manifest> = {
  label: 'the file listing your feeds and folders',
  version: MANIFEST_VERSION,
  validate: validateManifest,
  write: { backups: 2, mirror: true },
  migrate(doc, from) {
    let d = doc
    if (from < 2) {
      // Format 1 kept a `summary` and no excerpt/words/image on each article.
      const articles = Array.isArray(d.articles) ? (d.articles as Record<string, unknown>[]) : []
      d = {
        ...d,
        articles: articles.map((a) => {
          const { summary, ...rest } = a
          return {
            guid: '',
            image: '',
            contentHash: '',
            author: '',
            siteName: '',
            ...rest,
            excerpt: str(rest.excerpt) || str(summary).slice(0, 200),
            words: typeof rest.words === 'number' ? rest.words : 0,
            added: str(rest.added) || str(rest.published),
          }
        }),
      }
    }
    if (from < 3) {
      // Format 3 moved the articles into daily shards; the library writes them out on load.
      d = { ...d, shards: {} }
    }
    return d
  },
}

const StateSchema = z.object({ version: z.number(), read: z.array(z.string()), starred: z.array(z.string()) })

export const stateSpec: FileSpec<StateDoc> = {
  label: 'the file of read and starred marks',
  version: STATE_VERSION,
  validate: (d) => StateSchema.parse(d),
  write: { backups: 2, durable: true, mirror: true },
}

const SettingsSchema = z.object({
  version: z.number(),
  theme: z.enum(['system', 'light', 'dark', 'sepia']).catch(defaultSettings.theme),
  fontFamily: z.enum(['serif', 'sans']).catch(defaultSettings.fontFamily),
  fontSize: z.number().int().min(12).max(32).catch(defaultSettings.fontSize),
  lineWidth: z.number().int().min(420).max(1100).catch(defaultSettings.lineWidth),
  markReadOnOpen: z.boolean().catch(defaultSettings.markReadOnOpen),
  retentionDays: z.number().int().min(0).catch(defaultSettings.retentionDays),
  commenterName: z.string().max(80).catch(defaultSettings.commenterName),
  listOrder: z.enum(['newest', 'oldest']).catch(defaultSettings.listOrder),
})

export const settingsSpec: FileSpec<SettingsDoc> = {
  label: 'the settings file',
  version: SETTINGS_VERSION,
  // A setting with a bad value falls back to its default rather than losing the rest.
  validate: (d) => SettingsSchema.parse({ ...defaultSettings, ...(d as object) }) as SettingsDoc,
  write: { backups: 1, durable: true, mirror: true },
}

export function validateBody(doc: unknown): BodyDoc {
  const d = doc as Partial<BodyDoc>
  if (typeof d.id !== 'string' || typeof d.html !== 'string' || typeof d.text !== 'string') throw new Error('malformed article body')
  return { version: BODY_VERSION, id: d.id, html: d.html, text: d.text, textVersion: typeof d.textVersion === 'number' ? d.textVersion : 1 }
}
