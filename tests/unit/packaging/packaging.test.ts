// electron-builder.yml, checked the ways a broken installer would show: against
// electron-builder's own JSON schema; its `files` globs run (with electron-builder's
// own matcher) over the real dist/ and the project; the Linux desktop entry as
// electron-builder writes it; and an actual `electron-builder --dir` pack whose
// app.asar and fuses are inspected. Electron's runtime cannot be downloaded here,
// so that pack uses a stand-in runtime unless a real one is found.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { createRequire } from 'node:module'
import { join, relative, sep } from 'node:path'
import { tempDir } from '../../helpers/tmp'
import { standInElectronDist } from './stand-in-electron'

const require = createRequire(import.meta.url)
const root = join(__dirname, '..', '..', '..')
const yaml = require('js-yaml') as { load(text: string): unknown }

interface FileAssociation {
  ext: string
  name?: string
  role?: string
  rank?: string
  mimeType?: string
}
interface BuilderConfig {
  appId: string
  productName: string
  copyright: string
  directories: { output: string; buildResources: string }
  files: string[]
  asar: boolean
  npmRebuild: boolean
  afterPack: string
  extraMetadata: Record<string, unknown>
  publish: unknown
  protocols: { name: string; schemes: string[] }[]
  fileAssociations?: FileAssociation[]
  linux: { target: string[]; icon: string; category: string; executableName: string; mimeTypes: string[]; fileAssociations?: FileAssociation[]; desktop: { entry: Record<string, string> } }
  mac: { target: { target: string; arch: string[] }[]; icon: string; category: string; fileAssociations: FileAssociation[] }
  win: { target: string[]; icon: string; fileAssociations: FileAssociation[] }
  nsis: Record<string, unknown>
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  main: string
  description: string
  homepage?: string
  author?: string | { email?: string }
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

/** Every file under dir, as project-relative posix paths, skipping what never matters. */
function walk(dir: string, skip = new Set(['node_modules', '.git', 'release', 'test-results', 'playwright-report'])): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...walk(full, skip))
    else out.push(relative(root, full).split(sep).join('/'))
  }
  return out
}

