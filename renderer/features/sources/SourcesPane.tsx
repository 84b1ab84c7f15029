import { useMemo, useRef, useState, type CSSProperties, type MouseEvent, type ReactNode } from 'react'
import type { FeedInfo, LibraryOverview } from '../../../common/contract'
import type { Folder } from '../../../common/model'
import { Icon, type IconName } from '../../components/Icon'
import { SourceIcon } from '../../components/SourceIcon'
import { Menu, MenuButton, useMenu, type MenuEntry } from '../../components/Menu'
import { plural } from '../../lib/plural'
import { sameSource, type Source } from '../../lib/source'
import { openLibraryDialog, useLibraryActions } from '../library'
import { AllNotesEntry, useAllNotesOpen } from '../notes'
import { RefreshButton, RefreshStatus, type RefreshState } from '../refresh'
import { SourceDialogs, type SourceDialog } from './source-dialogs'
import './sources.css'

interface Props {
  overview: LibraryOverview | undefined
  loading: boolean
  error: Error | null
  onRetry: () => void
  source: Source
  onSelect: (source: Source) => void
  footer?: ReactNode
  /** The refresh button, progress bar and offline note; left out, the pane shows none. */
  refresh?: RefreshState
  /** A short confirmation for the toast ("Folder created"). */
  announce?: (message: string) => void
}

const quiet = () => {}

