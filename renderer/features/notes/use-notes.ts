// The notes' server state, over the bridge's 'notes:*' channels. Every change is
// awaited and then the article's notes are read again: the library is local, so this
// costs a few milliseconds and the screen always shows what is on disk.
import { useEffect } from 'react'
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ArticleList } from '../../../common/contract'
import type { ArticleNotes, NotesImportSummary, Settings } from '../../../common/model'
import { useApi } from '../../api/bridge'
import { keys } from '../../api/queries'

export const notesKeys = {
  all: ['notes'] as const,
  article: (articleId: string) => ['notes', 'article', articleId] as const,
  search: (query: string) => ['notes', 'all', query] as const,
}

export { HIGHLIGHT_COLORS, type HighlightColor } from '../../../common/limits'

/** The list row shows how many notes an article has: keep it in step with what we just read. */
function patchListCount(qc: QueryClient, notes: ArticleNotes) {
  const count = notes.commentCount + notes.highlights.length
  qc.setQueriesData<ArticleList>({ queryKey: keys.lists }, (old) => {
    if (!old?.items.some((a) => a.id === notes.articleId && a.notes !== count)) return old
    return { ...old, items: old.items.map((a) => (a.id === notes.articleId ? { ...a, notes: count } : a)) }
  })
}

export function useArticleNotes(articleId: string | null) {
  const api = useApi()
  const qc = useQueryClient()
  const query = useQuery({
    queryKey: notesKeys.article(articleId ?? ''),
    queryFn: () => api.invoke('notes:get', { articleId: articleId! }),
    enabled: articleId !== null,
  })
  useEffect(() => {
    if (query.data) patchListCount(qc, query.data)
  }, [qc, query.data])
  return query
}

/**
 * An article's text can change under its notes (a feed update, a full-text fetch, a
 * page saved again): the core re-anchors highlights when they are next read.
 */
export function useNotesFreshness(): void {
  const api = useApi()
  const qc = useQueryClient()
  useEffect(
    () =>
      api.on('library:changed', ({ reason }) => {
        if (reason !== 'read' && reason !== 'starred') void qc.invalidateQueries({ queryKey: notesKeys.all })
        // The library counts notes in the background after it opens: rows listed before
        // that said 0, so list them again to show the counts.
        if (reason === 'notes') void qc.invalidateQueries({ queryKey: keys.lists })
      }),
    [api, qc],
  )
}

export function useNotesActions(articleId: string) {
  const api = useApi()
  const qc = useQueryClient()
  const settle = () => qc.invalidateQueries({ queryKey: notesKeys.all })

  return {
    async addComment(input: { name: string; text: string; parentId?: string | null }) {
      const comment = await api.invoke('notes:addComment', { articleId, ...input })
      // The core remembers the name for the next reply; so does the form.
      qc.setQueryData<Settings>(keys.settings, (old) => (old ? { ...old, commenterName: comment.name } : old))
      await settle()
      return comment
    },
    async editComment(commentId: string, text: string) {
      const comment = await api.invoke('notes:editComment', { articleId, commentId, text })
      await settle()
      return comment
    },
    async deleteComment(commentId: string) {
      await api.invoke('notes:deleteComment', { articleId, commentId })
      await settle()
    },
    async restoreComment(commentId: string) {
      await api.invoke('notes:restoreComment', { articleId, commentId })
      await settle()
    },
    async addHighlight(input: { start: number; end: number; color: string; note?: string }) {
      const h = await api.invoke('notes:addHighlight', { articleId, ...input })
      await settle()
      return h
    },
    async updateHighlight(highlightId: string, patch: { note?: string; color?: string }) {
      const h = await api.invoke('notes:updateHighlight', { articleId, highlightId, ...patch })
      await settle()
      return h
    },
    async deleteHighlight(highlightId: string) {
      await api.invoke('notes:deleteHighlight', { articleId, highlightId })
      await settle()
    },
    async restoreHighlight(highlightId: string) {
      await api.invoke('notes:restoreHighlight', { articleId, highlightId })
      await settle()
    },
  }
}

export type NotesActions = ReturnType<typeof useNotesActions>

export function useAllNotes(query: string) {
  const api = useApi()
  return useQuery({
    queryKey: notesKeys.search(query),
    queryFn: () => api.invoke('notes:all', { query, limit: 500 }),
    placeholderData: (previous) => previous,
  })
}

/** Saves an export the way a browser saves a download: a Blob and the name the core chose. */
export function saveFile(file: { filename: string; mime: string; content: string }) {
  const url = URL.createObjectURL(new Blob([file.content], { type: `${file.mime};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function useNotesTransfer() {
  const api = useApi()
  const qc = useQueryClient()
  return {
    async exportNotes(format: 'md' | 'json', articleId?: string) {
      saveFile(await api.invoke('notes:export', articleId ? { format, articleId } : { format }))
    },
    /** Returns the sentence to show the user. */
    async importNotes(content: string): Promise<string> {
      const r = await api.invoke('notes:import', { content })
      await qc.invalidateQueries({ queryKey: notesKeys.all })
      await qc.invalidateQueries({ queryKey: keys.lists })
      return importSummary(r)
    },
  }
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`

export function importSummary(r: NotesImportSummary): string {
  let s = `Imported ${count(r.comments, 'comment')} and ${count(r.highlights, 'highlight')}${r.alreadyHere ? ` (${r.alreadyHere.toLocaleString('en')} already here)` : ''}.`
  if (r.invalid > 0) s += ` ${count(r.invalid, 'note')} in the file could not be read and ${r.invalid === 1 ? 'was' : 'were'} left out.`
  if (r.unknownArticles > 0) {
    s += ` ${count(r.unknownArticles, 'article')} ${r.unknownArticles === 1 ? 'is' : 'are'} not in this library, so ${r.unknownArticles === 1 ? 'its' : 'their'} notes were left out.`
  }
  return s
}
