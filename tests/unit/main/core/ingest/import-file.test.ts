// readImportFile, the one reader of files to import (the CLI's import, the app's
// "Open With"): regular files only, refused in one line naming the file otherwise,
// and its size limit counted while reading, whatever stat said.
import { execFileSync } from 'node:child_process'
import { accessSync, constants, mkdirSync, openSync, closeSync, truncateSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { IngestError } from '../../../../../main/core/ingest/errors'
import { MAX_IMPORT_BYTES, readImportFile } from '../../../../../main/core/ingest/import'
import { tempDir } from '../../../../helpers/tmp'

const posix = process.platform !== 'win32'
const readable = (path: string) => {
  try {
    accessSync(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}

/** The refusal readImportFile gives, and how long it took. */
async function refusal(path: string): Promise<{ error: unknown; ms: number }> {
  const started = performance.now()
  const error = await readImportFile(path).then(
    () => null,
    (e: unknown) => e,
  )
  return { error, ms: performance.now() - started }
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

describe('readImportFile', () => {
  it.runIf(posix)('refuses a FIFO at once instead of waiting for a writer', { timeout: 5000 }, async () => {
    const fifo = join(tempDir(), 'feed.xml')
    execFileSync('mkfifo', [fifo])
    const { error, ms } = await refusal(fifo)
    expect(error).toBeInstanceOf(IngestError)
    expect((error as Error).message).toBe(`${fifo} is a pipe (FIFO), not a file`)
    expect(ms).toBeLessThan(1000)
  })

  it.runIf(readable('/dev/zero'))('refuses a device such as /dev/zero without reading it', { timeout: 5000 }, async () => {
    const { error, ms } = await refusal('/dev/zero')
    expect((error as Error).message).toBe('/dev/zero is a device, not a file')
    expect(ms).toBeLessThan(1000)
  })

  it.runIf(posix)('refuses a folder and a socket, naming them', async () => {
    const dir = tempDir()
    const folder = join(dir, 'subs.opml')
    mkdirSync(folder)
    expect(((await refusal(folder)).error as Error).message).toBe(`${folder} is a folder, not a file`)
    const socket = join(dir, 's.xml')
    const server = createServer()
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    expect(((await refusal(socket)).error as Error).message).toBe(`${socket} is a socket, not a file`)
  })

  it.runIf(readable('/proc/self/pagemap'))('counts the size while reading: a file that says 0 bytes but never ends stops one byte past the limit', { timeout: 10_000 }, async () => {
    // /proc/self/pagemap reports a size of 0 and reads as 8 bytes per page of the whole address space.
    const { error, ms } = await refusal('/proc/self/pagemap')
    expect((error as Error).message).toBe(`/proc/self/pagemap is more than 50 MB; files over 50 MB are not imported`)
    expect(ms).toBeLessThan(5000)
  })

  it('refuses a file already too large from its size, and reads one at the limit whole', async () => {
    const dir = tempDir()
    const big = join(dir, 'big.xml')
    closeSync(openSync(big, 'w'))
    truncateSync(big, MAX_IMPORT_BYTES + 1)
    expect(((await refusal(big)).error as Error).message).toBe(`${big} is 50.0 MB; files over 50 MB are not imported`)
    truncateSync(big, MAX_IMPORT_BYTES)
    expect((await readImportFile(big)).byteLength).toBe(MAX_IMPORT_BYTES)
    const small = join(dir, 'small.opml')
    writeFileSync(small, '<opml version="2.0"/>')
    expect(Buffer.from(await readImportFile(small)).toString()).toBe('<opml version="2.0"/>')
    expect(((await refusal(join(dir, 'gone.opml'))).error as Error).message).toBe(`${join(dir, 'gone.opml')}: no such file`)
  })
})