export function SourcesPane({ overview, loading, error, onRetry, source, onSelect, footer, refresh, announce = quiet }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (id: string) =>
    setCollapsed((old) => {
      const next = new Set(old)
      if (!next.delete(id)) next.add(id)
      return next
    })
  const actions = useLibraryActions()
  const menu = useMenu()
  const [dialog, setDialog] = useState<SourceDialog | null>(null)
  const navRef = useRef<HTMLElement>(null)

  const { byFolder, loose } = useMemo(() => {
    const byFolder = new Map<string, FeedInfo[]>()
    const loose: FeedInfo[] = []
    const folderIds = new Set(overview?.folders.map((f) => f.id))
    for (const feed of overview?.feeds ?? []) {
      if (feed.folderId && folderIds.has(feed.folderId)) {
        const list = byFolder.get(feed.folderId) ?? []
        list.push(feed)
        byFolder.set(feed.folderId, list)
      } else loose.push(feed)
    }
    const byTitle = (a: FeedInfo, b: FeedInfo) => a.title.localeCompare(b.title)
    for (const list of byFolder.values()) list.sort(byTitle)
    loose.sort(byTitle)
    return { byFolder, loose }
  }, [overview])

  const counts = overview?.counts
  const notesOpen = useAllNotesOpen()
  const is = (s: Source) => !notesOpen && sameSource(s, source)
  const failed = (err: unknown) => announce(err instanceof Error ? err.message : String(err))

  const markRead = (scope: Source, name: string) =>
    actions
      .markAllRead(scope)
      .then((n) => announce(n ? `Marked ${plural(n, 'article')} in ${name} as read` : `Nothing unread in ${name}`))
      .catch(failed)

  const feedEntries = (feed: FeedInfo): MenuEntry[] => [
    { kind: 'item', label: 'Refresh', icon: 'refresh', disabled: !refresh || !refresh.online || refresh.running, onSelect: () => refresh?.start([feed.id]) },
    { kind: 'item', label: 'Mark all as read', icon: 'markAll', disabled: feed.unread === 0, onSelect: () => void markRead({ kind: 'feed', id: feed.id }, feed.title) },
    { kind: 'separator' },
    { kind: 'item', label: 'Rename…', onSelect: () => setDialog({ kind: 'renameFeed', feed }) },
    { kind: 'item', label: 'Move to folder…', icon: 'folder', onSelect: () => setDialog({ kind: 'moveFeed', feed }) },
    {
      kind: 'check',
      label: 'Download full articles',
      checked: feed.fullText,
      onSelect: () =>
        void actions
          .setFullText(feed.id, !feed.fullText)
          .then(() => announce(feed.fullText ? `${feed.title}: articles as the feed gives them` : `${feed.title}: full articles from the next refresh`))
          .catch(failed),
    },
    {
      kind: 'item',
      label: 'Copy feed address',
      icon: 'link',
      onSelect: () =>
        void navigator.clipboard
          ?.writeText(feed.url)
          .then(() => announce('Feed address copied'))
          .catch(() => announce(feed.url)),
    },
    { kind: 'separator' },
    { kind: 'item', label: 'Unsubscribe…', danger: true, onSelect: () => setDialog({ kind: 'removeFeed', feed }) },
  ]

  const folderEntries = (folder: Folder): MenuEntry[] => {
    const feeds = byFolder.get(folder.id) ?? []
    const unread = feeds.reduce((n, f) => n + f.unread, 0)
    return [
      {
        kind: 'item',
        label: 'Refresh folder',
        icon: 'refresh',
        disabled: !refresh || !refresh.online || refresh.running || feeds.length === 0,
        onSelect: () => refresh?.start(feeds.map((f) => f.id)),
      },
      { kind: 'item', label: 'Mark all as read', icon: 'markAll', disabled: unread === 0, onSelect: () => void markRead({ kind: 'folder', id: folder.id }, folder.name) },
      { kind: 'item', label: 'Add a feed here…', icon: 'plus', onSelect: () => openLibraryDialog({ kind: 'addFeed', folderId: folder.id }) },
      { kind: 'separator' },
      { kind: 'item', label: 'Rename…', onSelect: () => setDialog({ kind: 'renameFolder', folder }) },
      { kind: 'item', label: 'Delete folder…', danger: true, onSelect: () => setDialog({ kind: 'removeFolder', folder }) },
    ]
  }

  const addEntries: MenuEntry[] = [
    { kind: 'item', label: 'Add a feed…', icon: 'feed', onSelect: () => openLibraryDialog({ kind: 'addFeed' }) },
    { kind: 'item', label: 'New folder…', icon: 'folder', onSelect: () => setDialog({ kind: 'newFolder' }) },
    { kind: 'separator' },
    { kind: 'item', label: 'Import a file…', icon: 'upload', hint: 'OPML, feed, page', onSelect: () => openLibraryDialog({ kind: 'import', focus: 'file' }) },
    { kind: 'item', label: 'Save a link…', icon: 'link', onSelect: () => openLibraryDialog({ kind: 'import', focus: 'link' }) },
    { kind: 'separator' },
    {
      kind: 'item',
      label: 'Export subscriptions (OPML)',
      icon: 'download',
      disabled: !overview?.feeds.length,
      onSelect: () =>
        void actions
          .exportOpml()
          .then((name) => announce(`Exported ${plural(overview?.feeds.length ?? 0, 'feed')} to ${name}`))
          .catch(failed),
    },
  ]

  const menuFor = (key: string): { label: string; entries: MenuEntry[] } | null => {
    if (key === 'add') return { label: 'Add to your library', entries: addEntries }
    const [kind, id] = key.split(':') as ['feed' | 'folder', string]
    if (kind === 'feed') {
      const feed = overview?.feeds.find((f) => f.id === id)
      return feed ? { label: `Actions for ${feed.title || feed.url}`, entries: feedEntries(feed) } : null
    }
    const folder = overview?.folders.find((f) => f.id === id)
    return folder ? { label: `Actions for the folder ${folder.name}`, entries: folderEntries(folder) } : null
  }
  const openMenu = menu.placement ? menuFor(menu.placement.key) : null

  const rowMenu = (key: string, label: string) => ({
    expanded: menu.placement?.key === key,
    label,
    onOpen: (el: HTMLElement) => menu.toggleFrom(key, el),
    onContextMenu: (e: MouseEvent<HTMLElement>) => menu.openAt(key, e, e.currentTarget.querySelector<HTMLElement>('.source-button') ?? e.currentTarget),
  })

  const onRemoved = (kind: 'feed' | 'folder', id: string) => {
    if (source.kind === kind && source.id === id) onSelect({ kind: 'all' })
  }

  const showTree = overview && (overview.feeds.length > 0 || overview.folders.length > 0)

  return (
    <nav className="sources" aria-label="Sources" ref={navRef}>
      <div className="sources-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="book" size={16} />
          </span>
          Offprint
        </span>
        <span className="toolbar-spacer" />
        {refresh ? <RefreshButton refresh={refresh} /> : null}
        <MenuButton label="Add feeds, folders or files" expanded={menu.placement?.key === 'add'} onOpen={(el) => menu.toggleFrom('add', el)}>
          <Icon name="plus" />
        </MenuButton>
      </div>
      <div className="sources-scroll">
        <ul className="source-list">
          <SmartRow icon="all" label="All articles" count={counts?.all} current={is({ kind: 'all' })} onClick={() => onSelect({ kind: 'all' })} />
          <SmartRow icon="unread" label="Unread" count={counts?.unread} current={is({ kind: 'unread' })} onClick={() => onSelect({ kind: 'unread' })} />
          <SmartRow icon="star" label="Starred" count={counts?.starred} current={is({ kind: 'starred' })} onClick={() => onSelect({ kind: 'starred' })} />
          <AllNotesEntry />
        </ul>

        {error ? (
          <div className="sources-error" role="alert">
            <p>Couldn’t load your feeds. {error.message}</p>
            <button type="button" className="button-quiet" onClick={onRetry}>
              Try again
            </button>
          </div>
        ) : null}

        {showTree ? (
          <>
            <h2 className="sources-heading" id="feeds-heading">
              Feeds
            </h2>
            <ul className="source-list" aria-labelledby="feeds-heading">
              {overview.folders.map((folder) => {
                const feeds = byFolder.get(folder.id) ?? []
                const unread = feeds.reduce((n, f) => n + f.unread, 0)
                const open = !collapsed.has(folder.id)
                const errors = feeds.filter((f) => f.error).length
                const current = is({ kind: 'folder', id: folder.id })
                const m = rowMenu(`folder:${folder.id}`, `Actions for the folder ${folder.name}`)
                return (
                  <li key={folder.id} className="folder">
                    <div className={`source-row folder-row has-menu${current ? ' is-current' : ''}`} onContextMenu={m.onContextMenu}>
                      <button
                        type="button"
                        className="disclosure"
                        aria-expanded={open}
                        aria-label={`${open ? 'Collapse' : 'Expand'} ${folder.name}`}
                        onClick={() => toggle(folder.id)}
                      >
                        <Icon name="chevron" size={14} />
                      </button>
                      <button
                        type="button"
                        className="source-button"
                        data-source={`folder:${folder.id}`}
                        aria-current={current ? 'page' : undefined}
                        onClick={() => onSelect({ kind: 'folder', id: folder.id })}
                      >
                        <Icon name="folder" size={16} />
                        <span className="source-label">{folder.name}</span>
                        {!open && errors > 0 ? <ErrorMark message={`${errors} feed${errors > 1 ? 's' : ''} in this folder failed to refresh`} /> : null}
                        <Count value={unread} label="unread" />
                      </button>
                      <MenuButton className="row-menu-button" label={m.label} expanded={m.expanded} onOpen={m.onOpen} />
                    </div>
                    {open && feeds.length > 0 ? (
                      <ul className="source-list nested">
                        {feeds.map((feed) => (
                          <FeedRow key={feed.id} feed={feed} current={is({ kind: 'feed', id: feed.id })} onSelect={onSelect} menu={rowMenu(`feed:${feed.id}`, `Actions for ${feed.title || feed.url}`)} />
                        ))}
                      </ul>
                    ) : null}
                  </li>
                )
              })}
              {loose.map((feed) => (
                <FeedRow key={feed.id} feed={feed} current={is({ kind: 'feed', id: feed.id })} onSelect={onSelect} menu={rowMenu(`feed:${feed.id}`, `Actions for ${feed.title || feed.url}`)} />
              ))}
            </ul>
          </>
        ) : null}
        {overview && overview.feeds.length === 0 ? (
          <div className="sources-empty">
            <p>No feeds yet.</p>
            <button type="button" className="button-quiet" onClick={() => openLibraryDialog({ kind: 'addFeed' })}>
              <Icon name="plus" size={15} />
              Add a feed…
            </button>
          </div>
        ) : null}
        {loading && !overview ? <div className="sources-loading" aria-hidden="true" /> : null}
      </div>
      {refresh || footer ? (
        <div className="sources-footer">
          {refresh ? <RefreshStatus refresh={refresh} /> : null}
          {footer}
        </div>
      ) : null}
      {menu.placement && openMenu ? (
        <Menu label={openMenu.label} entries={openMenu.entries} opener={menu.placement.opener} point={menu.placement.point} onClose={menu.close} />
      ) : null}
      {dialog ? (
        <SourceDialogs
          key={JSON.stringify(dialog)}
          dialog={dialog}
          overview={overview}
          actions={actions}
          announce={announce}
          onClose={() => setDialog(null)}
          onRemoved={onRemoved}
          fallbackFocus={() => {
            // The row may have been rebuilt (moved to another folder), or be gone (unsubscribed).
            const nav = navRef.current
            const own = 'feed' in dialog ? `feed:${dialog.feed.id}` : 'folder' in dialog ? `folder:${dialog.folder.id}` : ''
            return (
              (own ? nav?.querySelector<HTMLElement>(`[data-source="${own}"]`) : null) ??
              nav?.querySelector<HTMLElement>('.source-button[aria-current=page]') ??
              nav?.querySelector<HTMLElement>('.source-button') ??
              null
            )
          }}
        />
      ) : null}
    </nav>
  )
}

