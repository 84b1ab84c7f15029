// Server state: everything that comes over the bridge lives in TanStack Query, under
// the keys below. Mutations update the cache optimistically so the list, the counts and
// the reader change the moment the user acts, then reconcile with the library.
import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ArticleList, LibraryOverview, OffprintApi } from '../../common/contract'
import type { Article, Settings } from '../../common/model'
import { useApi } from './bridge'

export type ListFilter = 'all' | 'unread' | 'starred'

export interface ListParams {
  filter: ListFilter
  feedId?: string
  folderId?: string
  sort: 'newest' | 'oldest'
}

export const PAGE_SIZE = 100

export const keys = {
  overview: ['library', 'overview'] as const,
  lists: ['articles', 'list'] as const,
  listPage: (params: ListParams, epoch: number, page: number) => ['articles', 'list', params, epoch, page] as const,
  article: (id: string) => ['articles', 'one', id] as const,
  related: (id: string) => ['articles', 'related', id] as const,
  settings: ['settings'] as const,
  notices: ['notices'] as const,
}

type Flags = Partial<Pick<Article, 'read' | 'starred'>>

/**
 * Reads and flag writes cross the bridge concurrently, so a reply can be computed before
 * a write the reader has already made. Any reply that overlapped a write gets the
 * reader's latest intended flags laid over it; replies that did not are the truth.
 */
const intended = new Map<string, Flags>()
let writesInFlight = 0
let writesStarted = 0

function beginFlagWrite(ids: string[], flags: Flags) {
  for (const id of ids) intended.set(id, { ...intended.get(id), ...flags })
  writesInFlight += 1
  writesStarted += 1
}

function endFlagWrite() {
  writesInFlight -= 1
}

/** A write that failed: what the library says is the truth again. */
function forgetIntended(ids: string[]) {
  for (const id of ids) intended.delete(id)
}

async function readAcrossWrites<T>(read: () => Promise<T>, overlay: (value: T) => T): Promise<T> {
  const started = writesStarted
  const overlapping = writesInFlight > 0
  const value = await read()
  return overlapping || writesStarted !== started ? overlay(value) : value
}

const withIntended = <A extends { id: string }>(a: A): A => {
  const flags = intended.get(a.id)
  return flags ? { ...a, ...flags } : a
}

export function listPageQuery(api: OffprintApi, params: ListParams, epoch: number, page: number) {
  return {
    queryKey: keys.listPage(params, epoch, page),
    queryFn: () =>
      readAcrossWrites(
        () => api.invoke('articles:list', { ...params, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
        (list) => ({ ...list, items: list.items.map(withIntended) }),
      ),
    // Pages scrolled out of view are dropped a little later, not at once: scrolling back
    // should not flash placeholders.
    gcTime: 60_000,
  }
}

export function useOverview() {
  const api = useApi()
  return useQuery({ queryKey: keys.overview, queryFn: () => api.invoke('library:overview') })
}

export function useArticle(id: string | null) {
  const api = useApi()
  return useQuery({
    queryKey: keys.article(id ?? ''),
    queryFn: () => readAcrossWrites(() => api.invoke('articles:get', { id: id! }), withIntended),
    enabled: id !== null,
  })
}

export function useRelated(id: string | null) {
  const api = useApi()
  return useQuery({
    queryKey: keys.related(id ?? ''),
    queryFn: () => api.invoke('articles:related', { id: id! }),
    enabled: id !== null,
  })
}

export function useSettings() {
  const api = useApi()
  return useQuery({ queryKey: keys.settings, queryFn: () => api.invoke('settings:get') })
}

export function useNotices() {
  const api = useApi()
  return useQuery({ queryKey: keys.notices, queryFn: () => api.invoke('app:notices') })
}

export function useDismissNotice() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.invoke('app:dismissNotice', { id }),
    onMutate: (id) => {
      qc.setQueryData(keys.notices, (old: { id: string }[] | undefined) => old?.filter((n) => n.id !== id))
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notices }),
  })
}

/**
 * Our own read/star writes echo back as 'library:changed'. Refetching the list then
 * would pull a just-read article out of the Unread list under the reader's eyes, so
 * echoes refresh the counts only; new articles and changes from elsewhere refresh all.
 */
let lastLocalWrite = 0
const ECHO_WINDOW_MS = 1500

