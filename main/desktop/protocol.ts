// Custom schemes: app:// serves the renderer bundle (never file://, which would give
// the page the whole disk's origin), offprint-media:// serves cached images. Both
// answer with the app's CSP. The handlers are plain functions of a Request, tested
// without Electron.
import { promises as fs } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../core/base/csp'

export const APP_SCHEME = 'app'
export const APP_HOST = 'offprint'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const MEDIA_SCHEME_NAME = 'offprint-media'

export const privilegedSchemes = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME_NAME, privileges: { standard: true, secure: true } },
]

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

const headers = (type: string) => ({
  'content-type': type,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
})

async function fileResponse(file: string): Promise<Response> {
  try {
    const data = await fs.readFile(file)
    return new Response(data, { status: 200, headers: headers(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream') })
  } catch {
    return new Response('Not found', { status: 404, headers: headers('text/plain') })
  }
}

/** app://offprint/<path> → a file inside rendererDir, nothing outside it. */
export function appProtocolHandler(rendererDir: string) {
  const root = normalize(rendererDir)
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html'
    const file = normalize(join(root, rel))
    if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 })
    return fileResponse(file)
  }
}

/** offprint-media://m/<name> → the media store's file for a well-formed name. */
export function mediaProtocolHandler(mediaPath: (name: string) => string | null) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const file = url.host === 'm' ? mediaPath(decodeURIComponent(url.pathname.replace(/^\/+/, ''))) : null
    if (!file) return new Response('Not found', { status: 404 })
    return fileResponse(file)
  }
}
