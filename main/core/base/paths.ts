// Where the user's library lives: Electron's userData for the app named Offprint,
// computed the same way here so the CLI (which never loads Electron) finds the
// same folder. --data DIR or OFFPRINT_DATA override it.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const APP_NAME = 'Offprint'

export function appDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(home, '.config')
}

export function defaultDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  return join(appDataDir(platform, env, home), APP_NAME)
}

/** --data wins over OFFPRINT_DATA, which wins over the default. */
export function resolveDataDir(flag: string | undefined, env = process.env): string {
  if (flag) return resolve(flag)
  if (env.OFFPRINT_DATA) return resolve(env.OFFPRINT_DATA)
  return defaultDataDir()
}
