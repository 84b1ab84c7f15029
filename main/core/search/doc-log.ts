// The document log: an append-only file that is both the engine's text store
// (snippets, phrase checks and related-articles read a document's text from
// it, so the text never sits in memory) and its journal (documents added or
// removed since the last snapshot are replayed from it at open, so save()
// can be cheap and a crash loses nothing that was written).
//
// File: 8-byte magic, then records. Record: u32 body length, u32 CRC-32 of
// the body, u8 kind, 3 bytes zero, body.
//   DOC       u32 n, head JSON (n bytes), u32 m, notes (m bytes), text (rest)
//   DOC_REF   as DOC, but the text is an f64 offset + u32 length of an earlier
//             record's text (notes or metadata changed, text did not)
//   REMOVE    the id, UTF-8
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import type { DocPlacement } from './doc-table'
import type { SearchDoc } from './types'

const MAGIC = Buffer.from('OFPSLOG1', 'latin1')
const HEADER = 12
export const KIND_DOC = 1
export const KIND_REMOVE = 2
export const KIND_DOC_REF = 3

export type DocHead = Pick<SearchDoc, 'id' | 'title' | 'author' | 'siteName' | 'feedId' | 'published'>

export interface Encoded {
  bytes: Buffer
  placement: DocPlacement
}

export type LogRecord =
  | { kind: typeof KIND_DOC | typeof KIND_DOC_REF; offset: number; doc: SearchDoc; placement: DocPlacement }
  | { kind: typeof KIND_REMOVE; offset: number; id: string }

export class DocLogError extends Error {}

export class DocLog {
  private scratch = Buffer.allocUnsafe(64 * 1024)

  private constructor(
    readonly path: string,
    private fd: number,
    /** Bytes in the file: where the next record goes. */
    public size: number,
  ) {}

  static create(path: string): DocLog {
    // 0600: the log holds the text of the user's notes.
    const fd = openSync(path, 'w+', 0o600)
    writeSync(fd, MAGIC, 0, MAGIC.length, 0)
    return new DocLog(path, fd, MAGIC.length)
  }

  /** Opens an existing log; throws DocLogError if it is not one. */
  static open(path: string): DocLog {
    const fd = openSync(path, 'r+')
    const log = new DocLog(path, fd, fstatSync(fd).size)
    const magic = log.read(0, Math.min(MAGIC.length, log.size))
    if (log.size < MAGIC.length || !magic.equals(MAGIC)) {
      log.close()
      throw new DocLogError(`${path} is not a search document log`)
    }
    return log
  }

  /** Encodes a document to be written at `at` (its text inline, or a reference to text already in the log). */
  encodeDoc(doc: SearchDoc, at: number, sameTextAs?: { off: number; len: number }): Encoded {
    const head: DocHead = { id: doc.id, title: doc.title, author: doc.author, siteName: doc.siteName, feedId: doc.feedId, published: doc.published }
    const headJson = Buffer.from(JSON.stringify(head), 'utf8')
    const notesLen = Buffer.byteLength(doc.notes, 'utf8')
    const textLen = sameTextAs ? 12 : Buffer.byteLength(doc.text, 'utf8')
    const bodyLen = 4 + headJson.length + 4 + notesLen + textLen
    const bytes = Buffer.allocUnsafe(HEADER + bodyLen)
    let p = HEADER
    bytes.writeUInt32LE(headJson.length, p)
    p += 4
    headJson.copy(bytes, p)
    p += headJson.length
    bytes.writeUInt32LE(notesLen, p)
    p += 4
    bytes.write(doc.notes, p, 'utf8')
    p += notesLen
    const placement: DocPlacement = { headOff: at + HEADER, headLen: p - HEADER, textOff: 0, textLen: 0 }
    if (sameTextAs) {
      bytes.writeDoubleLE(sameTextAs.off, p)
      bytes.writeUInt32LE(sameTextAs.len, p + 8)
      placement.textOff = sameTextAs.off
      placement.textLen = sameTextAs.len
    } else {
      bytes.write(doc.text, p, 'utf8')
      placement.textOff = at + p
      placement.textLen = textLen
    }
    seal(bytes, sameTextAs ? KIND_DOC_REF : KIND_DOC)
    return { bytes, placement }
  }

