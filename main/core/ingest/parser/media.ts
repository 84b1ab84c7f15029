// Images, titles and descriptions from Media RSS (media:*) and enclosures, which RSS,
// RDF and Atom feeds all carry.
import type { MediaNs, RssFeed } from 'feedsmith'
import { escapeHtml } from '../../base/entities'
import { textToHtml } from './text'

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i

export function enclosureImages(list: readonly RssFeed.Enclosure[] | undefined): (string | undefined)[] {
  return (list ?? []).filter((e) => (e.type ? e.type.startsWith('image/') : IMAGE_EXT.test(e.url ?? ''))).map((e) => e.url)
}

type Media = MediaNs.ItemOrFeed | undefined

function isImageContent(c: MediaNs.Content): boolean {
  if (c.medium) return c.medium === 'image'
  if (c.type) return c.type.startsWith('image/')
  return IMAGE_EXT.test(c.url ?? '')
}

export function mediaImages(media: Media): (string | undefined)[] {
  if (!media) return []
  const groups = media.groups ?? []
  const contents = [...(media.contents ?? []), ...groups.flatMap((g) => g.contents ?? [])]
  // The largest image the feed offers: the list thumbnail is made from it.
  const images = contents.filter(isImageContent).sort((a, b) => (b.width ?? 0) - (a.width ?? 0))
  return [
    ...images.map((c) => c.url),
    ...(media.thumbnails ?? []).map((t) => t.url),
    ...contents.flatMap((c) => (c.thumbnails ?? []).map((t) => t.url)),
    ...groups.flatMap((g) => (g.thumbnails ?? []).map((t) => t.url)),
  ]
}

export function mediaTitle(media: Media): string | undefined {
  const t = media?.title ?? media?.contents?.[0]?.title ?? media?.groups?.[0]?.title
  if (!t?.value) return undefined
  return t.type === 'html' ? t.value : escapeHtml(t.value)
}

export function mediaDescription(media: Media): string | undefined {
  const d = media?.description ?? media?.contents?.[0]?.description ?? media?.groups?.[0]?.description
  if (!d?.value) return undefined
  return d.type === 'html' ? d.value : textToHtml(d.value)
}
