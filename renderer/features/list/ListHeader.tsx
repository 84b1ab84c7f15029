interface Props {
  title: string
  total: number | null
  filter: 'all' | 'unread' | 'starred'
  /** Offered for feeds and folders; the smart views are filters already. */
  unreadToggle: { unreadOnly: boolean; onChange: (unreadOnly: boolean) => void } | null
}

export function ListHeader({ title, total, filter, unreadToggle }: Props) {
  const noun = filter === 'unread' ? 'unread' : filter === 'starred' ? 'starred' : total === 1 ? 'article' : 'articles'
  return (
    <div className="toolbar list-header">
      <div className="list-heading">
        <h2 id="list-title" className="list-title">
          {title}
        </h2>
        <p className="list-count" aria-live="polite">
          {total === null || total === 0 ? '\u00a0' : `${total.toLocaleString()} ${noun}`}
        </p>
      </div>
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
    </div>
  )
}
