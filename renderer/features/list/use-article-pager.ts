// The article list as a sparse array over 'articles:list' pages. The list view asks for
// the pages it shows; keyboard navigation asks for single rows, loading their page on
// demand. A library of 50,000 articles never has more than a few pages in memory.
import { useCallback, useMemo } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ArticleList, ArticleSummary } from '../../../preload/contract'
import { useApi } from '../../api/bridge'
import { keys, listPageQuery, PAGE_SIZE, type ListParams } from '../../api/queries'

export interface ArticlePager {
  params: ListParams
  epoch: number
  /** Rows in the list; null until the first page arrives. */
  total: number | null
  isPending: boolean
  error: Error | null
  retry: () => void
  /** The row if its page is already loaded. */
  rowAt: (index: number) => ArticleSummary | undefined
  /** The row, loading its page if needed. */
  load: (index: number) => Promise<ArticleSummary | undefined>
  /** Position of an article among the loaded pages, if it is there. */
  indexOf: (id: string) => number | null
}

export function useArticlePager(params: ListParams, epoch: number): ArticlePager {
  const api = useApi()
  const qc = useQueryClient()
  const first = useQuery(listPageQuery(api, params, epoch, 0))

  const rowAt = useCallback(
    (index: number) => {
      const page = qc.getQueryData<ArticleList>(keys.listPage(params, epoch, Math.floor(index / PAGE_SIZE)))
      return page?.items[index % PAGE_SIZE]
    },
    [qc, params, epoch],
  )

  const load = useCallback(
    async (index: number) => {
      const page = await qc.ensureQueryData(listPageQuery(api, params, epoch, Math.floor(index / PAGE_SIZE)))
      return page.items[index % PAGE_SIZE]
    },
    [qc, api, params, epoch],
  )

  const indexOf = useCallback(
    (id: string) => {
      for (const [key, page] of qc.getQueriesData<ArticleList>({ queryKey: [...keys.lists, params, epoch] })) {
        const at = page?.items.findIndex((a) => a.id === id) ?? -1
        if (page && at >= 0) return (key[4] as number) * PAGE_SIZE + at
      }
      return null
    },
    [qc, params, epoch],
  )

  return useMemo(
    () => ({
      params,
      epoch,
      total: first.data?.total ?? null,
      isPending: first.isPending,
      error: first.error,
      retry: () => void first.refetch(),
      rowAt,
      load,
      indexOf,
    }),
    [params, epoch, first.data?.total, first.isPending, first.error, first.refetch, rowAt, load, indexOf],
  )
}
