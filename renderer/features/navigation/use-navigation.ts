// Where the reader is: which source's list (or which search's results) is shown, which
// article is open, and moving between them: the list, j/k/n/p and Space, links from one
// article to another and back, a note chosen in All notes. Binds those commands.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { ArticleSummary, LibraryOverview } from '../../../common/contract'
import type { Article, Settings } from '../../../common/model'
import { keys, useArticle, useSetRead } from '../../api/queries'
import { useCommands } from '../../lib/command-registry'
import { useArticlePager } from '../list'
import { jumpTo, setAllNotesOpen, useAllNotesOpen, type NoteTarget } from '../notes'
import { searchTitle, useSearch, useSearchPager } from '../search'
import { listParams, sourceTitle, type Source } from '../../lib/source'

interface Selection {
  id: string | null
  /** Position in the current list, when the article was opened from it. */
  index: number | null
}

/** What the reader pane shows of the open article before (or without) the whole of it. */
export type CurrentArticle = Pick<Article, 'id' | 'read' | 'starred' | 'url' | 'title'>

interface Options {
  overview: LibraryOverview | undefined
  settings: Settings | undefined
  update: (patch: Partial<Settings>) => void
  announce: (message: string) => void
}

export function useNavigation({ overview, settings, update, announce }: Options) {
  const qc = useQueryClient()
  const [source, setSource] = useState<Source>({ kind: 'all' })
  const [unreadOnly, setUnreadOnlyState] = useState(false)
  // Every visit to a source gets a fresh list; within a visit, rows stay where they are.
  const [epoch, setEpoch] = useState(0)
  const order = settings?.listOrder ?? 'newest'
  const params = useMemo(() => listParams(source, unreadOnly, order), [source, unreadOnly, order])
  const search = useSearch(source, overview)
  const listPager = useArticlePager(params, epoch)
  const searchPager = useSearchPager(search.params, epoch)
  const pager = search.active ? searchPager : listPager
  const notesView = useAllNotesOpen()

  const [selection, setSelection] = useState<Selection>({ id: null, index: null })
  const selectionRef = useRef(selection)
  selectionRef.current = selection
  const [history, setHistory] = useState<string[]>([])
  // Positions belong to one list: search results and the list number their rows apart.
  useEffect(() => setSelection((s) => (s.index === null ? s : { id: s.id, index: null })), [pager.key])

  const listRef = useRef<HTMLDivElement>(null)
  const readerRef = useRef<HTMLDivElement>(null)

  const article = useArticle(selection.id)
  const setRead = useSetRead()

  const listRow = selection.id !== null && selection.index !== null ? pager.rowAt(selection.index) : undefined
  const current: CurrentArticle | undefined =
    article.data?.id === selection.id ? article.data : listRow?.id === selection.id ? listRow : undefined

  // Mark read on open: at once when the list row says it is unread, or once the article
  // arrives when it was opened from a link. Only once per opening, so "m" can undo it.
  const autoMarked = useRef<string | null>(null)
  const markOnOpen = useCallback(
    (item: { id: string; read: boolean }) => {
      if (!settings || autoMarked.current === item.id) return
      autoMarked.current = item.id
      if (settings.markReadOnOpen && !item.read) setRead.mutate({ ids: [item.id], read: true })
    },
    [settings, setRead],
  )
  useEffect(() => {
    if (article.data && article.data.id === selection.id) markOnOpen(article.data)
  }, [article.data, selection.id, markOnOpen])

  const openNote = useCallback(
    (id: string, target: NoteTarget) => {
      jumpTo(id, target)
      setHistory([])
      if (selectionRef.current.id !== id) autoMarked.current = null
      setSelection({ id, index: pager.indexOf(id) })
    },
    [pager],
  )

  const restartList = () => setEpoch((e) => e + 1)

  const selectSource = (next: Source) => {
    setAllNotesOpen(false)
    setSource(next)
    search.clear()
    restartList()
    setSelection((s) => ({ id: s.id, index: null }))
  }

  const openFromList = useCallback(
    (index: number, row: ArticleSummary) => {
      setHistory([])
      if (selectionRef.current.id !== row.id) autoMarked.current = null
      setSelection({ id: row.id, index })
      markOnOpen(row)
    },
    [markOnOpen],
  )

  const openLinked = useCallback(
    (id: string) => {
      const from = selectionRef.current.id
      if (from === id) return
      setHistory((h) => (from ? [...h, from] : h))
      autoMarked.current = null
      setSelection({ id, index: pager.indexOf(id) })
    },
    [pager],
  )

  const goBack = () => {
    const previous = history[history.length - 1]
    if (!previous) return false
    setHistory((h) => h.slice(0, -1))
    autoMarked.current = previous
    setSelection({ id: previous, index: pager.indexOf(previous) })
  }

  const currentIndex = () => {
    const { id, index } = selectionRef.current
    return (id !== null ? pager.indexOf(id) : null) ?? index ?? -1
  }

  const moveTo = async (to: number) => {
    const row = await pager.load(to)
    if (row) openFromList(to, row)
  }

  const move = async (delta: number) => {
    const total = pager.total ?? 0
    if (total === 0) return
    const from = currentIndex()
    const to = Math.min(total - 1, Math.max(0, from + delta))
    if (to !== from) await moveTo(to)
  }

  const moveToUnread = async (direction: 1 | -1) => {
    const total = pager.total ?? 0
    const currentId = selectionRef.current.id
    for (let i = currentIndex() + direction; i >= 0 && i < total; i += direction) {
      const row = await pager.load(i)
      if (!row) break
      if (!row.read && row.id !== currentId) return openFromList(i, row)
    }
    announce(direction > 0 ? 'No more unread articles below.' : 'No unread articles above.')
  }

  /** Space and Shift+Space: a page of the article; past its end, the next unread. */
  const page = (direction: 1 | -1) => {
    const el = readerRef.current
    if (!el || !selection.id) return direction > 0 ? void moveToUnread(1) : false
    // Still loading: there is nothing to scroll yet, and that is not "the end".
    if (article.data?.id !== selection.id) return
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 4
    if (direction > 0 && atEnd) return void moveToUnread(1)
    el.scrollBy({ top: direction * el.clientHeight * 0.85, behavior: 'smooth' })
  }

  useCommands({
    next: () => void move(1),
    previous: () => void move(-1),
    first: () => void (pager.total ? moveTo(0) : undefined),
    last: () => void (pager.total ? moveTo(pager.total - 1) : undefined),
    nextUnread: () => void moveToUnread(1),
    previousUnread: () => void moveToUnread(-1),
    pageDown: () => page(1),
    pageUp: () => page(-1),
    back: goBack,
    search: () => {
      if (!notesView) return void search.focus()
      setAllNotesOpen(false)
      requestAnimationFrame(search.focus)
    },
  })

  const previous = history[history.length - 1]
  return {
    source,
    selectSource,
    unreadOnly,
    setUnreadOnly: (value: boolean) => (setUnreadOnlyState(value), restartList()),
    order,
    setOrder: (listOrder: Settings['listOrder']) => (update({ listOrder }), restartList()),
    params,
    search,
    pager,
    /** All notes is shown instead of the list. */
    notesView,
    title: search.active ? searchTitle(search) : sourceTitle(source, overview),
    selection,
    current,
    /** The article "back" returns to ('' while unknown); null when there is none. */
    backTitle: previous !== undefined ? (qc.getQueryData<Article>(keys.article(previous))?.title ?? '') : null,
    openFromList,
    openLinked,
    openNote,
    goBack,
    /** Enter in the search box: to the results, at the first. */
    submitSearch: () => (listRef.current?.focus(), pager.total ? void moveTo(0) : undefined),
    /** Esc: clears the search and goes back to the list; false when there is none to leave. */
    leaveSearch: () => {
      if (!search.text && document.activeElement !== search.inputRef.current) return false
      search.clear()
      requestAnimationFrame(() => listRef.current?.focus())
    },
    listRef,
    readerRef,
  }
}

export type Navigation = ReturnType<typeof useNavigation>
