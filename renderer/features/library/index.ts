// The library feature's public face: adding to the library and changing its shape.
export { LibraryDialogs, openLibraryDialog, type LibraryDialog } from './library-dialogs'
export { useLibraryActions, type LibraryActions, type ReadScope } from './use-library-actions'