  encodeRemove(id: string): Buffer {
    const idLen = Buffer.byteLength(id, 'utf8')
    const bytes = Buffer.allocUnsafe(HEADER + idLen)
    bytes.write(id, HEADER, 'utf8')
    seal(bytes, KIND_REMOVE)
    return bytes
  }

  /** Appends records at the end of the file. */
  append(chunks: Buffer[]): void {
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
    let done = 0
    while (done < all.length) done += writeSync(this.fd, all, done, all.length - done, this.size + done)
    this.size += all.length
  }

  read(off: number, len: number): Buffer {
    if (len > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(len, this.scratch.length * 2))
    let done = 0
    while (done < len) {
      const n = readSync(this.fd, this.scratch, done, len - done, off + done)
      if (n === 0) throw new DocLogError(`${this.path}: unexpected end of file at ${off + done}`)
      done += n
    }
    return this.scratch.subarray(0, len)
  }

  readText(at: DocPlacement): string {
    return at.textLen === 0 ? '' : this.read(at.textOff, at.textLen).toString('utf8')
  }

  readHead(at: DocPlacement): { head: DocHead; notes: string } {
    const b = this.read(at.headOff, at.headLen)
    const n = b.readUInt32LE(0)
    const head = JSON.parse(b.toString('utf8', 4, 4 + n)) as DocHead
    const m = b.readUInt32LE(4 + n)
    return { head, notes: b.toString('utf8', 8 + n, 8 + n + m) }
  }

  readDoc(at: DocPlacement): SearchDoc {
    const { head, notes } = this.readHead(at)
    return { ...head, notes, text: this.readText(at) }
  }

  /**
   * Records from `from` to the end of the file, in order. A torn or corrupt
   * record ends the scan; returns where the good part stops.
   */
  scan(from: number, visit: (record: LogRecord) => void): number {
    let off = from
    while (off + HEADER <= this.size) {
      const header = this.read(off, HEADER)
      const bodyLen = header.readUInt32LE(0)
      const crc = header.readUInt32LE(4)
      const kind = header[8]!
      if (off + HEADER + bodyLen > this.size || (kind !== KIND_DOC && kind !== KIND_DOC_REF && kind !== KIND_REMOVE)) break
      const body = this.read(off + HEADER, bodyLen)
      if (crc32(body) !== crc) break
      if (kind === KIND_REMOVE) visit({ kind, offset: off, id: body.toString('utf8') })
      else {
        const n = body.readUInt32LE(0)
        const head = JSON.parse(body.toString('utf8', 4, 4 + n)) as DocHead
        const m = body.readUInt32LE(4 + n)
        const notes = body.toString('utf8', 8 + n, 8 + n + m)
        const placement: DocPlacement = { headOff: off + HEADER, headLen: 8 + n + m, textOff: 0, textLen: 0 }
        const rest = 8 + n + m
        if (kind === KIND_DOC) {
          placement.textOff = off + HEADER + rest
          placement.textLen = bodyLen - rest
          visit({ kind, offset: off, doc: { ...head, notes, text: body.toString('utf8', rest) }, placement })
        } else {
          placement.textOff = body.readDoubleLE(rest)
          placement.textLen = body.readUInt32LE(rest + 8)
          if (placement.textOff + placement.textLen > off) break
          visit({ kind, offset: off, doc: { ...head, notes, text: this.readText(placement) }, placement })
        }
      }
      off += HEADER + bodyLen
    }
    return off
  }

  /** Cuts a torn tail off, so the next append starts on a record boundary. */
  truncate(size: number): void {
    ftruncateSync(this.fd, size)
    this.size = size
  }

  sync(): void {
    fdatasyncSync(this.fd)
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}

function seal(bytes: Buffer, kind: number): void {
  const body = bytes.subarray(HEADER)
  bytes.writeUInt32LE(body.length, 0)
  bytes.writeUInt32LE(crc32(body), 4)
  bytes[8] = kind
  bytes[9] = 0
  bytes[10] = 0
  bytes[11] = 0
}
