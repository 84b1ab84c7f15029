import { Icon } from '../../components/Icon'
import { SearchBox, SearchFilters, type SearchState } from '../search'

interface Props {
  title: string
  total: number | null
  filter: 'all' | 'unread' | 'starred'
  /** Offered for feeds and folders; the smart views are filters already. */
  unreadToggle: { unreadOnly: boolean; onChange: (unreadOnly: boolean) => void } | null
  search?: SearchState
  /** Enter in the search box: to the results. */
  onSubmitSearch?: () => void
  /** Marks every article of the view as read; null where that does not apply. */
  onMarkAllRead?: (() => void) | null
  /** Newest or oldest first (search results are ranked instead). */
  order?: { value: 'newest' | 'oldest'; onChange: (order: 'newest' | 'oldest') => void }
}

export function ListHeader({ title, total, filter, unreadToggle, search, onSubmitSearch, onMarkAllRead, order }: Props) {
  const searching = search?.active ?? false
  const noun = searching
    ? total === 1
      ? 'result'
      : 'results'
    : filter === 'unread'
      ? 'unread'
      : filter === 'starred'
        ? 'starred'
        : total === 1
          ? 'article'
          : 'articles'
  return (
    <>
      <div className="toolbar list-header">
        <div className="list-heading">
          <h2 id="list-title" className="list-title">
            {title}
          </h2>
          <p className="list-count" aria-live="polite">
            {total === null || total === 0 ? '\u00a0' : `${total.toLocaleString()} ${noun}`}
          </p>
        </div>
        {!searching ? (
          <div className="list-actions">
            {unreadToggle ? (
              <div className="segmented compact" role="group" aria-label="Show">
                <button type="button" className="segment-button" aria-pressed={!unreadToggle.unreadOnly} onClick={() => unreadToggle.onChange(false)}>
                  All
                </button>
                <button type="button" className="segment-button" aria-pressed={unreadToggle.unreadOnly} onClick={() => unreadToggle.onChange(true)}>
                  Unread
                </button>
              </div>
            ) : null}
            {order ? (
              <button
                type="button"
                className="tool-button"
                onClick={() => order.onChange(order.value === 'newest' ? 'oldest' : 'newest')}
                aria-pressed={order.value === 'oldest'}
                title={order.value === 'newest' ? 'Newest first: show oldest first' : 'Oldest first: show newest first'}
              >
                <Icon name={order.value === 'newest' ? 'sortNewest' : 'sortOldest'} />
                <span className="visually-hidden">Oldest first</span>
              </button>
            ) : null}
            {onMarkAllRead ? (
              <button type="button" className="tool-button" onClick={onMarkAllRead} title="Mark all as read (Shift A)" aria-keyshortcuts="Shift+A">
                <Icon name="markAll" />
                <span className="visually-hidden">Mark all as read</span>
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {search ? (
        <div className="list-search">
          <SearchBox search={search} onSubmit={onSubmitSearch ?? (() => {})} />
          {searching ? <SearchFilters search={search} /> : null}
        </div>
      ) : null}
    </>
  )
}
