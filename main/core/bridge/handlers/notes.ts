// Private notes: comments with threaded replies, highlights with notes, export and import.
import type { Handlers, noteChannels } from '../../../../common/contract'
import { NotesService } from '../../notes/notes-service'
import type { HandlerDeps } from './deps'

export function noteHandlers({ library: lib }: HandlerDeps): Pick<Handlers, keyof typeof noteChannels> {
  const notes = new NotesService(lib)
  const ok = { ok: true as const }
  return {
    'notes:get': ({ articleId }) => notes.get(articleId),
    'notes:addComment': ({ articleId, name, text, parentId }) => notes.addComment(articleId, { name, text, parentId }),
    'notes:editComment': ({ articleId, commentId, text }) => notes.editComment(articleId, commentId, text),
    'notes:deleteComment': async ({ articleId, commentId }) => (await notes.deleteComment(articleId, commentId), ok),
    'notes:restoreComment': async ({ articleId, commentId }) => (await notes.restoreComment(articleId, commentId), ok),
    'notes:addHighlight': ({ articleId, start, end, color, note }) => notes.addHighlight(articleId, { start, end, color, note }),
    'notes:updateHighlight': ({ articleId, highlightId, note, color }) => notes.updateHighlight(articleId, highlightId, { note, color }),
    'notes:deleteHighlight': async ({ articleId, highlightId }) => (await notes.deleteHighlight(articleId, highlightId), ok),
    'notes:restoreHighlight': async ({ articleId, highlightId }) => (await notes.restoreHighlight(articleId, highlightId), ok),
    'notes:all': ({ query, limit }) => notes.all(query, limit),
    async 'notes:export'({ articleId, format }) {
      const stamp = lib.now().toISOString().slice(0, 10)
      const name = articleId ? `offprint-notes-${articleId}-${stamp}` : `offprint-notes-${stamp}`
      return format === 'md'
        ? { filename: `${name}.md`, mime: 'text/markdown', content: await notes.exportMarkdown(articleId) }
        : { filename: `${name}.json`, mime: 'application/json', content: JSON.stringify(await notes.exportJson(articleId), null, 2) }
    },
    'notes:import': ({ content }) => notes.importJson(content),
  }
}
