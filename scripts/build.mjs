// Builds every process: main (Electron entry and CLI, ESM), the sandboxed preload
// (one CommonJS file: sandboxed preloads cannot require relative files or use ESM)
// and the renderer (Vite). Dependencies stay external: the CLI resolves them from
// node_modules, and electron-builder ships the production ones inside app.asar.
import { build } from 'esbuild'
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist')
const quiet = process.argv.includes('--quiet')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)

const started = Date.now()
if (!only) rmSync(out, { recursive: true, force: true })

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root }

if (!only || only === 'main') {
  await build({
    ...common,
    entryPoints: { index: 'main/desktop/index.ts', cli: 'main/cli/main.ts' },
    outdir: join(out, 'main'),
    format: 'esm',
    packages: 'external',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __offprintRequire } from 'node:module'; const require = __offprintRequire(import.meta.url);" },
  })
  await build({
    ...common,
    entryPoints: { electron: 'preload/electron.ts' },
    outdir: join(out, 'preload'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  })
}

if ((!only || only === 'renderer') && existsSync(join(root, 'vite.config.ts'))) {
  const { build: viteBuild } = await import('vite')
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: quiet ? 'silent' : 'warn' })
}

if (!quiet) console.error(`built dist/ in ${Date.now() - started} ms`)
