// Shared by the ingest-pages tests: where the fixtures live, and a static check for
// markup that could run code once the reader renders it.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseHTML } from 'linkedom'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..')

export function fixture(name: string): string {
  return join(root, 'tests', 'fixtures', name)
}

const EXECUTABLE_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link',
  'form', 'input', 'button', 'textarea', 'select', 'style', 'svg', 'math', 'template', 'portal',
  'video', 'audio', 'source', 'track', 'noscript', 'xmp', 'plaintext',
])
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'code', 'codebase', 'cite', 'longdesc', 'dynsrc', 'lowsrc', 'ping'])
const DANGEROUS_URL = /^(javascript|vbscript|livescript|data:(?!image\/(png|jpe?g|gif|webp|avif|bmp);))/i

/** Decodes what a browser would, then strips what it ignores, so `java&#x09;script:` is caught. */
function normalizeUrl(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase()
}

/**
 * Everything in `html` that could execute, load a frame, or submit: dangerous elements,
 * event handler attributes, srcdoc, style attributes, and script/data-document URLs.
 * An empty list means the markup is inert.
 */
export function executableConstructs(html: string): string[] {
  const found: string[] = []
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`)
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase()
    if (EXECUTABLE_ELEMENTS.has(tag)) found.push(`<${tag}>`)
    for (const attr of Array.from(el.attributes as ArrayLike<{ name: string; value: string }>)) {
      const name = attr.name.toLowerCase()
      if (name.startsWith('on')) found.push(`${tag}[${name}]`)
      if (name === 'srcdoc' || name === 'style' || name === 'srcset') found.push(`${tag}[${name}]`)
      if (URL_ATTRS.has(name) && DANGEROUS_URL.test(normalizeUrl(attr.value))) found.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`)
    }
  }
  // The serialized text must not reopen markup a browser would run (raw-text tricks).
  if (/<\s*(script|iframe|object|embed|svg|math|style)\b/i.test(html)) found.push('raw executable tag in output')
  return found
}

/** Whitespace-normalized text of an HTML fragment. */
export function textOf(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  return (document.body.textContent ?? '').replace(/\s+/g, ' ').trim()
}
