// Electronegativity over the project, through scripts/electronegativity.mjs: every
// finding must be justified in docs/security-audit.md. And the gate must be able to
// fail: a small project with Node in its renderer and no isolation is refused.
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/tmp'
import { note, record } from '../security/figures'

const root = fileURLToPath(new URL('../..', import.meta.url))
const script = join(root, 'scripts', 'electronegativity.mjs')

interface Summary {
  scanned: { files: number; sources: string[]; built: string[] }
  checks: { global: number; atomic: number }
  findings: number
  justified: number
  unjustified: { check: string; file: string; line: number }[]
  parseErrors: unknown[]
}

function run(args: string[]): Promise<{ code: number; summary: Summary | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, '--json', ...args], { cwd: root, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      let summary: Summary | null = null
      try {
        summary = JSON.parse(stdout) as Summary
      } catch {
        // reported by the assertions below
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, summary, stderr })
    })
  })
}

describe('Electronegativity', () => {
  it('finds nothing in Offprint that docs/security-audit.md does not justify', async () => {
    const { code, summary, stderr } = await run([])
    expect(summary, stderr).not.toBeNull()
    expect(summary!.parseErrors).toEqual([])
    expect(summary!.unjustified).toEqual([])
    expect(code, stderr).toBe(0)
    expect(summary!.scanned.sources).toEqual(['common', 'main', 'preload', 'renderer'])
    expect(summary!.scanned.files).toBeGreaterThan(50)
    expect(summary!.checks.global + summary!.checks.atomic).toBeGreaterThan(35)
    record('electronegativity.files-scanned', summary!.scanned.files, 'files')
    record('electronegativity.checks-run', summary!.checks.global + summary!.checks.atomic, 'checks')
    record('electronegativity.findings', summary!.findings, 'findings')
    record('electronegativity.findings-justified', summary!.justified, 'findings')
    note('electronegativity.dist', summary!.scanned.built.length ? `built bundles scanned: ${summary!.scanned.built.join(', ')}` : 'dist/ not built: sources only')
  }, 60_000)

  it('fails on a finding the audit does not justify', async () => {
    const project = tempDir('offprint-eneg-')
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bad', devDependencies: { electron: '^45.0.0' } }))
    mkdirSync(join(project, 'main'))
    writeFileSync(
      join(project, 'main', 'window.js'),
      "const { BrowserWindow } = require('electron')\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } })\n",
    )
    writeFileSync(join(project, 'audit.md'), '# Audit\n\n## Electronegativity findings\n\n| check | file | why |\n|---|---|---|\n')
    const { code, summary } = await run(['--root', project, '--audit', join(project, 'audit.md')])
    expect(code).toBe(1)
    const checks = summary!.unjustified.map((f) => f.check)
    expect(checks).toContain('SANDBOX_JS_CHECK')
    expect(checks).toContain('CONTEXT_ISOLATION_JS_CHECK')
  }, 60_000)
})
