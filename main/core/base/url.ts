// Which addresses Offprint follows. A security rule, so it is written once: everything
// that takes an address from a feed, a page, a link or the window asks here.

export interface HttpUrlOptions {
  /** Leave out the #fragment: the address of a resource, not of a place in it. */
  dropHash?: boolean
  /**
   * Refuse addresses that carry a user name or password ("https://user:pw@host/"): what
   * another program hands us must not log in anywhere, nor hide its host behind an "@".
   */
  noCredentials?: boolean
}

/**
 * The absolute http(s) address `raw` names (resolved against `base`, trimmed), or ''
 * for anything else: file:, javascript:, data:, custom schemes, garbage. (The URL
 * parser refuses an http(s) address without a host, so one always has a host.)
 */
export function httpUrl(raw: string | null | undefined, base?: string, opts: HttpUrlOptions = {}): string {
  const value = raw?.trim()
  if (!value) return ''
  try {
    const url = new URL(value, base || undefined)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return ''
    if (opts.noCredentials && (url.username || url.password)) return ''
    if (opts.dropHash) url.hash = ''
    return url.href
  } catch {
    return ''
  }
}

/** Only web addresses leave for the system browser: never file:, javascript: or custom schemes. */
export function externalUrl(value: string): string | null {
  if (/^mailto:/i.test(value.trim())) {
    try {
      return new URL(value).toString()
    } catch {
      return null
    }
  }
  return httpUrl(value) || null
}
