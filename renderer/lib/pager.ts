// The article list as a sparse array over pages of rows. The list view asks for the
// pages it shows; keyboard navigation asks for single rows, loading their page on
// demand. A library of 50,000 articles never has more than a few pages in memory.
// The same pager serves the library's lists ('articles:list') and search results
// ('search:query'): both are pages under the 'articles' 'list' keys, so read and star
// changes patch them alike (features/list and features/search each make theirs with usePager).
import { useCallback, useMemo } from 'react'
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query'
import type { ArticleList, ArticleSummary } from '../../common/contract'
import { PAGE_SIZE } from '../api/queries'

/** A page query: its key ends with the page number; everything before it names the list. */
export interface PageQuery {
  queryKey: QueryKey
  queryFn: () => Promise<ArticleList>
  gcTime?: number
}

export interface ArticlePager {
  /** Changes whenever the rows mean something else (another source, search, or visit). */
  key: string
  epoch: number
  /** Rows in the list; null until the first page arrives. */
  total: number | null
  isPending: boolean
  error: Error | null
  retry: () => void
  /** The query for one page, for the view to subscribe to what it shows. */
  pageQuery: (page: number) => PageQuery
  /** The row if its page is already loaded. */
  rowAt: (index: number) => ArticleSummary | undefined
  /** The row, loading its page if needed. */
  load: (index: number) => Promise<ArticleSummary | undefined>
  /** Position of an article among the loaded pages, if it is there. */
  indexOf: (id: string) => number | null
}

export function usePager(name: unknown, epoch: number, pageQuery: (page: number) => PageQuery, enabled = true): ArticlePager {
  const qc = useQueryClient()
  // Asked for while rendering, ahead of the sidebar's and the settings' queries (which
  // start once mounted): the host answers in order, and the rows are what the reader waits for.
  // (What TanStack's usePrefetchQuery does, only when enabled.)
  if (enabled && !qc.getQueryState(pageQuery(0).queryKey)) void qc.prefetchQuery(pageQuery(0))
  const first = useQuery({ ...pageQuery(0), enabled })

  const rowAt = useCallback(
    (index: number) => qc.getQueryData<ArticleList>(pageQuery(Math.floor(index / PAGE_SIZE)).queryKey)?.items[index % PAGE_SIZE],
    [qc, pageQuery],
  )

  const load = useCallback(
    async (index: number) => (await qc.ensureQueryData(pageQuery(Math.floor(index / PAGE_SIZE)))).items[index % PAGE_SIZE],
    [qc, pageQuery],
  )

  const indexOf = useCallback(
    (id: string) => {
      const prefix = pageQuery(0).queryKey.slice(0, -1)
      for (const [key, page] of qc.getQueriesData<ArticleList>({ queryKey: prefix, exact: false })) {
        if (key.length !== prefix.length + 1) continue
        const at = page?.items.findIndex((a) => a.id === id) ?? -1
        if (page && at >= 0) return (key[key.length - 1] as number) * PAGE_SIZE + at
      }
      return null
    },
    [qc, pageQuery],
  )

  const key = useMemo(() => `${JSON.stringify(name)}#${epoch}`, [name, epoch])
  return useMemo(
    () => ({
      key,
      epoch,
      total: enabled ? (first.data?.total ?? null) : null,
      isPending: first.isPending,
      error: first.error,
      retry: () => void first.refetch(),
      pageQuery,
      rowAt,
      load,
      indexOf,
    }),
    [key, epoch, enabled, first.data?.total, first.isPending, first.error, first.refetch, pageQuery, rowAt, load, indexOf],
  )
}