function ensureBuilt(): void {
  const needed = ['dist/main/index.js', 'dist/main/cli.js', 'dist/preload/electron.cjs', 'dist/renderer/index.html']
  if (needed.every((f) => existsSync(join(root, f)))) return
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${build.stderr}`)
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>
    }
    type AjvClass = new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } }
    let Ajv: AjvClass | null
    try {
      Ajv = (require('ajv') as { default: AjvClass }).default
    } catch {
      Ajv = null
    }
    if (!Ajv) {
      console.log('ajv is not installed: checking only that every top-level key is one electron-builder knows.')
      expect(Object.keys(config).filter((k) => !(k in schema.properties))).toEqual([])
      return
    }
    // The options electron-builder itself validates with (schemaValidator.js), without type coercion.
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    expect(validate(config) ? [] : validate.errors).toEqual([])
    // The validator bites: a misspelt option is caught.
    expect(validate({ ...config, linux: { ...config.linux, categroy: 'Network' } })).toBe(false)
  })

  it('names the app and packs it into app.asar', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/)
    expect(config.productName).toBe('Offprint')
    expect(config.copyright).toMatch(/Offprint/)
    expect(config.asar).toBe(true)
    expect(config.directories).toEqual({ output: 'release', buildResources: 'assets/build' })
    expect(existsSync(join(root, config.afterPack))).toBe(true)
  })

  it('builds AppImage and deb, a universal dmg and an NSIS installer, each with its icon', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }])
    expect(config.win.target).toEqual(['nsis'])
    expect(existsSync(join(root, config.linux.icon, '512x512.png'))).toBe(true)
    expect(existsSync(join(root, config.mac.icon))).toBe(true)
    expect(existsSync(join(root, config.win.icon))).toBe(true)
    // The installer never takes the library with it.
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false)
  })

  it('ships no release feed, so update checks stay off (main/updates.ts)', () => {
    expect(config.publish).toBeNull()
  })

  it('handles feed: links and the feed files; takes .html/.xml only as an alternative, never by default', () => {
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['feed'] })])
    const mac = Object.fromEntries(config.mac.fileAssociations.map((a) => [a.ext, a.rank]))
    expect(mac).toEqual({ opml: 'Default', rss: 'Default', atom: 'Default', xml: 'Alternate', html: 'Alternate', htm: 'Alternate' })
    for (const a of config.mac.fileAssociations) expect(a.role, a.ext).toBe('Viewer')
    // NSIS makes the app the default for every extension it associates.
    expect(config.win.fileAssociations.map((a) => a.ext)).toEqual(['opml', 'rss', 'atom'])
    // Top-level or Linux associations would install MIME definitions of their own.
    expect(config.fileAssociations).toBeUndefined()
    expect(config.linux.fileAssociations).toBeUndefined()
  })

  it('has nothing to rebuild for Electron: no production dependency is a native module', () => {
    expect(config.npmRebuild).toBe(false)
    const native: string[] = []
    const seen = new Set<string>()
    const visit = (name: string) => {
      if (seen.has(name)) return
      seen.add(name)
      const dir = join(root, 'node_modules', name)
      if (!existsSync(join(dir, 'package.json'))) return
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; gypfile?: boolean }
      if (meta.gypfile || existsSync(join(dir, 'binding.gyp'))) native.push(name)
      for (const dep of Object.keys(meta.dependencies ?? {})) visit(dep)
    }
    for (const dep of Object.keys(pkg.dependencies)) visit(dep)
    expect(native, 'a native module needs npmRebuild: true in electron-builder.yml').toEqual([])
  })

  it('deb packages have the homepage and maintainer Debian requires (package.json: homepage, author.email)', () => {
    // electron-builder refuses to build a deb without them (FpmTarget.computeFpmMetaInfoOptions).
    const maintainer = (config.linux as { maintainer?: string }).maintainer ?? (typeof pkg.author === 'object' ? pkg.author.email : undefined)
    expect(/^https:\/\//.test(pkg.homepage ?? ''), 'package.json needs "homepage": "https://…" (the deb\'s Homepage field)').toBe(true)
    expect(/@/.test(maintainer ?? ''), 'package.json needs "author": { "name": …, "email": … } (the deb\'s Maintainer field)').toBe(true)
  })
})

describe('what goes into app.asar', () => {
  let selected: Set<string>
  let project: string[]

  beforeAll(() => {
    ensureBuilt()
    // electron-builder's own matcher (app-builder-lib), so the globs mean here what they mean there.
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
      FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => { createFilter(): (file: string, stat: unknown) => boolean }
    }
    const filter = new FileMatcher(root, '/app', (s) => s, config.files).createFilter()
    project = walk(root)
    selected = new Set(project.filter((f) => filter(join(root, f), statSync(join(root, f)))))
  })

  it('selects every built bundle, the sample library and package.json', () => {
    const built = project.filter((f) => f.startsWith('dist/') && !f.endsWith('.map'))
    expect(built).toEqual(expect.arrayContaining(['dist/main/index.js', 'dist/main/cli.js', 'dist/preload/electron.cjs', 'dist/renderer/index.html']))
    expect(built.filter((f) => !selected.has(f))).toEqual([])
    const sample = project.filter((f) => f.startsWith('assets/sample/images/') || (f.startsWith('assets/sample/icons/') && f.endsWith('.png')))
    expect(sample.length).toBeGreaterThan(5)
    for (const f of [...sample, 'assets/sample/library.json', 'package.json']) expect(selected.has(f), f).toBe(true)
  })

  it('leaves out source maps, sources, tests, scripts, docs and build resources', () => {
    const wrong = [...selected].filter(
      (f) => f.endsWith('.map') || /\.(ts|tsx|mts|cts)$/.test(f) || /^(tests|main|preload|renderer|scripts|docs|assets\/build)\//.test(f) || !/^(dist\/|assets\/sample\/|package\.json$)/.test(f),
    )
    expect(wrong).toEqual([])
    expect(selected.has('assets/sample/README.md')).toBe(false)
    expect(selected.has('assets/sample/icons/citywheel.svg')).toBe(false)
    expect(selected.has('assets/icon.svg')).toBe(false)
  })
})

describe('the Linux desktop entry', () => {
  it('is what electron-builder writes for this config: categories, MIME types, feed: handler', async () => {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as {
      LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: unknown): Promise<string> }
    }
    const packager = {
      appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: pkg.description },
      executableName: config.linux.executableName,
      info: { metadata: { ...pkg, ...config.extraMetadata } },
      config,
      platformSpecificBuildOptions: config.linux,
      fileAssociations: [...(config.fileAssociations ?? []), ...(config.linux.fileAssociations ?? [])],
    }
    const text = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux)
    const entry = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    expect(entry).toMatchObject({
      Name: 'Offprint',
      Type: 'Application',
      Icon: 'offprint',
      Categories: 'Network;News;',
      MimeType: 'text/x-opml+xml;application/rss+xml;application/atom+xml;x-scheme-handler/feed;',
      // Matches the app_id Electron takes from desktopName, so the window gets this entry's icon.
      StartupWMClass: 'offprint',
      Terminal: 'false',
    })
    // %U: files and feed: links reach the app's argv (main/open-targets.ts).
    expect(entry.Exec).toMatch(/ %U$/)
    expect(entry.Comment).toBe(pkg.description)
  })
})

/** A real Electron runtime for this version, if one was ever downloaded here. */
function realElectron(): { electronDist?: string } | null {
  const version = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version
  const unpacked = join(root, 'node_modules', 'electron', 'dist')
  if (existsSync(join(unpacked, 'electron'))) return { electronDist: unpacked }
  const cache = process.env.electron_config_cache ?? join(homedir(), '.cache', 'electron')
  const zip = `electron-v${version}-linux-x64.zip`
  const found = (dir: string): boolean => existsSync(dir) && readdirSync(dir).some((n) => n === zip || (statSync(join(dir, n)).isDirectory() && found(join(dir, n))))
  return found(cache) ? {} : null
}

describe('electron-builder --dir', () => {
  it('packs app.asar with the bundles, sample and production dependencies only, and flips the fuses', async () => {
    ensureBuilt()
    const real = process.platform === 'linux' && process.arch === 'x64' ? realElectron() : null
    if (!real) console.log("SKIPPED: building the unpacked app needs Electron's runtime, which cannot be downloaded here; packing with a stand-in runtime instead (electron-builder, app.asar and the afterPack fuses are real, the binary is not).")
    const out = tempDir('offprint-pack-')
    const electronDist = real ? real.electronDist : standInElectronDist(join(tempDir('offprint-electron-'), 'dist'))
    const args = [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.directories.output=${out}`,
      ...(electronDist ? [`-c.electronDist=${electronDist}`] : []),
    ]
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } })
    expect(run.status, `electron-builder failed:\n${run.stdout}\n${run.stderr}`).toBe(0)

    const unpacked = join(out, 'linux-unpacked')
    const asarFile = join(unpacked, 'resources', 'app.asar')
    expect(existsSync(asarFile)).toBe(true)
    // OnlyLoadAppFromAsar: there must be nothing else for Electron to load.
    expect(existsSync(join(unpacked, 'resources', 'app'))).toBe(false)

    const asar = require('@electron/asar') as { listPackage(a: string, o: object): string[]; extractFile(a: string, f: string): Buffer }
    const entries = asar.listPackage(asarFile, { isPack: false }).map((p) => p.split(sep).join('/').replace(/^\//, ''))
    const files = new Set(entries)
    const own = entries.filter((p) => !p.startsWith('node_modules'))

    for (const f of ['package.json', 'dist/main/index.js', 'dist/main/cli.js', 'dist/preload/electron.cjs', 'dist/renderer/index.html', 'assets/sample/library.json']) {
      expect(files.has(f), f).toBe(true)
    }
    // The build in dist/ is the one packed, byte for byte.
    expect(asar.extractFile(asarFile, 'dist/main/index.js').equals(readFileSync(join(root, 'dist', 'main', 'index.js')))).toBe(true)
    expect(own.filter((p) => p.endsWith('.map') || /\.(ts|tsx|mts|cts)$/.test(p) || /^(tests|main|preload|renderer|scripts|docs)(\/|$)/.test(p))).toEqual([])

    const packed = JSON.parse(asar.extractFile(asarFile, 'package.json').toString('utf8')) as { main: string; type: string; desktopName: string }
    expect(packed).toMatchObject({ main: pkg.main, type: 'module', desktopName: 'offprint.desktop' })

    for (const dep of Object.keys(pkg.dependencies)) expect(files.has(`node_modules/${dep}/package.json`), dep).toBe(true)
    const devOnly = Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies))
    expect(devOnly.filter((d) => files.has(`node_modules/${d}/package.json`))).toEqual([])

    const { getCurrentFuseWire } = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<string, number>> }
    const wire = await getCurrentFuseWire(join(unpacked, config.linux.executableName))
    const state = (i: number) => String.fromCharCode(wire[i]!)
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar
    expect([0, 1, 2, 3, 4, 5].map(state).join('')).toBe('010011')
  }, 180_000)
})
