// `npm start`: the desktop app when Electron's runtime is installed; otherwise
// browser mode, saying why in one line. Electron's npm package downloads its
// runtime on first use, which fails on a machine without internet access, so we
// look for the binary ourselves instead of letting it try.
import { existsSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

export function electronBinary(base = root) {
  const dir = join(base, 'node_modules', 'electron')
  try {
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), rel)
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

function run(cmd, argv) {
  const child = spawn(cmd, argv, { stdio: 'inherit', cwd: root })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
}

if (!existsSync(join(root, 'dist', 'main', 'cli.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  await import('./build.mjs')
}

const bin = electronBinary()
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
if (bin && !headless) {
  run(bin, ['.', ...args])
} else {
  const why = bin ? 'there is no display to open a window on' : "Electron's runtime is not installed (it downloads on first use, and this machine cannot reach it)"
  console.error(`Offprint: ${why}; starting browser mode instead — open the address below.`)
  run(process.execPath, [join(root, 'dist', 'main', 'cli.js'), ...args, 'serve'])
}
