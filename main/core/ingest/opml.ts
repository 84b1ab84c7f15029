// OPML subscription lists: import (parseOpml) and export (exportOpml), pure.
//
// Offprint's folders are flat, so nested OPML folders become one folder named by
// their path ("News / Tech"), and export nests them again by splitting on " / ".
// Outlines without an xmlUrl (notes, links to other OPML files) are not feeds and are
// skipped; a folder that ends up with no feeds is dropped, so export leaves out
// empty folders too and the two round-trip.
import { MalformedError, parseOpml as parseOpmlDocument, type Opml } from 'feedsmith'
import { escapeXml } from '../base/entities'
import { httpUrl } from '../base/url'
import { decodeFeedBytes } from './decode'
import { IngestError, oneLine } from './errors'
import { collapseWhitespace } from './parser'

export interface OpmlFeed {
  /** The outline's text (or title); '' when it names none. */
  title: string
  xmlUrl: string
  /** The site's address, '' when absent. */
  htmlUrl: string
}

export interface OpmlFolder {
  /** The folder's path, nested levels joined with FOLDER_SEPARATOR. */
  name: string
  feeds: OpmlFeed[]
}

export interface OpmlDocument {
  title: string
  folders: OpmlFolder[]
  /** Feeds outside any folder. */
  feeds: OpmlFeed[]
}

export const FOLDER_SEPARATOR = ' / '

type Outline = Opml.Outline<string>

/**
 * Reads an OPML file. Bytes are decoded like a feed (BOM, XML declaration, gzip);
 * a string is taken as already decoded. Throws IngestError when it is not OPML or
 * not well-formed.
 */
export function parseOpml(input: string | Uint8Array): OpmlDocument {
  const text = typeof input === 'string' ? input : decodeFeedBytes(input)
  if (!text.trim()) throw new IngestError('The OPML file is empty')
  let doc: Opml.Document<string>
  try {
    doc = parseOpmlDocument(text)
  } catch (error) {
    if (error instanceof MalformedError) {
      const cause = (error as { cause?: Error }).cause
      throw new IngestError(`Malformed OPML: ${oneLine(cause?.message ?? error.message, 160)}`, undefined, { cause: error })
    }
    // An <opml> with nothing in it (feedsmith's ParseError) is an empty list, not an error.
    if (/<opml[\s>/]/i.test(text)) return { title: '', folders: [], feeds: [] }
    if (/<(rss|feed|rdf:RDF)[\s>]/.test(text.slice(0, 4096))) {
      throw new IngestError('Not an OPML file: this is a feed (subscribe to it instead)', undefined, { cause: error })
    }
    throw new IngestError('Not an OPML file: no <opml> document with a <body>', undefined, { cause: error })
  }

  const result: OpmlDocument = { title: collapseWhitespace(doc.head?.title ?? ''), folders: [], feeds: [] }
  const folders = new Map<string, OpmlFolder>()
  const seen = new Map<string, Set<string>>()

  const add = (path: string[], feed: OpmlFeed) => {
    const name = path.join(FOLDER_SEPARATOR)
    const urls = seen.get(name) ?? new Set<string>()
    seen.set(name, urls)
    if (urls.has(feed.xmlUrl)) return // listed twice in one folder
    urls.add(feed.xmlUrl)
    if (!name) {
      result.feeds.push(feed)
      return
    }
    let folder = folders.get(name)
    if (!folder) {
      folder = { name, feeds: [] }
      folders.set(name, folder)
    }
    folder.feeds.push(feed)
  }

  const visit = (outlines: readonly Outline[] | undefined, path: string[], depth: number) => {
    if (!outlines || depth > 64) return
    for (const outline of outlines) {
      // Plain text, as written: titles round-trip exactly through exportOpml.
      const label = collapseWhitespace(outline.text || outline.title || '')
      const xmlUrl = feedAddress(outline.xmlUrl)
      if (xmlUrl) {
        add(path, { title: label, xmlUrl, htmlUrl: feedAddress(outline.htmlUrl) })
        // A feed outline with children is unusual: keep them in the same folder.
        visit(outline.outlines, path, depth + 1)
      } else if (outline.outlines?.length) {
        visit(outline.outlines, label ? [...path, label.replaceAll(FOLDER_SEPARATOR, ' - ')] : path, depth + 1)
      }
    }
  }
  visit(doc.body?.outlines, [], 0)

  // Folders in the order they first appear in the document.
  result.folders = [...folders.values()]
  return result
}

/** An absolute http(s) address ('feed:' scheme unwrapped), or ''. */
function feedAddress(raw: string | undefined): string {
  const value = raw?.trim()
  if (!value) return ''
  return httpUrl(value.replace(/^feed:(\/\/)?(?=https?:)/i, '').replace(/^feed:\/\//i, 'http://'))
}

interface FolderNode {
  name: string
  feeds: OpmlFeed[]
  children: Map<string, FolderNode>
}

/**
 * Writes an OPML 2.0 document. Folder names with FOLDER_SEPARATOR become nested
 * outlines; folders without feeds (at any depth below them) are left out.
 */
export function exportOpml(input: { title: string; folders: readonly OpmlFolder[]; feeds: readonly OpmlFeed[] }): string {
  const root: FolderNode = { name: '', feeds: [...input.feeds], children: new Map() }
  for (const folder of input.folders) {
    let node = root
    for (const part of folder.name.split(FOLDER_SEPARATOR).map((p) => p.trim()).filter(Boolean)) {
      let child = node.children.get(part)
      if (!child) {
        child = { name: part, feeds: [], children: new Map() }
        node.children.set(part, child)
      }
      node = child
    }
    node.feeds.push(...folder.feeds)
  }

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(input.title)}</title>`,
    '  </head>',
    '  <body>',
  ]
  const write = (node: FolderNode, indent: string) => {
    for (const feed of node.feeds) {
      const attrs = [
        'type="rss"',
        `text="${escapeXml(feed.title)}"`,
        `title="${escapeXml(feed.title)}"`,
        `xmlUrl="${escapeXml(feed.xmlUrl)}"`,
        ...(feed.htmlUrl ? [`htmlUrl="${escapeXml(feed.htmlUrl)}"`] : []),
      ]
      lines.push(`${indent}<outline ${attrs.join(' ')}/>`)
    }
    for (const child of node.children.values()) {
      if (!hasFeeds(child)) continue
      lines.push(`${indent}<outline text="${escapeXml(child.name)}" title="${escapeXml(child.name)}">`)
      write(child, `${indent}  `)
      lines.push(`${indent}</outline>`)
    }
  }
  write(root, '    ')
  lines.push('  </body>', '</opml>', '')
  return lines.join('\n')
}

function hasFeeds(node: FolderNode): boolean {
  return node.feeds.length > 0 || [...node.children.values()].some(hasFeeds)
}
