// One program at a time on a library: the second is told who has it; a lock left by a
// program that died is taken over; nobody's lock is removed by another.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'
import { LOCK_FILE, LibraryInUseError, lockFolder } from '../../../../../main/core/library/folder-lock'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'

const boot = () => Math.round(Date.now() - uptime() * 1000)
const plant = (dir: string, info: object) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ host: hostname(), owner: 'the Offprint app', since: '2026-11-01T00:00:00.000Z', boot: boot(), ...info }))
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout

describe('library folder lock', () => {
  it('refuses a second opening of a library, naming who has it, until the first closes', async () => {
    const dir = tempDir()
    const first = await Library.open({ dataDir: dir, sample: false, search: null, owner: 'offprint serve' })
    const second = await Library.open({ dataDir: dir, sample: false, search: null }).catch((e: unknown) => e)
    expect(second).toBeInstanceOf(LibraryInUseError)
    expect((second as Error).message).toBe(
      `This library is open in offprint serve (process ${process.pid}). Close it first: two programs changing one library could lose what either saved. If it is not running, delete ${join(dir, LOCK_FILE)}.`,
    )
    await first.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    const third = await Library.open({ dataDir: dir, sample: false, search: null })
    await third.close()
  })

  it('takes over a lock whose program has ended, or that was written before the machine restarted', async () => {
    const dir = tempDir()
    plant(dir, { pid: Number(deadPid()) })
    const a = await lockFolder(dir, 'another offprint command')
    expect(JSON.parse(readFileSync(a.file, 'utf8')).pid).toBe(process.pid)
    await a.release()

    // The parent of this test runs, but the lock is from before a restart: a reused pid.
    plant(dir, { pid: process.ppid, boot: boot() - 3_600_000 })
    const b = await lockFolder(dir, 'another offprint command')
    await b.release()
    if (existsSync('/proc/sys/kernel/random/boot_id')) {
      // Linux knows the boot itself: a clock that jumped an hour is not a restart...
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      plant(dir, { pid: process.ppid, boot: boot() - 3_600_000, bootId })
      await expect(lockFolder(dir, 'another offprint command')).rejects.toThrow(LibraryInUseError)
      // ...and another boot is, whatever the clock says.
      plant(dir, { pid: process.ppid, bootId: '00000000-0000-0000-0000-000000000000' })
      await (await lockFolder(dir, 'another offprint command')).release()
    }
  })

  it('respects a lock held by a running program, or by one on another machine', async () => {
    const dir = tempDir()
    plant(dir, { pid: process.ppid })
    await expect(lockFolder(dir, 'another offprint command')).rejects.toThrow(`This library is open in the Offprint app (process ${process.ppid}).`)
    plant(dir, { pid: 4242, host: 'other-laptop.local' })
    await expect(lockFolder(dir, 'another offprint command')).rejects.toThrow('(process 4242 on other-laptop.local)')
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(4242)
  })

  it('waits out a lock file being written, and takes over one left unreadable', async () => {
    const dir = tempDir()
    // Locks are written whole (temp + link), so a half-written one comes only from a
    // filesystem without hard links, for a moment; an empty one is taken over at once.
    writeFileSync(join(dir, LOCK_FILE), '{"pid":')
    await expect(lockFolder(dir, 'another offprint command')).rejects.toThrow(/being opened by another program/)
    const old = new Date(Date.now() - 60_000)
    utimesSync(join(dir, LOCK_FILE), old, old)
    const lock = await lockFolder(dir, 'another offprint command')
    await lock.release()
  })

  it('lets exactly one of many programs starting together have it', async () => {
    const dir = tempDir()
    const tries = await Promise.allSettled(Array.from({ length: 8 }, () => lockFolder(dir, 'another offprint command')))
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1)
    for (const t of tries) if (t.status === 'rejected') expect(t.reason).toBeInstanceOf(LibraryInUseError)
  })

  it("never removes another program's lock on release", async () => {
    const dir = tempDir()
    const mine = await lockFolder(dir, 'another offprint command')
    // Someone deleted it by hand and another program took the library.
    plant(dir, { pid: process.ppid })
    await mine.release()
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid)
  })
})

describe('the app waiting for a command', () => {
  it('waits while another offprint command has the library, and opens once it is done', async () => {
    const dir = tempDir()
    const command = await lockFolder(dir, 'another offprint command')
    setTimeout(() => void command.release(), 500)
    const started = Date.now()
    const app = await lockFolder(dir, 'the Offprint app', { waitForCommandMs: 10_000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    await app.release()
  })

  it('does not wait for a running app, and gives up on a command after the time given', async () => {
    const dir = tempDir()
    plant(dir, { pid: process.ppid, owner: 'offprint serve' })
    const started = Date.now()
    await expect(lockFolder(dir, 'the Offprint app', { waitForCommandMs: 10_000 })).rejects.toThrow(/open in offprint serve/)
    expect(Date.now() - started).toBeLessThan(1000)
    plant(dir, { pid: process.ppid, owner: 'another offprint command' })
    await expect(lockFolder(dir, 'the Offprint app', { waitForCommandMs: 600 })).rejects.toThrow(/open in another offprint command/)
  })
})
