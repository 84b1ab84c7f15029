import type { ReactNode } from 'react'
import { Icon } from '../../components/Icon'

interface Props {
  article: { read: boolean; starred: boolean; url: string } | null
  backTitle: string | null
  /** The headline, shown once it has scrolled out of view. */
  title: string | null
  onBack: () => void
  onToggleStar: () => void
  onToggleRead: () => void
  onOpenOriginal: () => void
  trailing: ReactNode
}

export function ReaderToolbar({ article, backTitle, title, onBack, onToggleStar, onToggleRead, onOpenOriginal, trailing }: Props) {
  return (
    <div className="toolbar reader-toolbar" role="toolbar" aria-label="Article actions">
      {backTitle !== null ? (
        <button type="button" className="tool-button back-button" onClick={onBack} title={backTitle ? `Back to “${backTitle}”` : 'Back'}>
          <Icon name="back" />
          <span className="back-label">Back</span>
        </button>
      ) : null}
      <span className="toolbar-spacer toolbar-title-slot">
        <span className={`toolbar-title${title ? ' is-visible' : ''}`} aria-hidden="true">
          {title}
        </span>
      </span>
      <button
        type="button"
        className={`tool-button${article?.starred ? ' is-starred' : ''}`}
        aria-pressed={article ? article.starred : undefined}
        disabled={!article}
        onClick={onToggleStar}
        title="Star (s)"
      >
        <Icon name="star" filled={Boolean(article?.starred)} />
        <span className="visually-hidden">Star</span>
      </button>
      <button
        type="button"
        className="tool-button"
        disabled={!article}
        onClick={onToggleRead}
        title={article?.read === false ? 'Mark as read (m)' : 'Mark as unread (m)'}
      >
        <Icon name={article?.read === false ? 'read' : 'markUnread'} />
        <span className="visually-hidden">{article?.read === false ? 'Mark as read' : 'Mark as unread'}</span>
      </button>
      <button type="button" className="tool-button" disabled={!article?.url} onClick={onOpenOriginal} title="Open original (o)">
        <Icon name="external" />
        <span className="visually-hidden">Open original</span>
      </button>
      <span className="toolbar-divider" aria-hidden="true" />
      {trailing}
    </div>
  )
}
