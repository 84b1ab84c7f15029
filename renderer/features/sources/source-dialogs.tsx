// The sidebar's dialogs: name a folder, rename or move a feed, unsubscribe, delete a
// folder. Each shows the library's one-line error in place and stays open on failure.
import { useId, useRef, useState } from 'react'
import type { FeedInfo, LibraryOverview } from '../../../common/contract'
import type { Folder } from '../../../common/model'
import { ConfirmDialog, Dialog, PromptDialog } from '../../components/Dialog'
import { plural } from '../../lib/plural'
import type { LibraryActions } from '../library'

export type SourceDialog =
  | { kind: 'newFolder' }
  | { kind: 'renameFolder'; folder: Folder }
  | { kind: 'removeFolder'; folder: Folder }
  | { kind: 'renameFeed'; feed: FeedInfo }
  | { kind: 'moveFeed'; feed: FeedInfo }
  | { kind: 'removeFeed'; feed: FeedInfo }

interface Props {
  dialog: SourceDialog
  overview: LibraryOverview | undefined
  actions: LibraryActions
  announce: (message: string) => void
  onClose: () => void
  /** Told when a feed or folder is gone, so the view can move off it. */
  onRemoved: (kind: 'feed' | 'folder', id: string) => void
  fallbackFocus: () => HTMLElement | null
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function SourceDialogs({ dialog, overview, actions, announce, onClose, onRemoved, fallbackFocus }: Props) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (err) {
      setBusy(false)
      setError(message(err))
    }
  }

  switch (dialog.kind) {
    case 'newFolder':
      return (
        <PromptDialog
          title="New folder"
          label="Folder name"
          submitLabel="Create folder"
          busy={busy}
          error={error}
          onClose={onClose}
          fallbackFocus={fallbackFocus}
          onSubmit={(name) =>
            void attempt(async () => {
              const folder = await actions.addFolder(name)
              announce(`Folder “${folder.name}” created`)
              onClose()
            })
          }
        />
      )
    case 'renameFolder':
      return (
        <PromptDialog
          title="Rename folder"
          label="Folder name"
          initial={dialog.folder.name}
          submitLabel="Rename"
          busy={busy}
          error={error}
          onClose={onClose}
          fallbackFocus={fallbackFocus}
          onSubmit={(name) =>
            void attempt(async () => {
              await actions.renameFolder(dialog.folder.id, name)
              onClose()
            })
          }
        />
      )
    case 'renameFeed':
      return (
        <PromptDialog
          title="Rename feed"
          label="Name in your sidebar"
          initial={dialog.feed.title}
          description={<p className="dialog-address">{dialog.feed.url}</p>}
          submitLabel="Rename"
          busy={busy}
          error={error}
          onClose={onClose}
          fallbackFocus={fallbackFocus}
          onSubmit={(title) =>
            void attempt(async () => {
              await actions.renameFeed(dialog.feed.id, title)
              onClose()
            })
          }
        />
      )
    case 'moveFeed':
      return <MoveFeedDialog feed={dialog.feed} overview={overview} actions={actions} announce={announce} onClose={onClose} fallbackFocus={fallbackFocus} />
    case 'removeFeed': {
      const { feed } = dialog
      return (
        <ConfirmDialog
          title={`Unsubscribe from “${feed.title || feed.url}”?`}
          confirmLabel="Unsubscribe"
          danger
          busy={busy}
          error={error}
          onClose={onClose}
          fallbackFocus={fallbackFocus}
          onConfirm={() =>
            void attempt(async () => {
              const { removed, kept } = await actions.removeFeed(feed.id)
              onRemoved('feed', feed.id)
              onClose()
              announce(
                kept
                  ? `Unsubscribed. ${plural(kept, 'starred or annotated article')} kept in your library`
                  : `Unsubscribed from ${feed.title || 'the feed'}${removed ? `; ${plural(removed, 'article')} removed` : ''}`,
              )
            })
          }
        >
          <p>
            Its {feed.total ? plural(feed.total, 'article') : 'articles'} leave your library. Articles you starred or annotated are kept, with
            your notes.
          </p>
        </ConfirmDialog>
      )
    }
    case 'removeFolder': {
      const { folder } = dialog
      const feeds = overview?.feeds.filter((f) => f.folderId === folder.id).length ?? 0
      return (
        <ConfirmDialog
          title={`Delete the folder “${folder.name}”?`}
          confirmLabel="Delete folder"
          danger
          busy={busy}
          error={error}
          onClose={onClose}
          fallbackFocus={fallbackFocus}
          onConfirm={() =>
            void attempt(async () => {
              await actions.removeFolder(folder.id)
              onRemoved('folder', folder.id)
              onClose()
              announce(`Folder “${folder.name}” deleted`)
            })
          }
        >
          <p>
            {feeds === 0
              ? 'The folder is empty.'
              : `${feeds === 1 ? 'Its feed moves' : `Its ${plural(feeds, 'feed')} move`} out of the folder; nothing is unsubscribed and no article is removed.`}
          </p>
        </ConfirmDialog>
      )
    }
  }
}

const NEW_FOLDER = '\u0000new'

function MoveFeedDialog(props: {
  feed: FeedInfo
  overview: LibraryOverview | undefined
  actions: LibraryActions
  announce: (message: string) => void
  onClose: () => void
  fallbackFocus: () => HTMLElement | null
}) {
  const { feed, overview, actions, announce, onClose } = props
  const [target, setTarget] = useState<string>(feed.folderId ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = useRef<HTMLInputElement>(null)
  const ids = { select: useId(), name: useId(), error: useId() }
  const folders = overview?.folders ?? []

  const submit = async () => {
    setError(null)
    let folderId: string | null = target || null
    let folderName = folders.find((f) => f.id === folderId)?.name
    if (target === NEW_FOLDER) {
      const typed = name.current?.value.trim() ?? ''
      if (!typed) {
        setError('Give the new folder a name.')
        name.current?.focus()
        return
      }
      folderName = typed
    }
    setBusy(true)
    try {
      if (target === NEW_FOLDER) folderId = (await actions.addFolder(folderName!)).id
      await actions.moveFeed(feed.id, folderId)
      announce(folderId ? `Moved ${feed.title} to ${folderName}` : `Moved ${feed.title} out of its folder`)
      onClose()
    } catch (err) {
      setBusy(false)
      setError(message(err))
    }
  }

  return (
    <Dialog
      title={`Move “${feed.title || feed.url}”`}
      className="dialog-narrow"
      onClose={onClose}
      onSubmit={() => void submit()}
      fallbackFocus={props.fallbackFocus}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Move
          </button>
        </>
      }
    >
      <label className="field-label" htmlFor={ids.select}>
        Folder
      </label>
      <select id={ids.select} className="select-field" value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="">No folder</option>
        {folders.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
        <option value={NEW_FOLDER}>New folder…</option>
      </select>
      {target === NEW_FOLDER ? (
        <>
          <label className="field-label field-gap" htmlFor={ids.name}>
            New folder name
          </label>
          <input ref={name} id={ids.name} className="text-field" type="text" maxLength={200} autoComplete="off" autoFocus />
        </>
      ) : null}
      {error ? (
        <p id={ids.error} className="dialog-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  )
}
