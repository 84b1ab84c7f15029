// The app's socket, on a real `offprint serve`: a line of junk of any shape is answered
// and its connection closed, and the app goes on serving the window and the command line.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { tempDir } from '../helpers/tmp'
import { cliSource, serveChildren } from '../helpers/serve-child'

const cli = cliSource
/** Starts `offprint serve` on the folder and resolves once it is listening. */
const serve = serveChildren()

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
