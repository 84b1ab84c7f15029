// One Offprint per user: a second launch ("Open With", a feed: link, the dock or
// the command line) hands its arguments to the running app and quits, so two
// processes never write the same library.
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean
  quit(): void
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void): unknown
}

/** The part of BrowserWindow that bringing it forward uses. */
export interface FocusableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

export interface SingleInstanceOptions {
  /** The window to bring forward when a second launch arrives. */
  window?: () => FocusableWindow | null | undefined
  /** This process's own command line, sent to the first instance if we are second. */
  argv?: readonly string[]
  cwd?: string
}

/** Restores, shows and focuses the window; false when there is none to show. */
export function focusWindow(win: FocusableWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
  return true
}

interface Handover {
  argv: string[]
  cwd: string
}

function isHandover(value: unknown): value is Handover {
  const v = value as Partial<Handover> | null
  return !!v && Array.isArray(v.argv) && v.argv.every((a) => typeof a === 'string') && typeof v.cwd === 'string'
}

/**
 * True: this is the only instance, and later launches will reach onSecondInstance.
 * False: another instance has the lock and has been sent our arguments; this one
 * quits (app.quit() is called here) and must not go on starting.
 *
 * The arguments travel as additionalData: Chromium may reorder the second
 * instance's argv and add switches to it, and additionalData arrives as sent.
 */
export function setupSingleInstance(
  app: SingleInstanceApp,
  onSecondInstance: (argv: string[], cwd: string) => void,
  options: SingleInstanceOptions = {},
): boolean {
  const handover: Handover = { argv: [...(options.argv ?? process.argv)], cwd: options.cwd ?? process.cwd() }
  if (!app.requestSingleInstanceLock({ ...handover })) {
    app.quit()
    return false
  }
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    focusWindow(options.window?.())
    if (isHandover(additionalData)) onSecondInstance(additionalData.argv, additionalData.cwd)
    else onSecondInstance(argv, workingDirectory)
  })
  return true
}
