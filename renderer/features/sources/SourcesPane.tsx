import { useMemo, useState, type CSSProperties, type ReactNode } from 'react'
import type { FeedInfo, LibraryOverview } from '../../../preload/contract'
import { Icon, type IconName } from '../../components/Icon'
import { sameSource, type Source } from './source'
import { AllNotesEntry, useAllNotesOpen } from '../notes/AllNotesEntry'
import './sources.css'

interface Props {
  overview: LibraryOverview | undefined
  loading: boolean
  error: Error | null
  onRetry: () => void
  source: Source
  onSelect: (source: Source) => void
  footer?: ReactNode
}

export function SourcesPane({ overview, loading, error, onRetry, source, onSelect, footer }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (id: string) =>
    setCollapsed((old) => {
      const next = new Set(old)
      if (!next.delete(id)) next.add(id)
      return next
    })

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

  return (
    <nav className="sources" aria-label="Sources">
      <div className="sources-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="book" size={16} />
          </span>
          Offprint
        </span>
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

        {overview && overview.feeds.length > 0 ? (
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
                return (
                  <li key={folder.id} className="folder">
                    <div className={`source-row folder-row${is({ kind: 'folder', id: folder.id }) ? ' is-current' : ''}`}>
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
                        aria-current={is({ kind: 'folder', id: folder.id }) ? 'page' : undefined}
                        onClick={() => onSelect({ kind: 'folder', id: folder.id })}
                      >
                        <Icon name="folder" size={16} />
                        <span className="source-label">{folder.name}</span>
                        {!open && errors > 0 ? <ErrorMark message={`${errors} feed${errors > 1 ? 's' : ''} in this folder failed to refresh`} /> : null}
                        <Count value={unread} label="unread" />
                      </button>
                    </div>
                    {open && feeds.length > 0 ? (
                      <ul className="source-list nested">
                        {feeds.map((feed) => (
                          <FeedRow key={feed.id} feed={feed} current={is({ kind: 'feed', id: feed.id })} onSelect={onSelect} />
                        ))}
                      </ul>
                    ) : null}
                  </li>
                )
              })}
              {loose.map((feed) => (
                <FeedRow key={feed.id} feed={feed} current={is({ kind: 'feed', id: feed.id })} onSelect={onSelect} />
              ))}
            </ul>
          </>
        ) : null}
        {loading && !overview ? <div className="sources-loading" aria-hidden="true" /> : null}
      </div>
      {footer ? <div className="sources-footer">{footer}</div> : null}
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

function FeedRow({ feed, current, onSelect }: { feed: FeedInfo; current: boolean; onSelect: (s: Source) => void }) {
  return (
    <li>
      <button
        type="button"
        className={`source-row source-button feed-row${current ? ' is-current' : ''}`}
        aria-current={current ? 'page' : undefined}
        onClick={() => onSelect({ kind: 'feed', id: feed.id })}
        title={feed.error ? `${feed.title}: ${feed.error}` : feed.title}
      >
        <Monogram text={feed.title} />
        <span className="source-label">{feed.title || feed.url}</span>
        {feed.error ? <ErrorMark message={`Last refresh failed: ${feed.error}`} /> : null}
        <Count value={feed.unread} label="unread" />
      </button>
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

/** A feed's initial on a tint derived from its name: recognisable without fetching favicons. */
function Monogram({ text }: { text: string }) {
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0
  const hue = Math.abs(hash) % 360
  const letter = (text.trim().match(/[\p{L}\p{N}]/u)?.[0] ?? '•').toUpperCase()
  return (
    <span className="monogram" aria-hidden="true" style={{ '--hue': hue } as CSSProperties}>
      {letter}
    </span>
  )
}
