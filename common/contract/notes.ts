// Private notes: comments with threaded replies, highlights with notes, export and import.
import { z } from 'zod'
import type { ArticleNotes, Comment, Highlight, NoteEntry, NotesImportSummary } from '../model'
import { LIMITS } from '../limits'
import { articleRef, channel, id, longText, type Ok } from './channel'
import type { ExportedFile } from './library'

const color = z.string().max(20)

export const AddCommentIn = z.object({ ...articleRef, name: z.string().max(LIMITS.name), text: longText, parentId: id.nullable().optional() }).strict()
export const AddHighlightIn = z
  .object({ ...articleRef, start: z.number().int().min(0), end: z.number().int().min(0), color: color.optional(), note: longText.optional() })
  .strict()

const commentRef = z.object({ ...articleRef, commentId: id }).strict()
const highlightRef = z.object({ ...articleRef, highlightId: id }).strict()

export const noteChannels = {
  'notes:get': channel<ArticleNotes>()(z.object(articleRef).strict()),
  'notes:addComment': channel<Comment>()(AddCommentIn),
  'notes:editComment': channel<Comment>()(z.object({ ...articleRef, commentId: id, text: longText }).strict()),
  'notes:deleteComment': channel<Ok>()(commentRef),
  'notes:restoreComment': channel<Ok>()(commentRef),
  'notes:addHighlight': channel<Highlight>()(AddHighlightIn),
  'notes:updateHighlight': channel<Highlight>()(
    z.object({ ...articleRef, highlightId: id, note: longText.optional(), color: color.optional() }).strict(),
  ),
  'notes:deleteHighlight': channel<Ok>()(highlightRef),
  'notes:restoreHighlight': channel<Ok>()(highlightRef),
  'notes:all': channel<{ total: number; entries: NoteEntry[] }>()(
    z.object({ query: z.string().max(500).default(''), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
  ),
  'notes:export': channel<ExportedFile>()(z.object({ articleId: id.optional(), format: z.enum(['md', 'json']) }).strict()),
  'notes:import': channel<NotesImportSummary>()(z.object({ content: z.string().max(LIMITS.notesImportBytes) }).strict()),
} as const
