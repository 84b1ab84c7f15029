// A minimal ustar writer for crafted archives: entries with "../" and absolute names,
// symbolic and hard links, the things a hostile backup file would carry. Real tar
// tools refuse to write most of them, hence this.
import { gzipSync } from 'node:zlib'

export interface TarEntry {
  name: string
  type?: 'file' | 'dir' | 'symlink' | 'hardlink'
  content?: string | Buffer
  linkname?: string
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512)
  const put = (value: string, at: number, len: number) => h.write(value.slice(0, len), at, len, 'utf8')
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, '0')}\0`
  put(e.name, 0, 100)
  put(octal(e.type === 'dir' ? 0o755 : 0o644, 8), 100, 8)
  put(octal(0, 8), 108, 8)
  put(octal(0, 8), 116, 8)
  put(octal(size, 12), 124, 12)
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12)
  put('        ', 148, 8)
  put(TYPEFLAG[e.type ?? 'file'], 156, 1)
  put(e.linkname ?? '', 157, 100)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  let sum = 0
  for (const b of h) sum += b
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return h
}

/** A gzipped tar of the entries, in order. */
export function makeTarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const body = e.type === undefined || e.type === 'file' ? Buffer.from(e.content ?? '') : Buffer.alloc(0)
    parts.push(header(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(parts))
}
