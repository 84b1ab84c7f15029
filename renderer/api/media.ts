// Article images point at the app's media protocol (offprint-media://m/NAME), which only
// Electron serves. In browser mode the host serves the same files under /media/NAME.
const MEDIA_PREFIX = 'offprint-media://m/'
const HTTP_PREFIX = '/media/'

export function mediaUrl(src: string, browserMode: boolean): string {
  if (!browserMode || !src.startsWith(MEDIA_PREFIX)) return src
  return HTTP_PREFIX + src.slice(MEDIA_PREFIX.length)
}

/**
 * Rewrites media addresses in attribute values only (src, srcset, poster), so prose
 * that happens to mention the scheme is left alone. The HTML is already sanitized:
 * the attribute syntax is the serializer's (double-quoted values).
 */
export function rewriteMediaSources(html: string, browserMode: boolean): string {
  if (!browserMode || !html.includes(MEDIA_PREFIX)) return html
  return html.replace(/\b(src|srcset|poster)="([^"]*)"/gi, (_all, name: string, value: string) =>
    `${name}="${value.split(MEDIA_PREFIX).join(HTTP_PREFIX)}"`,
  )
}
