// Adding to the library: subscribe to a feed, import a file (OPML, a feed, a saved
// page), save a link. The dialogs can be opened from anywhere (the sidebar's + menu,
// an empty list, the native menu) through openLibraryDialog; they are rendered once.
import { useId, useRef, useState, useSyncExternalStore, type DragEvent } from 'react'
import type { ImportSummary, LibraryOverview } from '../../../common/contract'
import { Dialog } from '../../components/Dialog'
import { Icon } from '../../components/Icon'
import { useCommands } from '../../lib/command-registry'
import { plural } from '../../lib/plural'
import { describeImport, useLibraryActions } from './use-library-actions'
import './library.css'

export type LibraryDialog = { kind: 'addFeed'; folderId?: string | null } | { kind: 'import'; focus: 'file' | 'link' } | null

let current: LibraryDialog = null
const listeners = new Set<() => void>()

export function openLibraryDialog(next: LibraryDialog): void {
  current = next
  for (const listener of listeners) listener()
}

function useOpenDialog(): LibraryDialog {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    () => current,
  )
}

interface Props {
  overview: LibraryOverview | undefined
  online: boolean
  announce: (message: string) => void
  onOpenFeed: (feedId: string) => void
  onOpenArticle: (articleId: string) => void
  /** Fetches the articles of feeds that arrived without any (from an OPML file). */
  onRefresh: (feedIds: string[]) => void
}

