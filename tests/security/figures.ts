// Figures the security tests measure (payloads tried and blocked, faults survived,
// time and memory under hostile input). Each is printed on one line; when
// OFFPRINT_SECURITY_FIGURES names a file, it is also appended there as JSON, which is
// how docs/security-audit.md is brought up to date.
import { appendFileSync } from 'node:fs'

export function record(name: string, value: number, unit: string): void {
  const rounded = Number.isInteger(value) ? value : Number(value.toFixed(2))
  console.log(`[security] ${name}: ${rounded} ${unit}`)
  const file = process.env.OFFPRINT_SECURITY_FIGURES
  if (file) appendFileSync(file, `${JSON.stringify({ name, value: rounded, unit })}\n`)
}

/** Heap and RSS growth while `fn` runs, sampled every few milliseconds. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; heapMB: number; rssMB: number }> {
  globalThis.gc?.()
  const before = process.memoryUsage()
  let peakHeap = before.heapUsed
  let peakRss = before.rss
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
  }, 5)
  const started = performance.now()
  try {
    const result = await fn()
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
    return { result, ms: performance.now() - started, heapMB: (peakHeap - before.heapUsed) / 2 ** 20, rssMB: (peakRss - before.rss) / 2 ** 20 }
  } finally {
    clearInterval(timer)
  }
}

/** The error a promise rejects with (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure, but it succeeded')
}

/** An outcome in words (what a user would see), printed and kept with the figures. */
export function note(name: string, text: string): void {
  console.log(`[security] ${name}: ${text}`)
  const file = process.env.OFFPRINT_SECURITY_FIGURES
  if (file) appendFileSync(file, `${JSON.stringify({ name, text })}\n`)
}
