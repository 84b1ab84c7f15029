// Import: a file, pasted content or an address, sniffed as OPML (its feeds subscribed to,
// fetched by the next refresh), a feed document (its items stored under a feed of its
// own), or a web page (its article saved on its own). Every refusal names the input.
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import type { ArticleMeta, Feed, NewArticle } from '../../../common/model'
import type { Library } from '../library/library'
import { normalizeUrl } from '../library/text'
import { boundText, boundUrl, MAX_FEED_TITLE_CHARS, MAX_FOLDER_NAME_CHARS } from './bounds'
import { MAX_FEED_BYTES } from './decode'
import { IngestError, isIngestError, oneLine } from './errors'
import { extractPage, type ExtractedPage } from './extract'
import { hostOf, parseFeedDocument, parseFetched } from './feed-source'
import { formatBytes, type Fetcher } from './fetcher'
import { exportOpml as writeOpml, parseOpml, type OpmlDocument, type OpmlFeed } from './opml'
import type { ParsedFeed } from './parser'
import { decodeDocument, pageAddress, sniffKind, type DocumentKind } from './sniff'
import type { ItemStore } from './store-items'
import { findFeed, webAddress, type Subscriber } from './subscribe'

/** Largest file or download imported: the same bound the feed decoder has. */
export const MAX_IMPORT_BYTES = MAX_FEED_BYTES

/** Bytes read from an import file at a time. */
const READ_CHUNK = 1024 * 1024

/**
 * A file to import, read with the import's limits; each refusal names the file, in one
 * line. Only a regular file is read: a device (/dev/zero) never ends and a FIFO blocks
 * until someone writes, either while the library is held. The check is made on the
 * opened file (opened without blocking), so a path swapped after a first look is caught
 * too; the size is counted while reading, since a file can grow and /proc reports 0.
 */