export function useSettingsMutation() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationKey: ['settings'],
    mutationFn: (patch: Partial<Settings>) => api.invoke('settings:set', patch),
    // The optimistic value stays the truth: a reply to an older change arriving late
    // must not move a slider the reader is still dragging.
    onMutate: (patch) => {
      lastLocalWrite = Date.now()
      qc.setQueryData(keys.settings, (old: Settings | undefined) => (old ? { ...old, ...patch } : old))
    },
    onError: () => qc.invalidateQueries({ queryKey: keys.settings }),
  })
}

type Flag = 'read' | 'starred'

function patchArticleFlag(qc: QueryClient, ids: Set<string>, flag: Flag, value: boolean) {
  const feedDeltas = new Map<string | null, number>()
  let changed = 0
  const seen = new Set<string>()
  const note = (id: string, feedId: string | null, before: boolean) => {
    if (seen.has(id) || before === value) return
    seen.add(id)
    changed += 1
    feedDeltas.set(feedId, (feedDeltas.get(feedId) ?? 0) + 1)
  }
  qc.setQueriesData<ArticleList>({ queryKey: keys.lists }, (old) => {
    if (!old || !old.items.some((a) => ids.has(a.id))) return old
    return {
      ...old,
      items: old.items.map((a) => {
        if (!ids.has(a.id)) return a
        note(a.id, a.feedId, a[flag])
        return { ...a, [flag]: value }
      }),
    }
  })
  for (const id of ids) {
    qc.setQueryData<Article>(keys.article(id), (old) => {
      if (!old) return old
      note(old.id, old.feedId, old[flag])
      return { ...old, [flag]: value }
    })
  }
  qc.setQueryData<LibraryOverview>(keys.overview, (old) => {
    if (!old || changed === 0) return old
    const sign = value ? 1 : -1
    if (flag === 'starred') return { ...old, counts: { ...old.counts, starred: Math.max(0, old.counts.starred + sign * changed) } }
    // Reading decreases unread counts; marking unread increases them.
    const unreadSign = -sign
    return {
      ...old,
      counts: { ...old.counts, unread: Math.max(0, old.counts.unread + unreadSign * changed) },
      feeds: old.feeds.map((f) => {
        const d = feedDeltas.get(f.id)
        return d ? { ...f, unread: Math.max(0, f.unread + unreadSign * d) } : f
      }),
    }
  })
}

export function useSetRead() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ ids, read }: { ids: string[]; read: boolean }) => api.invoke('articles:setRead', { ids, read }),
    onMutate: ({ ids, read }) => {
      lastLocalWrite = Date.now()
      beginFlagWrite(ids, { read })
      patchArticleFlag(qc, new Set(ids), 'read', read)
    },
    onError: (_error, { ids }) => {
      forgetIntended(ids)
      return qc.invalidateQueries({ queryKey: ['articles'] })
    },
    onSettled: () => {
      endFlagWrite()
      return qc.invalidateQueries({ queryKey: keys.overview })
    },
  })
}

export function useSetStarred() {
  const api = useApi()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, starred }: { id: string; starred: boolean }) => api.invoke('articles:setStarred', { id, starred }),
    onMutate: ({ id, starred }) => {
      lastLocalWrite = Date.now()
      beginFlagWrite([id], { starred })
      patchArticleFlag(qc, new Set([id]), 'starred', starred)
    },
    onError: (_error, { id }) => {
      forgetIntended([id])
      return qc.invalidateQueries({ queryKey: ['articles'] })
    },
    onSettled: () => {
      endFlagWrite()
      return qc.invalidateQueries({ queryKey: keys.overview })
    },
  })
}

/** Push events from main keep the cache honest without polling. */
export function useLibraryEvents(): void {
  const api = useApi()
  const qc = useQueryClient()
  useEffect(() => {
    const offChanged = api.on('library:changed', ({ reason }) => {
      void qc.invalidateQueries({ queryKey: keys.overview })
      const flags = reason === 'read' || reason === 'starred'
      const echo = flags && Date.now() - lastLocalWrite < ECHO_WINDOW_MS
      if (!echo && reason !== 'notes') void qc.invalidateQueries({ queryKey: ['articles'] })
    })
    const offNotice = api.on('notice', () => void qc.invalidateQueries({ queryKey: keys.notices }))
    return () => {
      offChanged()
      offNotice()
    }
  }, [api, qc])
}
