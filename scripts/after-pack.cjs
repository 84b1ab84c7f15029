// electron-builder's afterPack hook: flips Electron's fuses in the packed app.
// Fuses are bits in the Electron binary, read before any of our code runs, that
// switch off ways to make a shipped app run code it did not ship. electron-builder
// calls afterPack after app.asar is written and before the app is signed, which is
// the only moment that works: flipping a signed binary breaks its signature.
//
// CommonJS on purpose: electron-builder require()s its hooks, and package.json's
// "type": "module" would make a .js file ESM.
'use strict'
const path = require('node:path')

/** The policy, by @electron/fuses' option names. Every fuse is set explicitly. */
const FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js for anyone.
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS keychain. One-way: never turn it off again.
  EnableCookieEncryption: true,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could inject code or certificates into main.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and SIGUSR1 would open a debugger on the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar checked against the hash electron-builder embeds (Info.plist on macOS,
  // a resource on Windows); Linux has no such check, the fuse is inert there.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded, never a loose resources/app folder planted beside it.
  OnlyLoadAppFromAsar: true,
  // Electron's default; we ship no custom V8 snapshot.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served from app://, never file://, so file:// needs no extra powers.
  GrantFileProtocolExtraPrivileges: false,
}

/** How the wire stores a fuse: ASCII '0', '1', and 'r' for one this Electron removed. */
const WIRE = { DISABLE: 0x30, ENABLE: 0x31, REMOVED: 0x72 }

/** builder-util's Arch enum, which is what context.arch holds. */
const ARCH = { ia32: 0, x64: 1, armv7l: 2, arm64: 3, universal: 4 }

/** The file @electron/fuses is given, named as electron-builder names it. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`)
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    default:
      return path.join(appOutDir, packager.executableName)
  }
}

/**
 * A universal macOS build packs an x64 and an arm64 app into "<out>-x64-temp" and
 * "<out>-arm64-temp", merges them, and calls afterPack once more on the merged app.
 * The slices are thrown away, so only the merged app needs its fuses.
 */
function isUniversalSlice(context) {
  return (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') && /-(x64|arm64)-temp$/.test(context.appOutDir)
}

function fuseConfig(fuses, context) {
  const { FuseVersion, FuseV1Options } = fuses
  const config = {
    version: FuseVersion.V1,
    // Flipping a fuse invalidates the ad-hoc signature Apple Silicon requires before
    // the app is signed for real; re-sign ad hoc so an unsigned build still starts.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && (context.arch === ARCH.arm64 || context.arch === ARCH.universal),
  }
  for (const [name, value] of Object.entries(FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`@electron/fuses does not know the fuse ${name}: update it or the policy in scripts/after-pack.cjs.`)
    config[FuseV1Options[name]] = value
  }
  return config
}

/** Reads the wire back: a build whose fuses did not take must fail, not ship. */
async function verifyFuses(fuses, binary) {
  const wire = await fuses.getCurrentFuseWire(binary)
  const wrong = []
  for (const [name, value] of Object.entries(FUSES)) {
    const state = wire[fuses.FuseV1Options[name]]
    if (state === undefined || state === WIRE.REMOVED) continue // a fuse this Electron does not have
    if (state !== (value ? WIRE.ENABLE : WIRE.DISABLE)) wrong.push(name)
  }
  if (wrong.length) throw new Error(`Electron fuses not set in ${binary}: ${wrong.join(', ')}`)
  return wire
}

async function afterPack(context, fuses = require('@electron/fuses')) {
  if (isUniversalSlice(context)) return null
  const binary = electronBinaryPath(context)
  await fuses.flipFuses(binary, fuseConfig(fuses, context))
  return verifyFuses(fuses, binary)
}

module.exports = afterPack
module.exports.afterPack = afterPack
module.exports.default = afterPack
module.exports.FUSES = FUSES
module.exports.electronBinaryPath = electronBinaryPath
module.exports.fuseConfig = fuseConfig
module.exports.isUniversalSlice = isUniversalSlice
