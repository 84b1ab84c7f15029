// The application menu: every command reaches its action, shortcuts are the ones
// people expect on each platform, and developer items never ship.
import { describe, expect, it, vi } from 'vitest'
import type { Menu, MenuItemConstructorOptions } from 'electron'
import { buildMenuTemplate, installMenu, type MenuActions, type MenuApi } from '../../../../main/desktop/menu'
import { commandList } from '../../../../common/commands'

// Compile-time only: Electron's Menu class fits the interface (tsc checks this file).
export const electronMenuFits = (menu: typeof Menu): MenuApi<Menu> => menu

type Item = MenuItemConstructorOptions

function actions(): MenuActions & Record<string, ReturnType<typeof vi.fn>> {
  return {
    importOpml: vi.fn(),
    openSavedPage: vi.fn(),
    importLink: vi.fn(),
    exportNotes: vi.fn(),
    exportOpml: vi.fn(),
    backUpLibrary: vi.fn(),
    setTheme: vi.fn(),
    biggerText: vi.fn(),
    smallerText: vi.fn(),
    resetText: vi.fn(),
    showShortcuts: vi.fn(),
    showAbout: vi.fn(),
    openSettings: vi.fn(),
    checkForUpdates: vi.fn(),
  } as never
}

/** Every item, depth first, with the labels of the menus above it. */
function flatten(items: Item[], path: string[] = []): { item: Item; path: string[] }[] {
  return items.flatMap((item) => {
    const here = [...path, (item.label ?? item.role ?? '').replace(/&/g, '')]
    const sub = Array.isArray(item.submenu) ? flatten(item.submenu, here) : []
    return [{ item, path: here }, ...sub]
  })
}

const find = (items: Item[], id: string) => flatten(items).find((e) => e.item.id === id)?.item
const click = (item: Item | undefined) => (item!.click as () => void)()
const topLabels = (items: Item[]) => items.map((i) => (i.label ?? i.role)?.replace(/&/g, ''))

const COMMANDS: [id: string, action: keyof MenuActions, accelerator: string | undefined][] = [
  ['import-opml', 'importOpml', 'CmdOrCtrl+Shift+O'],
  ['open-saved-page', 'openSavedPage', 'CmdOrCtrl+O'],
  ['import-link', 'importLink', 'CmdOrCtrl+L'],
  ['export-notes', 'exportNotes', 'CmdOrCtrl+Shift+E'],
  ['export-opml', 'exportOpml', undefined],
  ['back-up-library', 'backUpLibrary', undefined],
  ['bigger-text', 'biggerText', 'CmdOrCtrl+='],
  ['smaller-text', 'smallerText', 'CmdOrCtrl+-'],
  ['reset-text', 'resetText', 'CmdOrCtrl+0'],
  ['keyboard-shortcuts', 'showShortcuts', 'CmdOrCtrl+/'],
  ['about', 'showAbout', undefined],
  ['settings', 'openSettings', 'CmdOrCtrl+,'],
  ['check-for-updates', 'checkForUpdates', undefined],
]

