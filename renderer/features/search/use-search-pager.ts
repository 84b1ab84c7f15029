// Search results as an ArticlePager, so the list view, j/k/n/p and mark-on-open work on
// them as on any list. Pages live under the list keys, so read/star changes patch them.
import { useCallback } from 'react'
import type { ArticleList, ArticleSummary, SearchHitInfo } from '../../../common/contract'
import { useApi } from '../../api/bridge'
import { keys, PAGE_SIZE } from '../../api/queries'
import { usePager, type ArticlePager } from '../../lib/pager'

export interface SearchParams {
  search: string
  filter: 'all' | 'unread' | 'starred' | 'notes'
  feedId?: string
  folderId?: string
  /** Tells one asking of the same search from the next. */
  run: number
}

/** A list row that came from a search: the passage that matched and the words to mark. */
export type SearchRow = ArticleSummary & { snippet: string; matches: string[] }

export const isSearchRow = (row: ArticleSummary): row is SearchRow => 'snippet' in row

const toRow = (hit: SearchHitInfo): SearchRow => ({
  id: hit.id,
  feedId: null,
  title: hit.title,
  url: '',
  siteName: hit.siteName,
  author: '',
  published: hit.published,
  excerpt: '',
  image: '',
  read: hit.read,
  starred: hit.starred,
  notes: 0,
  snippet: hit.snippet,
  matches: hit.matches,
})

export function useSearchPager(params: SearchParams | null, epoch: number): ArticlePager {
  const api = useApi()
  const pageQuery = useCallback(
    (page: number) => ({
      queryKey: [...keys.lists, params ?? { search: '', run: 0 }, epoch, page] as const,
      queryFn: async (): Promise<ArticleList> => {
        if (!params) return { total: 0, offset: 0, items: [] }
        const { search, run: _run, ...rest } = params
        const offset = page * PAGE_SIZE
        const r = await api.invoke('search:query', { query: search, ...rest, offset, limit: PAGE_SIZE })
        return { total: r.total, offset, items: r.hits.map(toRow) }
      },
      gcTime: 60_000,
    }),
    [api, params, epoch],
  )
  return usePager(params, epoch, pageQuery, params !== null)
}
