// The application menu as a template: a plain function of the actions it calls and
// the platform it runs on, so every item and accelerator is unit-tested without
// Electron. Each action is injected; what it does (a dialog, a message to the
// window, the core) is decided where the menu is installed. The commands' ids, labels
// and accelerators are common/commands.ts's, the same definitions the window reads.
import type { MenuItemConstructorOptions } from 'electron'
import { commands, type CommandDefinition, type MenuCommandId } from '../../common/commands'
import type { Settings } from '../../common/model'

export type Theme = Settings['theme']

export const THEMES: readonly { theme: Theme; label: string }[] = [
  { theme: 'system', label: 'System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
  { theme: 'sepia', label: 'Sepia' },
]

export interface MenuActions {
  importOpml(): void
  openSavedPage(): void
  /** Optional: the item is left out when absent. */
  importLink?(): void
  exportNotes(): void
  exportOpml(): void
  backUpLibrary(): void
  setTheme(theme: Theme): void
  biggerText(): void
  smallerText(): void
  resetText(): void
  showShortcuts(): void
  showAbout(): void
  /** Optional: "Settings…" (macOS: app menu; elsewhere: File). */
  openSettings?(): void
  /** Optional: only where a release feed is configured (main/updates.ts). */
  checkForUpdates?(): void
}

export interface MenuState {
  theme: Theme
  /** Reload and developer tools: never in a packaged app. */
  development: boolean
  appName: string
}

const DEFAULTS: MenuState = { theme: 'system', development: false, appName: 'Offprint' }

type Item = MenuItemConstructorOptions

const separator: Item = { type: 'separator' }

/** A command's menu item, as common/commands.ts defines it. */
function commandItem(id: MenuCommandId, click: () => void): Item {
  const { label, menu } = commands[id] as CommandDefinition & Required<Pick<CommandDefinition, 'menu'>>
  return { id: menu.id, label: menu.label ?? label, ...(menu.accelerator ? { accelerator: menu.accelerator } : {}), click }
}

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform, state: Partial<MenuState> = {}): Item[] {
  const { theme, development, appName } = { ...DEFAULTS, ...state }
  const mac = platform === 'darwin'
  const item = (id: MenuCommandId & keyof MenuActions) => commandItem(id, () => actions[id]!())
  /** An optional command: its item when it has an action, else nothing. */
  const optional = (id: 'importLink' | 'openSettings' | 'checkForUpdates'): Item[] => (actions[id] ? [item(id)] : [])

  const about: Item = { ...item('showAbout'), label: `${commands.showAbout.label} ${appName}` }
  const settings = optional('openSettings')
  const updates = optional('checkForUpdates')

  const appMenu: Item = {
    label: appName,
    submenu: [
      about,
      ...updates,
      separator,
      ...(settings.length ? [...settings, separator] : []),
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  }

  const file: Item = {
    id: 'file',
    label: mac ? 'File' : '&File',
    submenu: [
      item('importOpml'),
      item('openSavedPage'),
      ...optional('importLink'),
      separator,
      item('exportNotes'),
      item('exportOpml'),
      separator,
      item('backUpLibrary'),
      // macOS: Quit lives in the app menu, and Cmd+W closes the window.
      ...(mac ? [separator, { role: 'close' } as Item] : [...(settings.length ? [separator, ...settings] : []), separator, { role: 'quit' } as Item]),
    ],
  }

  const edit: Item = {
    id: 'edit',
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as Item] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
      ...(mac ? [separator, { label: 'Speech', submenu: [{ role: 'startSpeaking' }, { role: 'stopSpeaking' }] } as Item] : []),
    ],
  }

  const view: Item = {
    id: 'view',
    label: mac ? 'View' : '&View',
    submenu: [
      {
        id: 'theme',
        label: 'Theme',
        submenu: THEMES.map((t) => ({
          id: `theme-${t.theme}`,
          label: t.label,
          type: 'radio' as const,
          checked: t.theme === theme,
          click: () => actions.setTheme(t.theme),
        })),
      },
      separator,
      item('biggerText'),
      item('smallerText'),
      item('resetText'),
      separator,
      { role: 'togglefullscreen' },
      ...(development ? [separator, { role: 'reload' } as Item, { role: 'forceReload' } as Item, { role: 'toggleDevTools' } as Item] : []),
    ],
  }

  const help: Item = {
    id: 'help',
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      item('showShortcuts'),
      ...(mac ? [] : [...(updates.length ? [separator, ...updates] : []), separator, about]),
    ],
  }

  return mac ? [appMenu, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help]
}

/** The part of Electron's Menu that installing uses. */
export interface MenuApi<M> {
  buildFromTemplate(template: Item[]): M
  setApplicationMenu(menu: M | null): void
}

/**
 * Installs the menu and returns a function that rebuilds it with a new state: the
 * Theme radio must follow a theme chosen in the window's own settings.
 */
export function installMenu<M>(Menu: MenuApi<M>, actions: MenuActions, platform: NodeJS.Platform, state: Partial<MenuState> = {}): (change: Partial<MenuState>) => void {
  let current = { ...DEFAULTS, ...state }
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, platform, current)))
  return (change) => {
    current = { ...current, ...change }
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, platform, current)))
  }
}
