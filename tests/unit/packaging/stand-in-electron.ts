// A stand-in for Electron's runtime, which cannot be downloaded on this project's
// machines: a directory laid out like an unpacked Linux Electron, whose "binary"
// carries Electron's fuse wire (sentinel, wire version 1, length, one ASCII byte
// per fuse). It lets electron-builder pack the app and the afterPack hook flip
// fuses for real; it cannot run anything.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's own defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, … */
export const ELECTRON_DEFAULT_WIRE = '10110001'

export function standInBinary(file: string, wire = ELECTRON_DEFAULT_WIRE): void {
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "a stand-in for the Electron binary"\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.alloc(32),
    ]),
    { mode: 0o755 },
  )
}

/** An unpacked "Electron for Linux" that electron-builder accepts as electronDist. */
export function standInElectronDist(dir: string): string {
  mkdirSync(join(dir, 'locales'), { recursive: true })
  mkdirSync(join(dir, 'resources'), { recursive: true })
  standInBinary(join(dir, 'electron'))
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '')
  writeFileSync(join(dir, 'LICENSE'), 'stand-in')
  return dir
}
