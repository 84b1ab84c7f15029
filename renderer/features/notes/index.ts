// Notes: highlights and comments on an article, and All notes. Others place these
// components; the notes' own state stays in notes-ui.ts.
export { AllNotesEntry, useAllNotesOpen } from './AllNotesEntry'
export { AllNotesView } from './AllNotesView'
export { HighlightLayer } from './HighlightLayer'
export { NoteCount } from './NoteCount'
export { NotesSplit } from './NotesSplit'
export { NotesToggle } from './NotesToggle'
export { ReplySection } from './ReplySection'
export { jumpTo, setAllNotesOpen, type NoteTarget } from './notes-ui'
