// The afterPack hook's fuses: the policy itself, the binary it finds on each
// platform, and that it flips and then verifies the fuse wire of a binary laid out
// like Electron's (sentinel, version, length, one byte per fuse).
import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { tempDir } from '../../helpers/tmp'
import { standInBinary } from './stand-in-electron'

const require = createRequire(import.meta.url)
const root = join(__dirname, '..', '..', '..')

interface AfterPackContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}
type FusesModule = typeof import('@electron/fuses')
interface AfterPackModule {
  (context: AfterPackContext, fuses?: unknown): Promise<Record<string, number | string> | null>
  afterPack: AfterPackModule
  FUSES: Record<string, boolean>
  electronBinaryPath(context: AfterPackContext): string
  fuseConfig(fuses: FusesModule, context: AfterPackContext): Record<string, unknown>
  isUniversalSlice(context: AfterPackContext): boolean
}

const hook = require(join(root, 'scripts', 'after-pack.cjs')) as AfterPackModule
const fuses = require('@electron/fuses') as FusesModule

const context = (over: Partial<AfterPackContext> = {}): AfterPackContext => ({
  appOutDir: '/out/linux-unpacked',
  electronPlatformName: 'linux',
  arch: 1,
  packager: { appInfo: { productFilename: 'Offprint' }, executableName: 'offprint' },
  ...over,
})

const wireString = (wire: Record<string, number | string>) =>
  Object.keys(wire)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => String.fromCharCode(wire[k] as number))
    .join('')

describe('fuse policy', () => {
  it('turns off every way to run other code in the shipped app, and turns on asar integrity', () => {
    expect(hook.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    })
  })

  it('sets every fuse @electron/fuses knows, so a new one is a decision, not a default', () => {
    const known = Object.keys(fuses.FuseV1Options).filter((k) => Number.isNaN(Number(k)))
    expect(Object.keys(hook.FUSES).sort()).toEqual(known.sort())
  })

  it('re-signs ad hoc only where Apple Silicon needs it', () => {
    const reset = (electronPlatformName: string, arch: number) => hook.fuseConfig(fuses, context({ electronPlatformName, arch })).resetAdHocDarwinSignature
    expect(reset('darwin', 3)).toBe(true) // arm64
    expect(reset('darwin', 4)).toBe(true) // universal
    expect(reset('darwin', 1)).toBe(false) // x64
    expect(reset('linux', 3)).toBe(false)
    expect(reset('win32', 1)).toBe(false)
  })
})

describe('afterPack hook', () => {
  it('is what electron-builder.yml names, and exports what electron-builder looks for', async () => {
    const yaml = require('js-yaml') as { load(s: string): { afterPack?: string } }
    const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))
    expect(config.afterPack).toBe('./scripts/after-pack.cjs')
    expect(typeof hook.afterPack).toBe('function')
  })

  it('finds the binary the fuses live in on each platform', () => {
    expect(hook.electronBinaryPath(context())).toBe(join('/out/linux-unpacked', 'offprint'))
    expect(hook.electronBinaryPath(context({ appOutDir: '/out/win-unpacked', electronPlatformName: 'win32' }))).toBe(join('/out/win-unpacked', 'Offprint.exe'))
    expect(hook.electronBinaryPath(context({ appOutDir: '/out/mac-universal', electronPlatformName: 'darwin' }))).toBe(join('/out/mac-universal', 'Offprint.app'))
  })

  it('flips the fuses in the packed binary and reads them back', async () => {
    const dir = tempDir()
    standInBinary(join(dir, 'offprint'))
    const wire = await hook(context({ appOutDir: dir }))
    expect(wireString(wire!)).toBe('01001100')
    expect(wireString((await fuses.getCurrentFuseWire(join(dir, 'offprint'))) as never)).toBe('01001100')
  })

  it('copes with a fuse this Electron has removed (marked r), verifying the others', async () => {
    const dir = tempDir()
    standInBinary(join(dir, 'offprint'), '1011000r')
    const wire = await hook(context({ appOutDir: dir }))
    expect(wireString(wire!).slice(0, 7)).toBe('0100110')
  })

  it('fails the build when the fuses did not take', async () => {
    const dir = tempDir()
    standInBinary(join(dir, 'offprint'))
    const inert = { ...fuses, flipFuses: async () => 1 }
    await expect(hook(context({ appOutDir: dir }), inert)).rejects.toThrow(/fuses not set.*RunAsNode/)
  })

  it('fails the build when the binary has no fuse wire', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'offprint'), 'not electron')
    await expect(hook(context({ appOutDir: dir }))).rejects.toThrow(/sentinel/)
  })

  it('skips the per-architecture halves of a universal macOS build, whose merge gets the fuses', async () => {
    const slice = context({ appOutDir: '/out/mac-universal-x64-temp', electronPlatformName: 'darwin', arch: 1 })
    expect(hook.isUniversalSlice(slice)).toBe(true)
    expect(await hook(slice)).toBeNull()
    expect(hook.isUniversalSlice(context({ appOutDir: '/out/mac-universal', electronPlatformName: 'darwin', arch: 4 }))).toBe(false)
    expect(hook.isUniversalSlice(context({ appOutDir: '/out/linux-x64-temp' }))).toBe(false)
  })
})
