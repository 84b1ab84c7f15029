// The app's socket, on a real `offprint serve`: a line of junk of any shape is answered
// and its connection closed, and the app goes on serving the window and the command line.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../helpers/tmp'

const cli = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))
const running: ChildProcess[] = []
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL')
})

function serve(data: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--data', data, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] })
  running.push(proc)
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Offprint is running at')) resolve(proc)
    })
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
}

/** One line to the socket; what comes back before the app closes the connection. */
function send(socketPath: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath)
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (text += d))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
    socket.on('connect', () => socket.write(line))
  })
}

describe('offprint serve and junk on its socket', () => {
  it('answers null, [], 1 and "x" with an error, closes, and goes on', async () => {
    const data = tempDir()
    const app = await serve(data)
    const lock = JSON.parse(readFileSync(join(data, 'offprint.lock'), 'utf8')) as { socket: string }
    for (const junk of ['null', '[]', '1', '"x"']) {
      const answer = JSON.parse(await send(lock.socket, `${junk}\n`)) as { id: unknown; result: { ok: boolean; code: string } }
      expect(answer, junk).toMatchObject({ id: null, result: { ok: false, code: 'invalid_input' } })
    }
    expect(app.exitCode).toBeNull()
    expect(app.signalCode).toBeNull()
    // The command line still reaches the running app through it.
    const list = spawnSync(process.execPath, ['--import', 'tsx', cli, '--data', data, 'list', '--json'], { encoding: 'utf8', timeout: 60_000 })
    expect(list.stderr).toBe('')
    expect((JSON.parse(list.stdout) as unknown[]).length).toBeGreaterThan(0)
  })
})