describe.each(['linux', 'win32', 'darwin'] as const)('menu on %s', (platform) => {
  it('every command calls its own action, and only that one', () => {
    for (const [id, action, accelerator] of COMMANDS) {
      const a = actions()
      const item = find(buildMenuTemplate(a, platform), id)
      expect(item, id).toBeDefined()
      expect(item!.accelerator, id).toBe(accelerator)
      click(item)
      expect(a[action], id).toHaveBeenCalledTimes(1)
      const others = Object.entries(a).filter(([name, fn]) => name !== action && fn.mock.calls.length)
      expect(others.map(([name]) => name), id).toEqual([])
    }
  })

  it('every command defined with a menu item is in the menu, under its label', () => {
    const items = flatten(buildMenuTemplate(actions(), platform)).map((e) => e.item)
    for (const command of commandList.filter((c) => c.menu)) {
      const item = items.find((i) => i.id === command.menu!.id)
      expect(item, command.id).toBeDefined()
      expect(item!.label, command.id).toContain(command.menu!.label ?? command.label)
    }
  })

  it('the theme radio shows the current theme and sets the chosen one', () => {
    const a = actions()
    const template = buildMenuTemplate(a, platform, { theme: 'sepia' })
    const radios = (find(template, 'theme')!.submenu as Item[])
    expect(radios.map((r) => [r.label, r.type, r.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', false],
      ['Sepia', 'radio', true],
    ])
    click(radios[2])
    expect(a.setTheme).toHaveBeenCalledWith('dark')
  })

  it('no two items share a shortcut', () => {
    const accelerators = flatten(buildMenuTemplate(actions(), platform, { development: true }))
      .map((e) => e.item.accelerator)
      .filter(Boolean)
    expect(new Set(accelerators).size).toBe(accelerators.length)
  })

  it('reload and developer tools appear only in development', () => {
    const roles = (development: boolean) => flatten(buildMenuTemplate(actions(), platform, { development })).map((e) => e.item.role)
    expect(roles(false)).not.toEqual(expect.arrayContaining(['reload']))
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(false)).not.toContain('forceReload')
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']))
  })

  it('Edit has the standard roles, so text fields get undo, copy and paste', () => {
    const edit = buildMenuTemplate(actions(), platform).find((i) => i.id === 'edit')!
    expect((edit.submenu as Item[]).map((i) => i.role).filter(Boolean)).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']),
    )
  })

  it('leaves optional commands out when they have no action', () => {
    const a = actions()
    delete a.importLink
    delete a.openSettings
    delete a.checkForUpdates
    const ids = flatten(buildMenuTemplate(a, platform)).map((e) => e.item.id)
    expect(ids).not.toContain('import-link')
    expect(ids).not.toContain('settings')
    expect(ids).not.toContain('check-for-updates')
    expect(ids).toContain('import-opml')
  })

  it('has exactly one Quit', () => {
    const quits = flatten(buildMenuTemplate(actions(), platform)).filter((e) => e.item.role === 'quit')
    expect(quits).toHaveLength(1)
  })
})

describe('platform conventions', () => {
  it('macOS: an app menu first with About, Settings and Quit; File has Close; a Window menu', () => {
    const template = buildMenuTemplate(actions(), 'darwin')
    expect(topLabels(template)).toEqual(['Offprint', 'File', 'Edit', 'View', 'windowMenu', 'Help'])
    const appMenu = (template[0]!.submenu as Item[]).map((i) => i.id ?? i.role ?? i.type)
    expect(appMenu).toEqual(['about', 'check-for-updates', 'separator', 'settings', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit'])
    const file = (template[1]!.submenu as Item[]).map((i) => i.role).filter(Boolean)
    expect(file).toEqual(['close'])
  })

  it('Windows and Linux: File ends with Quit, About is under Help, menus have Alt mnemonics', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const template = buildMenuTemplate(actions(), platform)
      expect(template.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help'])
      const file = template[0]!.submenu as Item[]
      expect(file.at(-1)!.role).toBe('quit')
      expect(flatten(template).find((e) => e.item.id === 'about')!.path[0]).toBe('Help')
    }
  })

  it('never leaves two separators together or one at either end of a menu', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const a = actions()
      delete a.openSettings
      delete a.checkForUpdates
      for (const { item, path } of flatten(buildMenuTemplate(a, platform))) {
        if (!Array.isArray(item.submenu)) continue
        const kinds = item.submenu.map((i) => i.type === 'separator')
        expect(kinds[0], path.join(' > ')).toBe(false)
        expect(kinds.at(-1), path.join(' > ')).toBe(false)
        expect(kinds.some((sep, i) => sep && kinds[i + 1]), path.join(' > ')).toBe(false)
      }
    }
  })
})

describe('installMenu', () => {
  it('installs the menu and rebuilds it when the theme changes elsewhere', () => {
    const installed: Item[][] = []
    const Menu = { buildFromTemplate: (t: Item[]) => t, setApplicationMenu: (m: Item[] | null) => installed.push(m!) }
    const update = installMenu(Menu, actions(), 'linux', { theme: 'light' })
    const checked = (t: Item[]) => (find(t, 'theme')!.submenu as Item[]).find((r) => r.checked)!.label
    expect(checked(installed[0]!)).toBe('Light')
    update({ theme: 'dark' })
    expect(installed).toHaveLength(2)
    expect(checked(installed[1]!)).toBe('Dark')
  })
})
