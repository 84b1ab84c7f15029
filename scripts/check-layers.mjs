// The layer check (`npm run lint`), as VS Code keeps its own layers with a lint rule.
// docs/architecture.md draws the picture; this file is the rule:
//
//   common/         the model, the contract and the bridge runtime: imports only common/ (and zod)
//   main/core/      plain Node: imports main/core/ and common/, never electron, desktop, server or cli
//   main/server/    browser mode: core and common only
//   main/cli/       the command line: core, common and server (for `serve`)
//   main/desktop/   the Electron app: core and common; only index.ts imports electron's values
//   preload/        the sandboxed preload: common/ and electron only
//   renderer/       React: renderer/ and common/, types only from common/contract and
//                   common/model (the schemas and zod stay out of the window); no Node
//   renderer/features/X may import another feature only through its index.ts
//
// It also fails on any import cycle among the sources (madge).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sourceDirs = ['common', 'main', 'preload', 'renderer']

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* files(p)
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) yield p
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g
const nodeBuiltins = ['fs', 'path', 'child_process', 'os', 'net', 'http', 'crypto', 'electron']
const problems = []

/** Where a relative import lands, as a path from the repository root. */
const targetOf = (file, spec) => relative(root, resolve(dirname(file), spec))
const under = (path, dir) => path === dir || path.startsWith(`${dir}/`)
const featureOf = (path) => /^renderer\/features\/([^/]+)/.exec(path)?.[1] ?? null

/** The folders each layer may import from (relative imports only). */
const allowed = [
  ['common', ['common']],
  ['main/core', ['main/core', 'common']],
  ['main/server', ['main/server', 'main/core', 'common']],
  ['main/cli', ['main/cli', 'main/server', 'main/core', 'common']],
  ['main/desktop', ['main/desktop', 'main/core', 'common']],
  ['preload', ['preload', 'common']],
  ['renderer', ['renderer', 'common']],
]

for (const dir of sourceDirs) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file)
    const text = readFileSync(file, 'utf8')
    const layer = allowed.find(([d]) => under(rel, d))
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3]
      const typeOnly = /^\s*(?:import|export)\s+type\b/.test(m[0].trim())
      if (spec === 'electron' && !['main/desktop/index.ts', 'preload/electron.ts'].includes(rel) && !(typeOnly && under(rel, 'main/desktop'))) {
        problems.push(`${rel}: imports electron (only main/desktop/index.ts and preload/electron.ts may; other desktop files take types only)`)
      }
      if (under(rel, 'common') && !spec.startsWith('.') && spec !== 'zod') problems.push(`${rel}: common/ imports ${spec} (only zod and common/ itself)`)
      if (under(rel, 'common/bridge') && spec === 'zod') problems.push(`${rel}: the bridge runtime must not load zod`)
      if (rel.startsWith('renderer/') && (spec.startsWith('node:') || nodeBuiltins.includes(spec))) problems.push(`${rel}: the renderer imports ${spec}`)
      if (!spec.startsWith('.')) continue
      const target = targetOf(file, spec)
      if (layer && !layer[1].some((d) => under(target, d))) problems.push(`${rel}: ${layer[0]}/ imports ${target} (it may import ${layer[1].join(', ')})`)
      if (rel.startsWith('renderer/') && (under(target, 'common/contract') || under(target, 'common/model')) && !typeOnly) {
        problems.push(`${rel}: imports values from ${target} (use import type: the schemas stay out of the renderer)`)
      }
      const from = featureOf(rel)
      const to = featureOf(target)
      if (from && to && from !== to && target !== `renderer/features/${to}`) {
        problems.push(`${rel}: imports ${target}, inside the ${to} feature (import from '../${to}', its index.ts)`)
      }
    }
  }
}

const { default: madge } = await import('madge')
const graph = await madge(
  sourceDirs.map((d) => join(root, d)),
  { fileExtensions: ['ts', 'tsx'], tsConfig: join(root, 'tsconfig.base.json'), detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } } },
)
for (const cycle of graph.circular()) problems.push(`import cycle: ${cycle.join(' → ')}`)

if (problems.length) {
  console.error(`Layer rules broken (${problems.length}):\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`layers: ok (${Object.keys(graph.obj()).length} files, no import cycles)`)
