// Every change the reader makes to the library's shape: feeds and folders, imports,
// export, mark-all-read. The sidebar changes at once (the overview is patched), then
// reconciles with the library, which is the truth.
import { useMemo } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { FeedInfo, ImportSummary, LibraryOverview } from '../../../common/contract'
import { useApi } from '../../api/bridge'
import { keys } from '../../api/queries'
import { plural } from '../../lib/plural'

/** What "mark all as read" applies to: the view the reader is looking at. */
export type ReadScope = { kind: 'all' } | { kind: 'unread' } | { kind: 'starred' } | { kind: 'feed'; id: string } | { kind: 'folder'; id: string }

/** Files the import reads: bigger ones would not fit through the bridge as base64. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

export function useLibraryActions() {
  const api = useApi()
  const qc = useQueryClient()

  return useMemo(() => {
    const patchOverview = (fn: (o: LibraryOverview) => LibraryOverview) =>
      qc.setQueryData<LibraryOverview>(keys.overview, (old) => (old ? fn(old) : old))
    const patchFeed = (id: string, patch: Partial<FeedInfo>) =>
      patchOverview((o) => ({ ...o, feeds: o.feeds.map((f) => (f.id === id ? { ...f, ...patch } : f)) }))
    const reloadOverview = () => qc.invalidateQueries({ queryKey: keys.overview })
    const reloadAll = () => Promise.all([reloadOverview(), qc.invalidateQueries({ queryKey: ['articles'] })])

    return {
      async subscribe(url: string, folderId: string | null, fullText = false) {
        const result = await api.invoke('feeds:subscribe', { url, folderId, fullText })
        await reloadAll()
        return result
      },

      async renameFeed(id: string, title: string) {
        patchFeed(id, { title })
        try {
          patchFeed(id, await api.invoke('feeds:update', { id, title }))
        } finally {
          void reloadOverview()
        }
      },

      async moveFeed(id: string, folderId: string | null) {
        patchFeed(id, { folderId })
        try {
          await api.invoke('feeds:update', { id, folderId })
        } finally {
          await reloadOverview()
        }
      },

      async setFullText(id: string, fullText: boolean) {
        patchFeed(id, { fullText })
        try {
          await api.invoke('feeds:update', { id, fullText })
        } finally {
          void reloadOverview()
        }
      },

      async removeFeed(id: string) {
        const result = await api.invoke('feeds:remove', { id })
        // Gone from the sidebar in the same moment the dialog closes, so focus can move on.
        patchOverview((o) => ({ ...o, feeds: o.feeds.filter((f) => f.id !== id) }))
        void reloadAll()
        return result
      },

      async addFolder(name: string) {
        const folder = await api.invoke('folders:add', { name })
        patchOverview((o) => (o.folders.some((f) => f.id === folder.id) ? o : { ...o, folders: [...o.folders, folder] }))
        void reloadOverview()
        return folder
      },

      async renameFolder(id: string, name: string) {
        const folder = await api.invoke('folders:rename', { id, name })
        patchOverview((o) => ({ ...o, folders: o.folders.map((f) => (f.id === id ? folder : f)) }))
        void reloadOverview()
        return folder
      },

      async removeFolder(id: string) {
        await api.invoke('folders:remove', { id })
        patchOverview((o) => ({
          ...o,
          folders: o.folders.filter((f) => f.id !== id),
          feeds: o.feeds.map((f) => (f.folderId === id ? { ...f, folderId: null } : f)),
        }))
        void reloadAll()
      },

      async markAllRead(scope: ReadScope): Promise<number> {
        const input = scope.kind === 'feed' ? { feedId: scope.id } : scope.kind === 'folder' ? { folderId: scope.id } : scope.kind === 'starred' ? { starred: true } : {}
        const { changed } = await api.invoke('articles:markAllRead', input)
        await reloadAll()
        return changed
      },

      async importFile(file: File): Promise<ImportSummary> {
        if (file.size > MAX_IMPORT_BYTES) {
          throw new Error(`${file.name} is ${Math.round(file.size / 1024 / 1024)} MB; files over 50 MB are not imported.`)
        }
        const content = await base64(file)
        const result = await api.invoke('library:import', { name: file.name, content, encoding: 'base64' })
        await reloadAll()
        return result
      },

      async importUrl(url: string): Promise<ImportSummary> {
        const result = await api.invoke('library:importUrl', { url })
        await reloadAll()
        return result
      },

      async exportOpml(): Promise<string> {
        const { filename, mime, content } = await api.invoke('library:exportOpml')
        download(filename, mime, content)
        return filename
      },
    }
  }, [api, qc])
}

export type LibraryActions = ReturnType<typeof useLibraryActions>

async function base64(file: Blob): Promise<string> {
  // FileReader's data: URL is base64 already, done natively rather than byte by byte.
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error('The file could not be read.'))
    reader.readAsDataURL(file)
  })
  return url.slice(url.indexOf(',') + 1)
}

/** Hands a file to the browser's downloads (Electron shows a save dialog). */
export function download(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  // The download has its own copy by the time the click returns; a moment later is safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** "12 feeds added", "Saved: <title>", "Feed added: <title>, 20 articles". */
export function describeImport(r: ImportSummary): string {
  if (r.kind === 'page') {
    const title = r.articles[0]?.title
    if (!title) return r.duplicates ? 'Already saved: that page is in your library.' : 'Nothing was saved from that page.'
    return r.articles.length > 1 ? `Saved: ${title} and ${r.articles.length - 1} more` : `Saved: ${title}`
  }
  if (r.kind === 'feed') {
    const title = r.feeds[0]?.title ?? 'the feed'
    return `Feed added: ${title}, ${plural(r.articles.length, 'new article')}`
  }
  const added = r.feeds.length - r.duplicates
  if (added === 0) return r.duplicates ? `No new feeds: all ${plural(r.duplicates, 'feed')} were already here` : 'No feeds found in that file'
  return `${plural(added, 'feed')} added${r.duplicates ? ` (${r.duplicates} already here)` : ''}`
}
