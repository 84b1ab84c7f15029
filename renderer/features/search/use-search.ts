// Search as the list pane's other mode: the box's text, the filter chips, and the
// query in effect (debounced, so each keystroke does not refetch).
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { LibraryOverview } from '../../../common/contract'
import { sourceTitle, type Source } from '../../lib/source'
import type { SearchParams } from './use-search-pager'

export type SearchFilter = SearchParams['filter']

export interface SearchState {
  text: string
  setText: (text: string) => void
  filter: SearchFilter
  setFilter: (filter: SearchFilter) => void
  /** Only the current feed or folder, rather than the whole library. */
  scoped: boolean
  setScoped: (scoped: boolean) => void
  /** The name of the feed or folder a search can be narrowed to, if the view is one. */
  scopeName: string | null
  /** True while results are shown instead of the list. */
  active: boolean
  /** What the results are for (the debounced text). */
  query: string
  params: SearchParams | null
  clear: () => void
  focus: () => void
  inputRef: RefObject<HTMLInputElement | null>
}

const DEBOUNCE_MS = 140
let runs = 0

export function useSearch(source: Source, overview: LibraryOverview | undefined): SearchState {
  const [text, setTextState] = useState('')
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<SearchFilter>('all')
  const [scoped, setScoped] = useState(false)
  const inputRef = useRef<HTMLInputElement | null>(null)

  useEffect(() => {
    const trimmed = text.trim()
    if (trimmed === '') return setQuery('')
    const timer = setTimeout(() => setQuery(trimmed), DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])

  const setText = useCallback(
    (next: string) => {
      setTextState((previous) => {
        // A search started from Starred or Unread looks there first.
        if (previous.trim() === '' && next.trim() !== '') setFilter(source.kind === 'starred' ? 'starred' : source.kind === 'unread' ? 'unread' : 'all')
        return next
      })
    },
    [source.kind],
  )

  const clear = useCallback(() => {
    setTextState('')
    setQuery('')
    setScoped(false)
  }, [])

  const focus = useCallback(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [])

  const scopeName = source.kind === 'feed' || source.kind === 'folder' ? sourceTitle(source, overview) : null
  const narrow = scoped && scopeName !== null
  const params = useMemo<SearchParams | null>(() => {
    if (!query) return null
    return {
      search: query,
      filter,
      ...(narrow && source.kind === 'feed' ? { feedId: source.id } : {}),
      ...(narrow && source.kind === 'folder' ? { folderId: source.id } : {}),
      // Every search the reader asks for is answered afresh (a star given since the
      // last time counts); within one, rows stay where they are, as in a list.
      run: ++runs,
    }
  }, [query, filter, narrow, source])

  return { text, setText, filter, setFilter, scoped, setScoped, scopeName, active: query !== '', query, params, clear, focus, inputRef }
}

/** The list pane's title while searching. */
export function searchTitle(search: SearchState): string {
  return search.scoped && search.scopeName ? `Search in ${search.scopeName}` : 'Search'
}
