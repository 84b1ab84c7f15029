/** The site an address is on, as a reader names it ("example.com"); '' for no address. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return ''
  }
}
