import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { ArticleSummary } from '../common/contract'
import type { Article } from '../common/model'
import { useConnection } from './api/bridge'
import { keys, useArticle, useLibraryEvents, useOverview, useSetRead, useSetStarred } from './api/queries'
import { EmptyState } from './components/EmptyState'
import { Icon } from './components/Icon'
import { Kbd } from './components/Kbd'
import { ArticleList } from './features/list/ArticleList'
import { ListHeader } from './features/list/ListHeader'
import { ListEmpty } from './features/list/ListEmpty'
import { useArticlePager } from './features/list/use-article-pager'
import { useMarkAllRead } from './features/list/use-mark-all-read'
import { LibraryDialogs } from './features/library/library-dialogs'
import { useRefresh } from './features/refresh/use-refresh'
import { SearchEmpty } from './features/search/SearchEmpty'
import { searchTitle, useSearch } from './features/search/use-search'
import { useSearchPager } from './features/search/use-search-pager'
import { useAppCommands } from './features/keyboard/use-app-commands'
import { NoticeBanner } from './features/notices/NoticeBanner'
import { ArticleView } from './features/reader/ArticleView'
import { ReaderToolbar } from './features/reader/ReaderToolbar'
import { ShortcutsDialog } from './features/keyboard/ShortcutsDialog'
import { useKeyboard } from './features/keyboard/use-keyboard'
import type { Action } from './features/keyboard/shortcuts'
import { SettingsPopover } from './features/settings/SettingsPopover'
import { useApplySettings, useReaderSettings } from './features/settings/use-reader-settings'
import { SourcesPane } from './features/sources/SourcesPane'
import { AllNotesView } from './features/notes/AllNotesView'
import { NotesSplit } from './features/notes/NotesSplit'
import { NotesToggle } from './features/notes/NotesToggle'
import { jumpTo, runNotesCommand, setAllNotesOpen, useNotesUi, type NoteTarget } from './features/notes/notes-ui'
import { isSmart, listParams, sameSource, sourceTitle, type Source } from './features/sources/source'
import './styles/app.css'

interface Selection {
  id: string | null
  /** Position in the current list, when the article was opened from it. */
  index: number | null
}

