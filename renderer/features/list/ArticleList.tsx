import { memo, useCallback, useEffect, useMemo, type ReactNode, type RefObject } from 'react'
import { useQueries } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ArticleSummary } from '../../../common/contract'
import { useConnection } from '../../api/bridge'
import { PAGE_SIZE, useOverview } from '../../api/queries'
import { mediaUrl } from '../../api/media'
import { fullDate, shortDate } from '../../components/format-date'
import { Icon } from '../../components/Icon'
import { SourceIcon } from '../../components/SourceIcon'
import { hostOf } from '../../lib/host-of'
import type { ArticlePager } from '../../lib/pager'
import { NoteCount } from '../notes'
// Ahead of search's: the list's stylesheet comes before the search box's, as it always has.
import './list.css'
import { Highlight, isSearchRow } from '../search'

export const ROW_HEIGHT = 112

interface Props {
  pager: ArticlePager
  label: string
  selectedId: string | null
  selectedIndex: number | null
  onOpen: (index: number, row: ArticleSummary) => void
  empty: ReactNode
  listRef: RefObject<HTMLDivElement | null>
}

export const optionId = (articleId: string) => `article-option-${articleId}`

export function ArticleList({ pager, label, selectedId, selectedIndex, onOpen, empty, listRef }: Props) {
  const { browserMode } = useConnection()
  const total = pager.total ?? 0
  const overview = useOverview()
  const icons = useMemo(() => new Map((overview.data?.feeds ?? []).flatMap((f) => (f.icon ? [[f.id, f.icon] as const] : []))), [overview.data])

  // Stable, or the virtualizer re-measures all 50,000 rows on every render of a scroll.
  const getItemKey = useCallback((index: number) => `${pager.key}:${index}`, [pager.key])
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey,
  })
  const items = virtualizer.getVirtualItems()

  // Subscribe to exactly the pages on screen; everything else can be collected.
  const pages = useMemo(() => {
    if (items.length === 0) return []
    const firstPage = Math.floor(items[0]!.index / PAGE_SIZE)
    const lastPage = Math.floor(items[items.length - 1]!.index / PAGE_SIZE)
    const out: number[] = []
    for (let p = firstPage; p <= lastPage; p++) out.push(p)
    return out
  }, [items])
  useQueries({ queries: pages.map((p) => pager.pageQuery(p)) })

  // A new source (or a new search) starts at the top.
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 })
  }, [pager.key, listRef])

  useEffect(() => {
    if (selectedIndex !== null && selectedIndex < total) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, total, virtualizer])

  const selectedRendered = selectedId !== null && items.some((it) => pager.rowAt(it.index)?.id === selectedId)

  if (pager.error && pager.total === null) {
    return (
      <div className="list-message" role="alert">
        <p>Couldn’t load articles. {pager.error.message}</p>
        <button type="button" className="button-quiet" onClick={pager.retry}>
          Try again
        </button>
      </div>
    )
  }

  if (pager.total === 0) return <div className="list-message">{empty}</div>

  return (
    <div
      ref={listRef}
      className="article-list"
      role="listbox"
      aria-label={label}
      aria-busy={pager.isPending}
      tabIndex={0}
      aria-activedescendant={selectedRendered && selectedId ? optionId(selectedId) : undefined}
    >
      <div className="article-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = pager.rowAt(item.index)
          return (
            <div key={item.key} className="article-row-slot" style={{ transform: `translateY(${item.start}px)` }}>
              {row ? (
                <Row
                  row={row}
                  index={item.index}
                  total={total}
                  selected={row.id === selectedId}
                  icon={row.feedId ? icons.get(row.feedId) : undefined}
                  browserMode={browserMode}
                  onOpen={onOpen}
                />
              ) : (
                <div className="article-row is-placeholder" role="option" aria-selected={false} aria-disabled="true" aria-label="Loading">
                  <span className="ph ph-meta" />
                  <span className="ph ph-title" />
                  <span className="ph ph-line" />
                  <span className="ph ph-line short" />
                </div>
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** Memoized: while the list scrolls only the rows coming into view render. */
const Row = memo(function Row(props: {
  row: ArticleSummary
  index: number
  total: number
  selected: boolean
  icon: string | undefined
  browserMode: boolean
  onOpen: (index: number, row: ArticleSummary) => void
}) {
  const { row, index, total, selected } = props
  const titleId = `${optionId(row.id)}-title`
  const metaId = `${optionId(row.id)}-meta`
  return (
    <div
      id={optionId(row.id)}
      className={`article-row${row.read ? ' is-read' : ' is-unread'}${selected ? ' is-selected' : ''}`}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-labelledby={titleId}
      aria-describedby={metaId}
      data-article-id={row.id}
      onClick={() => props.onOpen(index, row)}
    >
      <span className="row-marker" aria-hidden="true">
        {row.starred ? <Icon name="star" size={12} filled /> : !row.read ? <span className="unread-dot" /> : null}
      </span>
      <div className="row-text">
        <div className="row-meta" id={metaId}>
          <SourceIcon name={row.siteName || hostOf(row.url)} icon={props.icon} size={14} />
          <span className="row-site">{row.siteName || hostOf(row.url)}</span>
          <time className="row-date" dateTime={row.published} title={fullDate(row.published)}>
            {shortDate(row.published)}
          </time>
          <NoteCount count={row.notes} />
          <span className="visually-hidden">
            {row.read ? '' : ', unread'}
            {row.starred ? ', starred' : ''}
          </span>
        </div>
        {isSearchRow(row) ? (
          <>
            <div className="row-title" id={titleId}>
              <Highlight text={row.title || 'Untitled'} matches={row.matches} />
            </div>
            {row.snippet ? (
              <div className="row-snippet">
                <Highlight text={row.snippet} matches={row.matches} />
              </div>
            ) : null}
          </>
        ) : (
          <>
            <div className="row-title" id={titleId}>
              {row.title || 'Untitled'}
            </div>
            {row.excerpt ? <div className="row-excerpt">{row.excerpt}</div> : null}
          </>
        )}
      </div>
      {row.image ? <img className="row-thumb" src={mediaUrl(row.image, props.browserMode)} alt="" loading="lazy" decoding="async" /> : null}
    </div>
  )
})
