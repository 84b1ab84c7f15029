// Layer rules, as VS Code enforces its own: the core never imports electron (it
// runs in plain Node and under the CLI), the renderer never imports Node or main's
// code (only types from main/core/types.ts and the bridge contract), and nothing
// but main/index.ts and preload/electron.ts imports electron at all.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* files(p)
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) yield p
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g
const problems = []

for (const file of [...files(join(root, 'main')), ...files(join(root, 'preload')), ...files(join(root, 'renderer'))]) {
  const rel = relative(root, file)
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3]
    const typeOnly = /^\s*(?:import|export)\s+type\b/.test(m[0].trim())
    if (spec === 'electron' && !['main/index.ts', 'preload/electron.ts'].includes(rel)) {
      if (!(typeOnly && rel.startsWith('main/') && !rel.startsWith('main/core/'))) problems.push(`${rel}: imports electron (only main/index.ts and preload/electron.ts may)`)
    }
    if (rel.startsWith('renderer/')) {
      if (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'os', 'electron'].includes(spec)) problems.push(`${rel}: the renderer imports ${spec}`)
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec))
        const allowed = target.startsWith('renderer') || target.startsWith('preload/contract') || target.startsWith('preload/bridge') || target.startsWith('preload/http') || (target.startsWith('main/core/types') && typeOnly)
        if (!allowed) problems.push(`${rel}: the renderer imports ${target}${typeOnly ? '' : ' (only type imports of main/core/types are allowed)'}`)
        // The schemas (and zod) stay in main: the renderer takes only types from the contract.
        if (target.startsWith('preload/contract') && !typeOnly) problems.push(`${rel}: imports values from preload/contract (use import type, and preload/bridge for runtime helpers)`)
      }
    }
    if (rel.startsWith('main/core/') && spec.startsWith('.')) {
      const target = relative(root, resolve(dirname(file), spec))
      if (!target.startsWith('main/core') && !target.startsWith('preload/contract')) problems.push(`${rel}: the core imports ${target} outside the core`)
    }
  }
}

if (problems.length) {
  console.error(`Layer rules broken:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('layers: ok')