export function App() {
  const { api, browserMode } = useConnection()
  const qc = useQueryClient()
  useLibraryEvents()
  const overview = useOverview()
  const { settings, update } = useReaderSettings()
  useApplySettings(settings)

  const [source, setSource] = useState<Source>({ kind: 'all' })
  const [unreadOnly, setUnreadOnly] = useState(false)
  // Every visit to a source gets a fresh list; within a visit, rows stay where they are.
  const [epoch, setEpoch] = useState(0)
  const order = settings?.listOrder ?? 'newest'
  const params = useMemo(() => listParams(source, unreadOnly, order), [source, unreadOnly, order])
  const search = useSearch(source, overview.data)
  const listPager = useArticlePager(params, epoch)
  const searchPager = useSearchPager(search.params, epoch)
  const pager = search.active ? searchPager : listPager

  const [selection, setSelection] = useState<Selection>({ id: null, index: null })
  const selectionRef = useRef(selection)
  selectionRef.current = selection
  const [history, setHistory] = useState<string[]>([])
  const [headlineVisible, setHeadlineVisible] = useState(true)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)
  const [status, announce] = useStatus()
  const refresh = useRefresh(announce)
  const markAllRead = useMarkAllRead(announce)
  useAppCommands(() => (setSettingsOpen(false), setShortcutsOpen(true)))
  // Positions belong to one list: search results and the list number their rows apart.
  useEffect(() => setSelection((s) => (s.index === null ? s : { id: s.id, index: null })), [pager.key])

  const listRef = useRef<HTMLDivElement>(null)
  const readerRef = useRef<HTMLDivElement>(null)

  const article = useArticle(selection.id)
  const setRead = useSetRead()
  const setStarred = useSetStarred()

  const listRow = selection.id !== null && selection.index !== null ? pager.rowAt(selection.index) : undefined
  const current: Pick<Article, 'id' | 'read' | 'starred' | 'url' | 'title'> | undefined =
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

  const notesView = useNotesUi((s) => s.allNotesOpen)
  const openNote = useCallback((id: string, target: NoteTarget) => {
    jumpTo(id, target)
    setHistory([])
    if (selectionRef.current.id !== id) autoMarked.current = null
    setSelection({ id, index: pager.indexOf(id) })
  }, [pager])

  const selectSource = (next: Source) => {
    setAllNotesOpen(false)
    setSource(next)
    search.clear()
    setEpoch((e) => e + 1)
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

  const openExternal = useCallback(
    async (url: string) => {
      try {
        const { opened } = await api.invoke('app:openExternal', { url })
        if (opened) return
        // In a browser tab the host may have no desktop to open a browser on; a new tab
        // is the same thing from where the reader sits. This window never navigates.
        // (With noopener, window.open returns null even when it worked.)
        if (browserMode) window.open(url, '_blank', 'noopener,noreferrer')
        else announce('The link could not be opened.')
      } catch (error) {
        announce(error instanceof Error ? error.message : 'The link could not be opened.')
      }
    },
    [api, browserMode, announce],
  )

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

  const toggleStar = () => {
    if (!current) return false
    setStarred.mutate({ id: current.id, starred: !current.starred })
    announce(current.starred ? 'Removed star' : 'Starred')
  }

  const toggleRead = () => {
    if (!current) return false
    setRead.mutate({ ids: [current.id], read: !current.read })
    announce(current.read ? 'Marked as unread' : 'Marked as read')
  }

  const run = (action: Action): boolean | void => {
    switch (action) {
      case 'next':
        return void move(1)
      case 'previous':
        return void move(-1)
      case 'first':
        return void (pager.total ? moveTo(0) : undefined)
      case 'last':
        return void (pager.total ? moveTo(pager.total - 1) : undefined)
      case 'nextUnread':
        return void moveToUnread(1)
      case 'previousUnread':
        return void moveToUnread(-1)
      case 'toggleStar':
        return toggleStar()
      case 'toggleRead':
        return toggleRead()
      case 'openOriginal':
        if (!current?.url) return false
        return void openExternal(current.url)
      case 'back':
        return goBack()
      case 'pageDown':
      case 'pageUp': {
        const el = readerRef.current
        if (!el || !selection.id) return action === 'pageDown' ? void moveToUnread(1) : false
        // Still loading: there is nothing to scroll yet, and that is not "the end".
        if (article.data?.id !== selection.id) return
        const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 4
        if (action === 'pageDown' && atEnd) return void moveToUnread(1)
        el.scrollBy({ top: (action === 'pageDown' ? 1 : -1) * el.clientHeight * 0.85, behavior: 'smooth' })
        return
      }
      case 'highlightSelection':
        return runNotesCommand('highlight')
      case 'highlightWithNote':
        return runNotesCommand('highlightWithNote')
      case 'focusComment':
        return runNotesCommand('comment')
      case 'refresh':
        return void refresh.start()
      case 'markAllRead':
        if (search.active || notesView) return false
        return void markAllRead(source, title)
      case 'search':
        if (!notesView) return void search.focus()
        setAllNotesOpen(false)
        requestAnimationFrame(search.focus)
        return
      case 'showShortcuts':
        setSettingsOpen(false)
        setShortcutsOpen(true)
        return
      case 'close':
        if (settingsOpen) return void setSettingsOpen(false)
        if (search.text || document.activeElement === search.inputRef.current) {
          search.clear()
          requestAnimationFrame(() => listRef.current?.focus())
          return
        }
        return false
    }
  }
  useKeyboard(run)

  const counts = overview.data?.counts
  const libraryEmpty = counts?.all === 0
  const title = search.active ? searchTitle(search) : sourceTitle(source, overview.data)
  const backTitle = history.length > 0 ? (qc.getQueryData<Article>(keys.article(history[history.length - 1]!))?.title ?? '') : null

  return (
    <div className="app">
      <NoticeBanner />
      <div className="panes">
        <SourcesPane
          overview={overview.data}
          loading={overview.isPending}
          error={overview.error}
          onRetry={() => void overview.refetch()}
          source={source}
          onSelect={selectSource}
          refresh={refresh}
          announce={announce}
          footer={
            <>
              <button type="button" className="footer-button" onClick={() => setShortcutsOpen(true)}>
                <Icon name="keyboard" size={16} />
                Keyboard shortcuts
                <Kbd>?</Kbd>
              </button>
            </>
          }
        />
        <main className="content">
          <section className="list-pane" aria-labelledby="list-title">
            {notesView ? (
              <AllNotesView onOpen={openNote} currentArticleId={selection.id} />
            ) : (
              <>
                <ListHeader
                  title={title}
                  total={pager.total}
                  filter={params.filter}
                  unreadToggle={isSmart(source) ? null : { unreadOnly, onChange: (v) => (setUnreadOnly(v), setEpoch((e) => e + 1)) }}
                  search={search}
                  onSubmitSearch={() => (listRef.current?.focus(), pager.total ? void moveTo(0) : undefined)}
                  onMarkAllRead={search.active ? null : () => markAllRead(source, title)}
                  order={{ value: order, onChange: (listOrder) => (update({ listOrder }), setEpoch((e) => e + 1)) }}
                />
                <ArticleList
                  pager={pager}
                  label={search.active ? `Results for “${search.query}”` : title}
                  selectedId={selection.id}
                  selectedIndex={selection.index}
                  onOpen={openFromList}
                  listRef={listRef}
                  empty={search.active ? <SearchEmpty search={search} /> : <ListEmpty source={source} unreadOnly={unreadOnly} libraryEmpty={libraryEmpty} />}
                />
              </>
            )}
            <div className={`toast${status ? ' is-visible' : ''}`} role="status" aria-live="polite">
              {status}
            </div>
          </section>
          <section className="reader-pane" aria-label="Reader">
            <ReaderToolbar
              article={current ?? null}
              backTitle={backTitle}
              title={selection.id && !headlineVisible ? (current?.title ?? null) : null}
              onBack={goBack}
              onToggleStar={toggleStar}
              onToggleRead={toggleRead}
              onOpenOriginal={() => current?.url && void openExternal(current.url)}
              trailing={
                <>
                  <NotesToggle articleId={selection.id} />
                  <SettingsPopover open={settingsOpen} onOpenChange={setSettingsOpen} settings={settings} update={update} />
                </>
              }
            />
            <NotesSplit articleId={selection.id}>
              <div className="reader-scroll" ref={readerRef}>
                {selection.id ? (
                  <ArticleView
                    id={selection.id}
                    scrollRef={readerRef}
                    onOpenArticle={openLinked}
                    onOpenExternal={(url) => void openExternal(url)}
                    onHeadlineVisible={setHeadlineVisible}
                  />
                ) : (
                  <ReaderEmpty libraryEmpty={libraryEmpty} />
                )}
              </div>
            </NotesSplit>
          </section>
        </main>
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <LibraryDialogs
        overview={overview.data}
        online={refresh.online}
        announce={announce}
        onOpenFeed={(id) => selectSource({ kind: 'feed', id })}
        onOpenArticle={openLinked}
        onRefresh={(ids) => refresh.start(ids)}
      />
    </div>
  )
}

function ReaderEmpty({ libraryEmpty }: { libraryEmpty: boolean }) {
  if (libraryEmpty) return <div className="reader-empty" />
  return (
    <div className="reader-empty">
      <EmptyState icon="book" title="Pick an article to read">
        <p>
          Choose one from the list, or press <Kbd>j</Kbd> to start at the top and <Kbd>n</Kbd> to jump to the next unread.
        </p>
        <p>
          Press <Kbd>?</Kbd> for every keyboard shortcut.
        </p>
      </EmptyState>
    </div>
  )
}

/** A short message for the toast and for screen readers (the same live region). */
function useStatus(): [string, (message: string) => void] {
  const [message, setMessage] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const announce = useCallback((text: string) => {
    clearTimeout(timer.current)
    setMessage(text)
    timer.current = setTimeout(() => setMessage(''), 2500)
  }, [])
  useEffect(() => () => clearTimeout(timer.current), [])
  return [message, announce]
}
