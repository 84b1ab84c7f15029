import { useState } from 'react'
import { useLibraryEvents, useOverview } from './api/queries'
import { Icon } from './components/Icon'
import { Kbd } from './components/Kbd'
import { useCommands } from './lib/command-registry'
import { isSmart } from './lib/source'
import { useStatus } from './lib/use-status'
// In this order: each feature brings its stylesheet, and this keeps their cascade as it was.
import { ArticleList, ListEmpty, ListHeader, useMarkAllRead } from './features/list'
import { LibraryDialogs, openLibraryDialog } from './features/library'
import { useNavigation } from './features/navigation'
import { SearchEmpty } from './features/search'
import { NoticeBanner } from './features/notices'
import { ArticleView, ReaderEmpty, ReaderToolbar, useArticleActions } from './features/reader'
import { ShortcutsDialog, useAppCommands, useKeyboard, useShortcutsDialog } from './features/keyboard'
import { SettingsPopover, useApplySettings, useReaderSettings } from './features/settings'
import { SourcesPane } from './features/sources'
import { useRefresh } from './features/refresh'
import { AllNotesView, NotesSplit, NotesToggle } from './features/notes'
import './styles/app.css'

export function App() {
  useLibraryEvents()
  const overview = useOverview()
  const { settings, update } = useReaderSettings()
  useApplySettings(settings)
  const [status, announce] = useStatus()

  const nav = useNavigation({ overview: overview.data, settings, update, announce })
  const { search, pager, selection, current } = nav
  const article = useArticleActions(current, announce)
  const refresh = useRefresh(announce)
  const markAllRead = useMarkAllRead(announce, search.active || nav.notesView ? null : { source: nav.source, title: nav.title })

  const [headlineVisible, setHeadlineVisible] = useState(true)
  const [settingsOpen, setSettingsOpen] = useState(false)
  // The menu's Keyboard Shortcuts may come while a dialog of ours is open; it wins, as in any app.
  const shortcuts = useShortcutsDialog(() => (setSettingsOpen(false), openLibraryDialog(null)))
  useCommands({ close: () => (settingsOpen ? void setSettingsOpen(false) : nav.leaveSearch()) })
  useKeyboard()
  useAppCommands()

  const libraryEmpty = overview.data?.counts.all === 0

  return (
    <div className="app">
      <NoticeBanner />
      <div className="panes">
        <SourcesPane
          overview={overview.data}
          loading={overview.isPending}
          error={overview.error}
          onRetry={() => void overview.refetch()}
          source={nav.source}
          onSelect={nav.selectSource}
          refresh={refresh}
          announce={announce}
          footer={
            <>
              <button type="button" className="footer-button" onClick={shortcuts.show}>
                <Icon name="keyboard" size={16} />
                Keyboard shortcuts
                <Kbd>?</Kbd>
              </button>
            </>
          }
        />
        <main className="content">
          <section className="list-pane" aria-labelledby="list-title">
            {nav.notesView ? (
              <AllNotesView onOpen={nav.openNote} currentArticleId={selection.id} />
            ) : (
              <>
                <ListHeader
                  title={nav.title}
                  total={pager.total}
                  filter={nav.params.filter}
                  unreadToggle={isSmart(nav.source) ? null : { unreadOnly: nav.unreadOnly, onChange: nav.setUnreadOnly }}
                  search={search}
                  onSubmitSearch={nav.submitSearch}
                  onMarkAllRead={markAllRead}
                  order={{ value: nav.order, onChange: nav.setOrder }}
                />
                <ArticleList
                  pager={pager}
                  label={search.active ? `Results for “${search.query}”` : nav.title}
                  selectedId={selection.id}
                  selectedIndex={selection.index}
                  onOpen={nav.openFromList}
                  listRef={nav.listRef}
                  empty={search.active ? <SearchEmpty search={search} /> : <ListEmpty source={nav.source} unreadOnly={nav.unreadOnly} libraryEmpty={libraryEmpty} />}
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
              backTitle={nav.backTitle}
              title={selection.id && !headlineVisible ? (current?.title ?? null) : null}
              onBack={nav.goBack}
              onToggleStar={article.toggleStar}
              onToggleRead={article.toggleRead}
              onOpenOriginal={article.openOriginal}
              trailing={
                <>
                  <NotesToggle articleId={selection.id} />
                  <SettingsPopover open={settingsOpen} onOpenChange={setSettingsOpen} settings={settings} update={update} />
                </>
              }
            />
            <NotesSplit articleId={selection.id}>
              <div className="reader-scroll" ref={nav.readerRef}>
                {selection.id ? (
                  <ArticleView
                    id={selection.id}
                    scrollRef={nav.readerRef}
                    onOpenArticle={nav.openLinked}
                    onOpenExternal={(url) => void article.openExternal(url)}
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
      <ShortcutsDialog open={shortcuts.open} onClose={shortcuts.close} />
      <LibraryDialogs
        overview={overview.data}
        online={refresh.online}
        announce={announce}
        onOpenFeed={(id) => nav.selectSource({ kind: 'feed', id })}
        onOpenArticle={nav.openLinked}
        onRefresh={(ids) => refresh.start(ids)}
      />
    </div>
  )
}
