// The library's folder holds the user's own words (notes, and their text again in the
// search index), so it is closed to other local users: created 0700, and an existing
// one (made by an older Offprint, or by mkdir under a 022 umask) closed on open. Files
// are 0600 as well (atomic-file.ts), so a file copied or moved out stays private.
import { promises as fs } from 'node:fs'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** mkdir -p with every folder it creates closed to others. */
export async function makePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/**
 * Closes `dir` to group and others if this user owns it. A folder someone else owns
 * (a shared one --data points at) is left as it is: changing it is not ours to do, and
 * usually not allowed. A read-only folder cannot be changed and loses nothing by it.
 */
export async function closeToOthers(dir: string): Promise<boolean> {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return false
  let st
  try {
    st = await fs.stat(dir)
  } catch {
    return false
  }
  if (!st.isDirectory() || st.uid !== process.getuid() || (st.mode & 0o077) === 0) return false
  try {
    await fs.chmod(dir, (st.mode & 0o700) | PRIVATE_DIR_MODE)
    return true
  } catch {
    return false
  }
}
