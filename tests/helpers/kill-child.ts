// Runs a child Node process that prints one line per event, and SIGKILLs it a
// given time after it prints "ready": the crash tests' way of dying mid-write.
import { spawn } from 'node:child_process'

export function runUntilKilled(args: string[], killAfterMs: number, onLine: (words: string[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let buffer = ''
    let stderr = ''
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        const words = line.split(' ')
        if (words[0] === 'ready') setTimeout(() => proc.kill('SIGKILL'), killAfterMs)
        onLine(words)
      }
    })
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited on its own: ${stderr}`))))
  })
}
