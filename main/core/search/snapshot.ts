// The index snapshot: the compacted in-memory index written as raw typed
// arrays, so loading is a read, a checksum and a few copies rather than a
// re-index. It names the document log it goes with and how far into that log
// it reaches; later records are replayed at open.
//
// File: 8-byte magic, u32 version, u32 CRC-32 of everything after this field,
// u32 header length, header JSON, then each section 8-byte aligned.
import { open, readFile, rename, rm } from 'node:fs/promises'
import { crc32 } from 'node:zlib'

const MAGIC = Buffer.from('OFPSIDX1', 'latin1')
/** Bump when the layout or the tokenizer changes: an older snapshot then asks for a rebuild. */
export const SNAPSHOT_VERSION = 1

type ArrayKind = 'u8' | 'u32' | 'i32' | 'f64'
export type Section = Uint8Array | Uint32Array | Int32Array | Float64Array

export interface SnapshotContent {
  meta: Record<string, unknown>
  arrays: Record<string, Section>
  /** Small structured values (string lists), stored as JSON. */
  json: Record<string, unknown>
}

interface SectionInfo {
  name: string
  kind: ArrayKind | 'json'
  offset: number
  length: number
}

function kindOf(a: Section): ArrayKind {
  if (a instanceof Float64Array) return 'f64'
  if (a instanceof Int32Array) return 'i32'
  if (a instanceof Uint32Array) return 'u32'
  return 'u8'
}

export async function writeSnapshot(path: string, content: SnapshotContent): Promise<number> {
  const parts: { name: string; kind: ArrayKind | 'json'; bytes: Buffer }[] = []
  for (const [name, value] of Object.entries(content.json)) parts.push({ name, kind: 'json', bytes: Buffer.from(JSON.stringify(value), 'utf8') })
  for (const [name, a] of Object.entries(content.arrays)) parts.push({ name, kind: kindOf(a), bytes: Buffer.from(a.buffer, a.byteOffset, a.byteLength) })
  const sections: SectionInfo[] = []
  let offset = 0
  for (const p of parts) {
    offset = align8(offset)
    sections.push({ name: p.name, kind: p.kind, offset, length: p.bytes.length })
    offset += p.bytes.length
  }
  const header = Buffer.from(JSON.stringify({ meta: content.meta, sections }), 'utf8')
  const prefix = Buffer.alloc(20)
  MAGIC.copy(prefix, 0)
  prefix.writeUInt32LE(SNAPSHOT_VERSION, 8)
  prefix.writeUInt32LE(header.length, 16)
  const start = align8(20 + header.length)
  const chunks: Buffer[] = [prefix.subarray(16), header, Buffer.alloc(start - 20 - header.length)]
  let at = 0
  for (let i = 0; i < parts.length; i++) {
    const pad = sections[i]!.offset - at
    if (pad > 0) chunks.push(Buffer.alloc(pad))
    chunks.push(parts[i]!.bytes)
    at = sections[i]!.offset + parts[i]!.bytes.length
  }
  let crc = 0
  // Skip empty chunks: Node 20's crc32 returns 0 for a view of an empty ArrayBuffer.
  for (const c of chunks) if (c.length > 0) crc = crc32(c, crc)
  prefix.writeUInt32LE(crc, 12)
  chunks[0] = prefix

  const tmp = `${path}.tmp`
  // 0600: the index holds the text of the user's notes.
  const file = await open(tmp, 'w', 0o600)
  let total = 0
  try {
    for (const c of chunks) {
      await file.write(c)
      total += c.length
    }
    // No fsync: the snapshot is derived data. A file lost to a power cut fails
    // its checksum and asks for a rebuild; the log, not this, holds the truth.
  } finally {
    await file.close()
  }
  await rename(tmp, path)
  return total
}

export type ReadResult = { ok: true; content: SnapshotContent } | { ok: false; reason: 'missing' | 'corrupt' | 'old-version' }

export async function readSnapshot(path: string): Promise<ReadResult> {
  let buf: Buffer
  try {
    buf = await readFile(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing' }
    return { ok: false, reason: 'corrupt' }
  }
  if (buf.length < 20 || !buf.subarray(0, 8).equals(MAGIC)) return { ok: false, reason: 'corrupt' }
  if (buf.readUInt32LE(8) !== SNAPSHOT_VERSION) return { ok: false, reason: 'old-version' }
  if (crc32(buf.subarray(16)) !== buf.readUInt32LE(12)) return { ok: false, reason: 'corrupt' }
  try {
    const headerLen = buf.readUInt32LE(16)
    const header = JSON.parse(buf.toString('utf8', 20, 20 + headerLen)) as { meta: Record<string, unknown>; sections: SectionInfo[] }
    const base = align8(20 + headerLen)
    const content: SnapshotContent = { meta: header.meta, arrays: {}, json: {} }
    for (const s of header.sections) {
      const from = base + s.offset
      if (from + s.length > buf.length) return { ok: false, reason: 'corrupt' }
      const bytes = buf.subarray(from, from + s.length)
      if (s.kind === 'json') content.json[s.name] = JSON.parse(bytes.toString('utf8'))
      else content.arrays[s.name] = copyArray(bytes, s.kind)
    }
    return { ok: true, content }
  } catch {
    return { ok: false, reason: 'corrupt' }
  }
}

/** Moves a bad file aside (one kept, the newest) so it is never read or overwritten again. */
export async function moveAside(path: string): Promise<void> {
  await rm(`${path}.corrupt`, { force: true })
  await rename(path, `${path}.corrupt`).catch(() => rm(path, { force: true }))
}

// Copies rather than views: the file buffer then goes, and the arrays own aligned memory.
function copyArray(bytes: Buffer, kind: ArrayKind): Section {
  const size = kind === 'f64' ? 8 : kind === 'u8' ? 1 : 4
  if (bytes.length % size !== 0) throw new Error('bad section length')
  const n = bytes.length / size
  const out = kind === 'f64' ? new Float64Array(n) : kind === 'i32' ? new Int32Array(n) : kind === 'u32' ? new Uint32Array(n) : new Uint8Array(n)
  new Uint8Array(out.buffer).set(bytes)
  return out
}

function align8(n: number): number {
  return (n + 7) & ~7
}