export function LibraryDialogs(props: Props) {
  const dialog = useOpenDialog()
  useCommands({ importLink: () => openLibraryDialog({ kind: 'import', focus: 'link' }) })
  const close = () => openLibraryDialog(null)
  if (dialog?.kind === 'addFeed') return <AddFeedDialog {...props} folderId={dialog.folderId ?? null} onClose={close} />
  if (dialog?.kind === 'import') return <ImportDialog {...props} focus={dialog.focus} onClose={close} />
  return null
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

function AddFeedDialog({ overview, online, announce, onOpenFeed, folderId, onClose }: Props & { folderId: string | null; onClose: () => void }) {
  const actions = useLibraryActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const address = useRef<HTMLInputElement>(null)
  const folder = useRef<HTMLSelectElement>(null)
  const fullText = useRef<HTMLInputElement>(null)
  const ids = { address: useId(), folder: useId(), error: useId(), hint: useId() }

  const submit = async () => {
    const url = address.current?.value.trim() ?? ''
    if (!url) {
      setError('Type the address of a feed or of a website.')
      address.current?.focus()
      return
    }
    setError(null)
    setBusy(url)
    try {
      const before = overview?.feeds
      const { feed, added } = await actions.subscribe(url, folder.current?.value || null, fullText.current?.checked ?? false)
      const already = before?.some((f) => f.id === feed.id)
      announce(
        already
          ? `Already subscribed to ${feed.title || url}${added ? `; ${plural(added, 'new article')}` : ''}`
          : `Subscribed to ${feed.title || url}: ${plural(added, 'article')}`,
      )
      onClose()
      onOpenFeed(feed.id)
    } catch (err) {
      setBusy(null)
      setError(message(err))
      address.current?.focus()
    }
  }

  return (
    <Dialog
      title="Add a feed"
      description={<p>Type a feed’s address, or a website’s: Offprint finds the feed the site announces.</p>}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          {busy ? (
            <p className="dialog-progress" role="status">
              <span className="spinner" aria-hidden="true" />
              Looking for a feed at {hostLabel(busy)}…
            </p>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            Subscribe
          </button>
        </>
      }
    >
      <label className="field-label" htmlFor={ids.address}>
        Feed or website address
      </label>
      <input
        ref={address}
        id={ids.address}
        className="text-field"
        type="text"
        inputMode="url"
        placeholder="example.com or https://example.com/feed.xml"
        autoComplete="off"
        spellCheck={false}
        readOnly={busy !== null}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? ids.error : '', online ? '' : ids.hint].filter(Boolean).join(' ') || undefined}
        onChange={() => error && setError(null)}
      />
      {error ? (
        <p id={ids.error} className="dialog-error" role="alert">
          {error}
        </p>
      ) : null}
      {!online ? (
        <p id={ids.hint} className="dialog-note">
          You’re offline: Offprint needs the network to fetch a new feed.
        </p>
      ) : null}
      {overview && overview.folders.length > 0 ? (
        <>
          <label className="field-label field-gap" htmlFor={ids.folder}>
            Folder
          </label>
          <select ref={folder} id={ids.folder} className="select-field" defaultValue={folderId ?? ''} disabled={busy !== null}>
            <option value="">No folder</option>
            {overview.folders.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <label className="dialog-check">
        <input ref={fullText} type="checkbox" disabled={busy !== null} />
        <span>Download each full article from the website (for feeds that give only a summary)</span>
      </label>
    </Dialog>
  )
}

function hostLabel(input: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`).host
  } catch {
    return input
  }
}

const ACCEPT = '.opml,.xml,.rss,.atom,.rdf,.json,.html,.htm,.xhtml,.mhtml,.txt,text/xml,application/xml,text/html,application/json'

function ImportDialog({ online, announce, onOpenArticle, onOpenFeed, onRefresh, focus, onClose }: Props & { focus: 'file' | 'link'; onClose: () => void }) {
  const actions = useLibraryActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ImportSummary | null>(null)
  const [dragging, setDragging] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const link = useRef<HTMLInputElement>(null)
  const ids = { file: useId(), link: useId(), error: useId(), result: useId() }

  const finish = (r: ImportSummary) => {
    setResult(r)
    setBusy(null)
    const text = describeImport(r)
    announce(text)
    if (r.kind === 'opml') {
      const added = r.feeds.slice(0, r.feeds.length - r.duplicates).map((f) => f.id)
      if (added.length && navigator.onLine) onRefresh(added)
    }
  }

  const run = async (label: string, work: () => Promise<ImportSummary>) => {
    setError(null)
    setResult(null)
    setBusy(label)
    try {
      finish(await work())
    } catch (err) {
      setBusy(null)
      setError(message(err))
    }
  }

  const importFile = (file: File | undefined) => {
    if (file) void run(`Reading ${file.name}…`, () => actions.importFile(file))
  }

  const saveLink = () => {
    const url = link.current?.value.trim() ?? ''
    if (!url) {
      setError('Type the address of a page or a feed.')
      link.current?.focus()
      return
    }
    void run(`Fetching ${url}…`, () => actions.importUrl(url))
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    importFile(e.dataTransfer.files[0])
  }

  const feedCount = result ? result.feeds.length - result.duplicates : 0

  return (
    <Dialog
      title="Import"
      description={<p>Bring in your subscriptions (OPML), a feed file, or a web page you saved, or save a page from its link.</p>}
      onClose={onClose}
      footer={
        <>
          {busy ? (
            <p className="dialog-progress" role="status">
              <span className="spinner" aria-hidden="true" />
              {busy}
            </p>
          ) : (
          <button
            type="button"
            className="button export-button"
            onClick={() =>
              void actions
                .exportOpml()
                .then((name) => announce(`Exported your subscriptions to ${name}`))
                .catch((err: unknown) => setError(message(err)))
            }
          >
            <Icon name="download" size={15} />
            Export subscriptions (OPML)
          </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {result ? 'Done' : 'Close'}
          </button>
        </>
      }
    >
      <div
        className={`drop-zone${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon name="upload" size={22} />
        <p className="drop-zone-text">Drop a file here, or</p>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => fileInput.current?.click()}
          data-autofocus={focus === 'file' ? '' : undefined}
          aria-describedby={ids.file}
        >
          Choose a file…
        </button>
        <p id={ids.file} className="dialog-note">
          .opml, .xml, .rss, .atom, .json or a saved page (.html)
        </p>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          accept={ACCEPT}
          aria-label="Import a file"
          tabIndex={-1}
          onChange={(e) => {
            importFile(e.target.files?.[0])
            e.target.value = ''
          }}
        />
      </div>

      <form
        className="link-row"
        onSubmit={(e) => {
          e.preventDefault()
          saveLink()
        }}
      >
        <label className="field-label" htmlFor={ids.link}>
          Save a page or feed from its link
        </label>
        <div className="field-with-button">
          <input
            ref={link}
            id={ids.link}
            className="text-field"
            type="text"
            inputMode="url"
            placeholder="https://…"
            autoComplete="off"
            spellCheck={false}
            data-autofocus={focus === 'link' ? '' : undefined}
            readOnly={busy !== null}
          />
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            Save
          </button>
        </div>
        {!online ? <p className="dialog-note">You’re offline: saving from a link needs the network. Files import as usual.</p> : null}
      </form>

      {error ? (
        <p id={ids.error} className="dialog-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div id={ids.result} className="import-result" role="status">
          <p className="import-result-title">
            <Icon name="read" size={16} />
            {describeImport(result)}
          </p>
          {result.kind === 'opml' && feedCount > 0 ? (
            <>
              <ul className="import-list">
                {result.feeds.slice(0, Math.min(feedCount, 6)).map((f) => (
                  <li key={f.id}>{f.title}</li>
                ))}
                {feedCount > 6 ? <li>and {plural(feedCount - 6, 'more feed')}</li> : null}
              </ul>
              <p className="dialog-note">{online ? 'Their articles are being fetched now.' : 'Their articles arrive with the first refresh once you’re online.'}</p>
            </>
          ) : null}
          {result.kind === 'page' && result.articles[0] ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                onClose()
                onOpenArticle(result.articles[0]!.id)
              }}
            >
              Open “{result.articles[0].title}”
            </button>
          ) : null}
          {result.kind === 'feed' && result.feeds[0] ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                onClose()
                onOpenFeed(result.feeds[0]!.id)
              }}
            >
              Show {result.feeds[0].title}
            </button>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  )
}
