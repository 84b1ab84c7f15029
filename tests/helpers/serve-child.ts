// `offprint serve` as a child process, for tests of the app beside the command line:
// started from source, resolved once it listens, killed after each test.
import { afterEach } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const cliSource = fileURLToPath(new URL('../../main/cli/main.ts', import.meta.url))

/** A `serve(dataDir)` for this test file; every server it starts is killed after each test. */
export function serveChildren(): (data: string) => Promise<ChildProcess> {
  const running: ChildProcess[] = []
  afterEach(() => {
    for (const p of running.splice(0)) p.kill('SIGKILL')
  })
  return (data) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', cliSource, '--data', data, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] })
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
}
