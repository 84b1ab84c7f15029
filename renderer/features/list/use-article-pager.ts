import { useCallback } from 'react'
import { useApi } from '../../api/bridge'
import { listPageQuery, type ListParams } from '../../api/queries'
import { usePager, type ArticlePager } from '../../lib/pager'

/** A source's list (all, unread, starred, a feed, a folder) as a pager. */
export function useArticlePager(params: ListParams, epoch: number): ArticlePager {
  const api = useApi()
  const pageQuery = useCallback((page: number) => listPageQuery(api, params, epoch, page), [api, params, epoch])
  return usePager(params, epoch, pageQuery)
}
