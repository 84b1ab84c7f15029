#!/usr/bin/env node
// Electronegativity (Doyensec's Electron security linter) over Offprint: the main
// process and preload sources, the renderer's sources and page, and the built bundles
// in dist/. Fails on any finding that docs/security-audit.md does not list with a
// justification, so a new risky pattern cannot land unnoticed.
//
// Offline on purpose: the tool's CLI downloads translations and Electron's release list
// at start. Here its runner is called directly with its HTTP client replaced by one that
// refuses, its messages loaded from its own files, and the one check that needs the
// network (AvailableSecurityFixesGlobalCheck) left out; the audit says why.
//
//   node scripts/electronegativity.mjs [--root DIR] [--audit FILE] [--json]
//
// Exit codes: 0 all findings justified, 1 unjustified findings, 2 the scan itself failed.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: { root: { type: 'string' }, audit: { type: 'string' }, json: { type: 'boolean', default: false } },
})
const root = values.root ?? join(here, '..')
const auditFile = values.audit ?? join(root, 'docs', 'security-audit.md')

/** Checks left out, with the reason printed in every report. */
const EXCLUDED = {
  AvailableSecurityFixesGlobalCheck: "needs Electron's release list from the network; Electron's version is reported by ELECTRON_VERSION_JSON_CHECK instead",
}

function fail(message) {
  console.error(`electronegativity: ${message}`)
  process.exit(2)
}

// --- the tool, offline ---------------------------------------------------------------

const projectRequire = createRequire(join(here, '..', 'package.json'))
let runnerPath
try {
  runnerPath = projectRequire.resolve('@doyensec/electronegativity/dist/runner.js')
} catch {
  fail('@doyensec/electronegativity is not installed (npm install)')
}
const toolRequire = createRequire(runnerPath)
const refuse = async () => {
  throw new Error('offline: Offprint runs Electronegativity without network access')
}
const stub = (path, exports) => {
  toolRequire.cache[path] = { id: path, filename: path, loaded: true, exports, children: [], paths: [] }
}
stub(toolRequire.resolve('got'), Object.assign(refuse, { head: refuse, get: refuse }))
const i18n = toolRequire('i18n')
const localesDir = join(dirname(runnerPath), 'locales')
stub(join(localesDir, 'i18n.js'), async () => {
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: localesDir, updateFiles: false, objectNotation: true, register: globalThis })
  i18n.setLocale('en-US')
})
const run = toolRequire(runnerPath)

// --- what is scanned -------------------------------------------------------------------

const electronVersion = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? ''
  return /(\d+\.\d+\.\d+)/.exec(range)?.[1]
})()

// The tool reads .js/.ts/.html only and has no notion of .cjs: the sandboxed preload
// bundle is scanned under a .js name and reported under its own.
const stage = mkdtempSync(join(tmpdir(), 'offprint-electronegativity-'))
const renamed = new Map()
const skipped = []
const copy = (from, to, filter = () => true) => {
  if (!existsSync(join(root, from))) return false
  cpSync(join(root, from), join(stage, to), {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src).split(sep).join('/')
      if (rel.endsWith('.map')) return false
      if (!filter(rel)) {
        if (statSync(src).isFile()) skipped.push(rel)
        return false
      }
      return true
    },
  })
  return true
}
const sources = ['common', 'main', 'preload', 'renderer'].filter((d) => copy(d, `src/${d}`))
// The renderer bundle is React and our components compiled together; the tool's parser
// cannot walk class private fields (React's), so the renderer is scanned as source and
// only its built page (index.html, which carries the CSP) from dist/.
const builtRenderer = (rel) => !/^dist\/renderer\/.*\.(js|mjs|cjs)$/.test(rel)
const built = ['main', 'preload', 'renderer'].filter((d) => {
  try {
    return copy(`dist/${d}`, `dist/${d}`, builtRenderer)
  } catch {
    // Being rebuilt at this moment (the build empties dist/ first): the sources still are scanned.
    rmSync(join(stage, 'dist', d), { recursive: true, force: true })
    return false
  }
})
copy('package.json', 'package.json')
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
for (const file of walk(stage)) {
  if (!file.endsWith('.cjs')) continue
  const js = file.replace(/\.cjs$/, '.js')
  renameSync(file, js)
  renamed.set(relative(stage, js).split(sep).join('/'), relative(stage, file).split(sep).join('/'))
}
if (sources.length === 0) fail(`nothing to scan under ${root}`)

