// The reader with the notes sidebar beside it when open, and the notes' undo toast.
import type { ReactNode } from 'react'
import { NotesSidebar } from './NotesSidebar'
import { NotesToast } from './NotesToast'
import { useNotesUi } from './notes-ui'
import { useNotesFreshness } from './use-notes'
import './sidebar.css'

export function NotesSplit({ articleId, children }: { articleId: string | null; children: ReactNode }) {
  const open = useNotesUi((s) => s.sidebarOpen)
  useNotesFreshness()
  const showing = open && articleId !== null
  return (
    <div className={`notes-split${showing ? ' has-sidebar' : ''}`}>
      {children}
      {showing ? <NotesSidebar articleId={articleId} /> : null}
      <NotesToast />
    </div>
  )
}
