// The keyboard: the one keydown listener, the shortcuts dialog, the native menu's commands.
export { ShortcutsDialog } from './ShortcutsDialog'
export { useAppCommands } from './use-app-commands'
export { useKeyboard } from './use-keyboard'
export { useShortcutsDialog } from './use-shortcuts-dialog'