/** A staged path back to the project's own: src/main/x.ts → main/x.ts. */
const projectPath = (file) => {
  const rel = (renamed.get(file) ?? file).split(sep).join('/')
  return rel.startsWith('src/') ? rel.slice(4) : rel
}

let report
try {
  report = await run({
    input: stage,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: Object.keys(EXCLUDED),
    customScan: [],
    parserPlugins: [],
  })
} catch (err) {
  rmSync(stage, { recursive: true, force: true })
  fail(`the scan failed: ${err?.stack ?? err}`)
}
const scannedFiles = walk(stage).length
rmSync(stage, { recursive: true, force: true })

// --- findings against the audit's justified list ------------------------------------------

/** Rows of the "Electronegativity findings" table: | CHECK_ID | file | justification |. */
function justified() {
  if (!existsSync(auditFile)) return []
  const text = readFileSync(auditFile, 'utf8')
  const start = text.search(/^##+ Electronegativity findings/m)
  if (start < 0) return []
  const section = text.slice(start).split(/\n##+ /)[0]
  const rows = []
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 5 || !/^`?[A-Z0-9_]+`?$/.test(cells[1])) continue
    const check = cells[1].replace(/`/g, '')
    const file = cells[2].replace(/`/g, '')
    const why = cells[3]
    if (why.length >= 20) rows.push({ check, file, why })
  }
  return rows
}

const allowed = justified()
const findings = report.issues.map((i) => ({
  check: i.id,
  file: projectPath(String(i.file)),
  line: i.location?.line ?? 0,
  severity: i.severity?.name ?? '',
  confidence: i.confidence?.name ?? '',
  sample: String(i.sample ?? '').trim().slice(0, 120),
}))
const matches = (f, a) => a.check === f.check && (a.file === f.file || a.file === '*')
const unjustified = findings.filter((f) => !allowed.some((a) => matches(f, a)))
const unused = allowed.filter((a) => !findings.some((f) => matches(f, a)))
const parseErrors = report.errors.filter((e) => !e.tolerable).map((e) => ({ file: projectPath(relative(stage, e.file)), message: e.message }))

const summary = {
  electronVersion,
  scanned: { files: scannedFiles, sources, built, skipped },
  checks: { global: report.globalChecks, atomic: report.atomicChecks, excluded: EXCLUDED },
  findings: findings.length,
  justified: findings.length - unjustified.length,
  unjustified,
  unusedJustifications: unused,
  parseErrors,
}

if (values.json) console.log(JSON.stringify(summary, null, 2))
else {
  console.log(`Electronegativity over ${scannedFiles} files (${sources.join(', ')}; dist: ${built.join(', ') || 'not built'}), Electron ${electronVersion}`)
  console.log(`${report.globalChecks + report.atomicChecks} checks; left out: ${Object.entries(EXCLUDED).map(([k, v]) => `${k} (${v})`).join('; ')}`)
  if (skipped.length) console.log(`not scanned: ${skipped.length} renderer bundle file(s) (the renderer's sources are)`)
  for (const f of findings) {
    const ok = !unjustified.includes(f)
    console.log(`${ok ? 'justified ' : 'UNJUSTIFIED'} ${f.check} ${f.file}:${f.line} [${f.severity}/${f.confidence}] ${f.sample}`)
  }
  for (const a of unused) console.log(`note: the audit justifies ${a.check} in ${a.file}, which no longer comes up`)
  for (const e of parseErrors) console.log(`PARSE ERROR ${e.file}: ${e.message}`)
  console.log(`${findings.length} finding(s), ${summary.justified} justified in ${relative(root, auditFile) || auditFile}, ${unjustified.length} not`)
}
if (parseErrors.length) process.exit(2)
process.exit(unjustified.length ? 1 : 0)
