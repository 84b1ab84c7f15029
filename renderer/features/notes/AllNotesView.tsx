// "All notes": every highlight and comment in the library, newest first, searchable;
// a click opens the article at the note. Export all notes, or import an export.
import { useEffect, useId, useRef, useState } from 'react'
import type { NoteEntry } from '../../../common/model'
import { errorMessage } from './errors'
import { Icon } from './NotesIcon'
import type { NoteTarget } from './notes-ui'
import { fullTime, relativeTime } from './relative-time'
import { useAllNotes, useNotesTransfer } from './use-notes'
import './highlights.css'
import './replies.css'
import './sidebar.css'

interface Props {
  onOpen: (articleId: string, target: NoteTarget) => void
  /** The id of the open article, to mark its notes. */
  currentArticleId: string | null
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n).trimEnd()}…` : s)

export function AllNotesView({ onOpen, currentArticleId }: Props) {
  const id = useId()
  const [query, setQuery] = useState('')
  const debounced = useDebounced(query.trim(), 250)
  const all = useAllNotes(debounced)
  const transfer = useNotesTransfer()
  const fileRef = useRef<HTMLInputElement>(null)
  const [message, setMessage] = useState<{ kind: 'status' | 'error'; text: string } | null>(null)
  const total = all.data?.total

  const exportAll = async (format: 'md' | 'json') => {
    setMessage(null)
    try {
      await transfer.exportNotes(format)
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) })
    }
  }

  const importFile = async (file: File | undefined) => {
    if (!file) return
    setMessage(null)
    try {
      setMessage({ kind: 'status', text: await transfer.importNotes(await file.text()) })
    } catch (e) {
      setMessage({ kind: 'error', text: `${file.name}: ${errorMessage(e)}` })
    } finally {
      if (fileRef.current) fileRef.current.value = ''
    }
  }

  return (
    <div className="all-notes">
      <div className="toolbar list-header">
        <div className="list-heading">
          <h2 id="list-title" className="list-title">
            All notes
          </h2>
          <p className="list-count" aria-live="polite">
            {total === undefined ? '\u00a0' : total === 1 ? '1 note' : `${total.toLocaleString()} notes`}
            {debounced && total !== undefined ? ` matching “${clip(debounced, 30)}”` : ''}
          </p>
        </div>
      </div>
      <div className="notes-search">
        <label className="visually-hidden" htmlFor={`${id}-q`}>
          Search notes
        </label>
        <Icon name="search" size={16} />
        <input
          id={`${id}-q`}
          type="search"
          className="notes-search-input"
          placeholder="Search notes, quotes and titles"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="all-notes-scroll">
        {all.isError ? (
          <p className="field-error notes-pad" role="alert">
            Couldn’t load your notes. {errorMessage(all.error)}
          </p>
        ) : null}
        {all.data && all.data.entries.length === 0 ? (
          <div className="notes-empty notes-pad">
            {debounced ? (
              <p>No notes match “{debounced}”.</p>
            ) : (
              <>
                <p>No notes yet.</p>
                <p>Highlight a passage in an article or leave a reply under it, and it is listed here.</p>
              </>
            )}
          </div>
        ) : null}
        <ul className="all-notes-list" aria-label="Notes">
          {all.data?.entries.map((e) => (
            <li key={`${e.kind}-${e.id}`}>
              <NoteRow entry={e} current={e.articleId === currentArticleId} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      </div>
      <div className="notes-transfer">
        <div className="notes-transfer-row">
          <span id={`${id}-export`} className="notes-export-label">
            Export all
          </span>
          <div role="group" aria-labelledby={`${id}-export`} className="notes-export-buttons">
            <button type="button" className="button-quiet" onClick={() => void exportAll('md')}>
              Markdown
            </button>
            <button type="button" className="button-quiet" onClick={() => void exportAll('json')}>
              JSON
            </button>
          </div>
          <span className="toolbar-spacer" />
          <button type="button" className="button-quiet" onClick={() => fileRef.current?.click()}>
            Import…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Notes export to import"
            onChange={(e) => void importFile(e.target.files?.[0])}
          />
        </div>
        <p className={message?.kind === 'error' ? 'field-error' : 'notes-transfer-status'} role={message?.kind === 'error' ? 'alert' : 'status'}>
          {message?.text ?? ''}
        </p>
      </div>
    </div>
  )
}

function NoteRow({ entry: e, current, onOpen }: { entry: NoteEntry; current: boolean; onOpen: Props['onOpen'] }) {
  return (
    <button type="button" className={`note-row${current ? ' is-current' : ''}`} onClick={() => onOpen(e.articleId, { kind: e.kind, id: e.id })}>
      <span className="note-row-title">{e.articleTitle || 'Untitled'}</span>
      {e.kind === 'highlight' ? (
        <>
          <span className={`note-row-quote hl-border-${e.color}`}>{clip(e.text, 240)}</span>
          {e.note ? <span className="note-row-note">{clip(e.note, 240)}</span> : null}
        </>
      ) : (
        <span className="note-row-comment">
          <span className="note-row-name">{e.name}:</span> {clip(e.text, 240)}
        </span>
      )}
      <span className="note-row-meta">
        {e.kind === 'highlight' ? `Highlight${e.orphaned ? ', no longer in the text' : ''}` : 'Comment'}
        {' · '}
        <time dateTime={e.created} title={fullTime(e.created)}>
          {relativeTime(e.created)}
        </time>
      </span>
    </button>
  )
}