export async function readImportFile(path: string): Promise<Uint8Array> {
  const refuse = (what: string) => new IngestError(`${path} ${what}`, path)
  const unreadable = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code
    return new IngestError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? oneLine(String(err))})`, path)
  }
  // stat never blocks, whatever the path is: a FIFO is refused before it is opened.
  const before = await fs.stat(path).catch((err: unknown) => {
    throw unreadable(err)
  })
  const kind = notRegular(before)
  if (kind) throw refuse(kind)
  const tooBig = (size: string) => refuse(`is ${size}; files over ${formatBytes(MAX_IMPORT_BYTES)} are not imported`)
  if (before.size > MAX_IMPORT_BYTES) throw tooBig(formatBytes(before.size))
  let file: FileHandle
  try {
    file = await fs.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (err) {
    throw unreadable(err)
  }
  try {
    const opened = notRegular(await file.stat())
    if (opened) throw refuse(opened)
    const chunks: Buffer[] = []
    let total = 0
    // One byte past the limit is enough to know the file is over it; the last read is a
    // whole block all the same (some /proc files refuse reads of odd sizes).
    while (total <= MAX_IMPORT_BYTES) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, roundUp(MAX_IMPORT_BYTES + 1 - total, 4096)))
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead))
      total += bytesRead
    }
    if (total > MAX_IMPORT_BYTES) throw tooBig(`more than ${formatBytes(MAX_IMPORT_BYTES)}`)
    return new Uint8Array(Buffer.concat(chunks, total))
  } catch (err) {
    throw isIngestError(err) ? err : unreadable(err)
  } finally {
    await file.close().catch(() => {})
  }
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to

/** What a path is when it is not a regular file ("is a folder, not a file"), else null. */
function notRegular(stat: Stats): string | null {
  if (stat.isFile()) return null
  if (stat.isDirectory()) return 'is a folder, not a file'
  if (stat.isFIFO()) return 'is a pipe (FIFO), not a file'
  if (stat.isSocket()) return 'is a socket, not a file'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a file'
  return 'is not a regular file'
}

export interface ImportResult {
  kind: 'opml' | 'feed' | 'page'
  feeds: Feed[]
  articles: { id: string; title: string }[]
  duplicates: number
}

export interface Importer {
  importFile(path: string): Promise<ImportResult>
  /** `opts.url`: where a page was saved from, when the page itself does not say. */
  importContent(name: string, content: Uint8Array | string, opts?: { url?: string }): Promise<ImportResult>
  importUrl(url: string): Promise<ImportResult>
}

/** An address to import may be a page or a feed: both are welcome. */
const ANY_ACCEPT = 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'

export function createImporter(lib: Library, deps: { fetcher: Fetcher; items: ItemStore; subscribeFetched: Subscriber['subscribeFetched'] }): Importer {
  const { fetcher, items, subscribeFetched } = deps

  /** OPML: folders made, feeds added unfetched (a refresh fetches them). */
  async function importOpmlDocument(listing: OpmlDocument): Promise<ImportResult> {
    const doc = boundOpml(listing)
    const byUrl = new Map<string, Feed>()
    for (const f of lib.feeds()) if (f.url) byUrl.set(normalizeUrl(f.url), f)
    const seen = new Set<string>()
    const folderIds = new Map<string, string>()
    for (const folder of doc.folders) {
      if (folder.feeds.length) folderIds.set(folder.name, (await lib.addFolder(folder.name)).id)
    }
    const listed = [
      ...doc.feeds.map((feed) => ({ feed, folderId: null as string | null })),
      ...doc.folders.flatMap((folder) => folder.feeds.map((feed) => ({ feed, folderId: folderIds.get(folder.name) ?? null }))),
    ]
    const existing: Feed[] = []
    const adding: Promise<Feed>[] = []
    let duplicates = 0
    for (const { feed, folderId } of listed) {
      const key = normalizeUrl(feed.xmlUrl)
      if (seen.has(key)) continue // listed in two folders: the first one wins
      seen.add(key)
      const known = byUrl.get(key)
      if (known) {
        duplicates++
        existing.push(known)
        continue
      }
      // Added without its address, then given it: addFeed compares a new address with
      // every feed's (a scan per feed, 30 s for 5,000), and these were compared above.
      // The writes of all of them coalesce into a few.
      adding.push(
        lib
          .addFeed({ title: feed.title || hostOf(feed.xmlUrl), url: '', siteUrl: feed.htmlUrl, folderId })
          .then((added) => lib.updateFeed(added.id, { url: feed.xmlUrl })),
      )
    }
    const added = await Promise.all(adding)
    return { kind: 'opml', feeds: [...added, ...existing], articles: [], duplicates }
  }

  /** A feed document from a file: its items, under a feed of its own. */
  async function importFeedDocument(parsed: ParsedFeed): Promise<ImportResult> {
    let feed = parsed.feedUrl ? findFeed(lib, parsed.feedUrl) : undefined
    // A feed file without an address of its own is matched by what it calls itself.
    feed ??= parsed.feedUrl
      ? undefined
      : lib.feeds().find((f) => !f.url && f.title === (parsed.title || 'Imported feed') && f.siteUrl === parsed.siteUrl)
    feed ??= await lib.addFeed({ title: parsed.title || 'Imported feed', url: parsed.feedUrl, siteUrl: parsed.siteUrl })
    const stored = await items.store(feed, parsed.items, parsed.siteUrl || parsed.feedUrl)
    return { kind: 'feed', feeds: [lib.feed(feed.id) ?? feed], articles: stored.added.map(brief), duplicates: stored.duplicates }
  }

  /** A web page: its article, saved on its own (no feed). */
  async function importPage(html: string, fetchedFrom: string): Promise<ImportResult> {
    const declared = pageAddress(html, fetchedFrom)
    // Links resolve against where the page really came from; it is known by its own name.
    const base = fetchedFrom || declared
    let extracted: ExtractedPage
    try {
      extracted = extractPage(html, base)
    } catch (err) {
      // extractPage names the page by its address; a file without one is named by the caller.
      if (!base && isIngestError(err)) throw new IngestError('No readable article found in this page', undefined, { cause: err })
      throw err
    }
    const local = await items.localize(extracted.html, base)
    const article: NewArticle = {
      url: declared || fetchedFrom,
      title: extracted.title,
      author: extracted.byline,
      siteName: extracted.siteName,
      html: local.html,
    }
    if (!article.url) delete article.url
    // A saved page is known by its address: saving it again later is a newer version
    // of the same article (its text replaced, highlights re-anchored), not a duplicate.
    else article.guid = article.url
    if (extracted.published) article.published = extracted.published
    if (local.firstImage) article.image = local.firstImage
    const result = await items.add(null, [article])
    // An updated page is what the user imported too: it is listed with the new ones.
    return { kind: 'page', feeds: [], articles: [...result.added, ...result.updated].map(brief), duplicates: result.duplicates }
  }

  async function importBytes(name: string, content: Uint8Array | string, url: string, contentType?: string): Promise<ImportResult> {
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength
    if (size > MAX_IMPORT_BYTES) throw new IngestError(`${name} is ${formatBytes(size)}; files over ${formatBytes(MAX_IMPORT_BYTES)} are not imported`, name)
    if (size === 0) throw new IngestError(`${name} is empty`, name)
    let kind: DocumentKind
    let text: string
    try {
      if (typeof content === 'string') {
        text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
        kind = sniffKind(text)
      } else ({ text, kind } = decodeDocument(content, contentType))
    } catch (err) {
      throw named(name, err)
    }
    if (kind === 'opml') {
      let doc: OpmlDocument
      try {
        doc = parseOpml(text)
      } catch (err) {
        throw named(name, err)
      }
      // An outline of notes, or an empty list: say so rather than report "0 feeds" as done.
      if (doc.feeds.length === 0 && doc.folders.every((f) => f.feeds.length === 0)) throw new IngestError(`${name}: no feeds in this OPML file`, name)
      return importOpmlDocument(doc)
    }
    if (kind === 'html') {
      return importPage(text, url).catch((err: unknown) => {
        throw isIngestError(err) ? named(name, err) : err
      })
    }
    let parsed: ParsedFeed
    try {
      // Bytes, not text: the parser weighs the encoding evidence itself.
      parsed = parseFeedDocument(typeof content === 'string' ? text : content, { url: url || undefined, contentType })
    } catch (err) {
      throw named(name, err)
    }
    return importFeedDocument(parsed)
  }

  return {
    async importFile(path) {
      return importBytes(path, await readImportFile(path), '')
    },

    async importContent(name, content, contentOpts = {}) {
      return importBytes(name, content, contentOpts.url ? webAddress(contentOpts.url).address : '')
    },

    async importUrl(input) {
      const { address } = webAddress(input)
      const res = await fetcher.fetch(address, { accept: ANY_ACCEPT })
      const { kind } = decodeDocument(res.bytes, res.contentType)
      if (kind === 'html' || kind === 'opml') return importBytes(address, res.bytes, res.url, res.contentType)
      const parsed = parseFetched(res)
      const { feed, outcome } = await subscribeFetched({ res, parsed, url: res.permanentRedirect ?? address }, { folderId: null, fullText: false })
      return { kind: 'feed', feeds: [feed], articles: outcome.added.map(brief), duplicates: outcome.duplicates }
    },
  }
}

/** The subscriptions as OPML, in their folders. */
export function exportOpml(lib: Library): string {
  const feeds = lib.feeds().filter((f) => f.url)
  const entry = (f: Feed) => ({ title: f.title, xmlUrl: f.url, htmlUrl: f.siteUrl })
  const folders = lib.folders()
  const known = new Set(folders.map((f) => f.id))
  return writeOpml({
    title: 'Offprint subscriptions',
    folders: folders.map((folder) => ({ name: folder.name, feeds: feeds.filter((f) => f.folderId === folder.id).map(entry) })),
    feeds: feeds.filter((f) => !f.folderId || !known.has(f.folderId)).map(entry),
  })
}

/**
 * An OPML list's names and addresses within the bounds a feed's own have: a feed whose
 * address is over its bound is left out (a cut address is a wrong one), a site address
 * over it dropped.
 */
function boundOpml(doc: OpmlDocument): OpmlDocument {
  const feeds = (list: OpmlFeed[]) =>
    list.filter((f) => boundUrl(f.xmlUrl)).map((f) => ({ ...f, title: boundText(f.title, MAX_FEED_TITLE_CHARS), htmlUrl: boundUrl(f.htmlUrl) }))
  return { ...doc, feeds: feeds(doc.feeds), folders: doc.folders.map((f) => ({ ...f, name: boundText(f.name, MAX_FOLDER_NAME_CHARS), feeds: feeds(f.feeds) })) }
}

function brief(a: ArticleMeta): { id: string; title: string } {
  return { id: a.id, title: a.title }
}

/** An error about one input, with the input's name in front (once). */
function named(name: string, err: unknown): IngestError {
  const message = oneLine(err instanceof Error ? err.message : String(err))
  const text = message.includes(name) ? message : `${name}: ${message}`
  return new IngestError(isIngestError(err) ? text : `${name}: could not be read (${message})`, name, { cause: err })
}
