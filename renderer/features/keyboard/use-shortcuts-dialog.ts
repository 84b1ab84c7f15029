import { useState } from 'react'
import { useCommands } from '../../lib/command-registry'

/**
 * Whether the shortcuts dialog is open; binds showShortcuts (the ? key, the Help menu).
 * `beforeShow` closes what the dialog would otherwise open over.
 */
export function useShortcutsDialog(beforeShow: () => void) {
  const [open, setOpen] = useState(false)
  useCommands({ showShortcuts: () => (beforeShow(), setOpen(true)) })
  return { open, show: () => setOpen(true), close: () => setOpen(false) }
}
