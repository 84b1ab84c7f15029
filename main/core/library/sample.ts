// The bundled sample library (assets/sample), loaded into a new data folder so
// that a first start shows a full reader. Never called on a folder with data.
import { existsSync, promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Feed, Folder, NewArticle } from '../../../common/model'
import { MediaStore, mediaUrl } from '../ingest/media-store'
import { sanitizeHtml } from '../ingest/sanitize'

const SAMPLE_BASE = 'https://sample.offprint.invalid/'

interface SampleFile {
  version: number
  folders: { key: string; name: string }[]
  feeds: { key: string; title: string; siteUrl: string; url: string; folder: string }[]
  articles: { feed: string; guid: string; url: string; title: string; author: string; published: string; html: string }[]
}

/** What loading the sample needs of a library (Library is one; this module never imports it). */
export interface SampleTarget {
  readonly dataDir: string
  addFolder(name: string): Promise<Folder>
  addFeed(input: Partial<Feed> & { title: string; url: string }): Promise<Feed>
  addArticles(feedId: string, items: NewArticle[]): Promise<{ added: readonly unknown[] }>
}

/** assets/sample, found by walking up from this module (source, dist/ bundle or app.asar alike). */
export function findSampleDir(): string | null {
  if (process.env.OFFPRINT_SAMPLE_DIR) return process.env.OFFPRINT_SAMPLE_DIR
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'sample')
    if (existsSync(join(candidate, 'library.json'))) return candidate
    dir = dirname(dir)
  }
  return null
}

export async function loadSample(lib: SampleTarget, sampleDir = findSampleDir()): Promise<number> {
  if (!sampleDir) return 0
  const sample = JSON.parse(await fs.readFile(join(sampleDir, 'library.json'), 'utf8')) as SampleFile
  const media = new MediaStore(join(lib.dataDir, 'media'))
  const images = new Map<string, string>()
  const imageUrl = async (name: string): Promise<string> => {
    let url = images.get(name)
    if (!url) {
      const bytes = await fs.readFile(join(sampleDir, 'images', name.replace(/[^A-Za-z0-9._-]/g, '')))
      url = mediaUrl(await media.put(bytes, 'image/png'))
      images.set(name, url)
    }
    return url
  }

  const folderIds = new Map<string, string>()
  for (const f of sample.folders) folderIds.set(f.key, (await lib.addFolder(f.name)).id)
  let count = 0
  for (const f of sample.feeds) {
    // Each sample feed comes with its site's icon, as a fetched feed would (icons/KEY.png).
    const iconFile = join(sampleDir, 'icons', `${f.key.replace(/[^A-Za-z0-9_-]/g, '')}.png`)
    const icon = existsSync(iconFile) ? mediaUrl(await media.put(await fs.readFile(iconFile), 'image/png')) : undefined
    const feed = await lib.addFeed({ title: f.title, url: f.url, siteUrl: f.siteUrl, folderId: folderIds.get(f.folder) ?? null, ...(icon ? { icon } : {}) })
    const items = []
    for (const a of sample.articles.filter((x) => x.feed === f.key)) {
      let first = ''
      // The sample's HTML is ours, but it goes through the same sanitizer as any
      // other; its image names ride through it as https addresses that never resolve.
      let html = sanitizeHtml(a.html.replace(/src="sample:/g, `src="${SAMPLE_BASE}`), a.url)
      for (const m of [...html.matchAll(new RegExp(`src="${SAMPLE_BASE.replace(/[.]/g, '\\.')}([^"]+)"`, 'g'))]) {
        const url = await imageUrl(m[1]!)
        first ||= url
        html = html.replace(m[0], `src="${url}"`)
      }
      items.push({ guid: a.guid, url: a.url, title: a.title, author: a.author, published: a.published, siteName: f.title, html, image: first })
    }
    count += (await lib.addArticles(feed.id, items)).added.length
  }
  return count
}