function SmartRow(props: { icon: IconName; label: string; count: number | undefined; current: boolean; onClick: () => void }) {
  return (
    <li>
      <button
        type="button"
        className={`source-row source-button smart${props.current ? ' is-current' : ''}`}
        aria-current={props.current ? 'page' : undefined}
        onClick={props.onClick}
      >
        <span className={`smart-icon smart-icon-${props.icon}`}>
          <Icon name={props.icon} size={16} filled={props.icon === 'unread'} />
        </span>
        <span className="source-label">{props.label}</span>
        <Count value={props.count ?? 0} label={props.icon === 'all' ? 'articles' : props.icon === 'unread' ? 'unread' : 'starred'} />
      </button>
    </li>
  )
}

interface RowMenu {
  expanded: boolean
  label: string
  onOpen: (el: HTMLElement) => void
  onContextMenu: (e: MouseEvent<HTMLElement>) => void
}

function FeedRow({ feed, current, onSelect, menu }: { feed: FeedInfo; current: boolean; onSelect: (s: Source) => void; menu: RowMenu }) {
  return (
    <li>
      <div className={`source-row has-menu${current ? ' is-current' : ''}`} onContextMenu={menu.onContextMenu}>
        <button
          type="button"
          className="source-button feed-row"
          data-source={`feed:${feed.id}`}
          aria-current={current ? 'page' : undefined}
          onClick={() => onSelect({ kind: 'feed', id: feed.id })}
          title={feed.error ? `${feed.title}: ${feed.error}` : feed.title}
        >
          <SourceIcon name={feed.title} icon={feed.icon} />
          <span className="source-label">{feed.title || feed.url}</span>
          {feed.error ? <ErrorMark message={`Last refresh failed: ${feed.error}`} /> : null}
          <Count value={feed.unread} label="unread" />
        </button>
        <MenuButton className="row-menu-button" label={menu.label} expanded={menu.expanded} onOpen={menu.onOpen} />
      </div>
    </li>
  )
}

function Count({ value, label }: { value: number; label: string }) {
  if (!value) return null
  return (
    <span className="count">
      {value.toLocaleString()}
      <span className="visually-hidden"> {label}</span>
    </span>
  )
}

function ErrorMark({ message }: { message: string }) {
  return (
    <span className="feed-error" title={message}>
      <Icon name="alert" size={14} />
      <span className="visually-hidden">{message}</span>
    </span>
  )
}

