// `npm run bench`: every tests/bench/*.bench.ts in turn, one JSON object per line:
// {"name","value","unit"}. Pass names to run only some: npm run bench -- storage search
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

type Emit = (name: string, value: number, unit: string) => void
const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()

const emit: Emit = (name, value, unit) => {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit }) + '\n')
}

let failed = 0
for (const file of files) {
  const started = performance.now()
  try {
    const mod = (await import(join(here, file))) as { run: (emit: Emit) => Promise<void> }
    await mod.run(emit)
  } catch (err) {
    failed++
    process.stderr.write(`bench ${file} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  }
  process.stderr.write(`bench ${file}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}
process.exitCode = failed ? 1 : 0
