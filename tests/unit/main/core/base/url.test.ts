// The one rule for which addresses Offprint follows: every address taken from a feed,
// a page, an OPML file, the command line or the window goes through httpUrl.
import { describe, expect, it } from 'vitest'
import { externalUrl, httpUrl } from '../../../../../main/core/base/url'

describe('httpUrl', () => {
  it('keeps absolute http and https addresses, normalized', () => {
    expect(httpUrl('https://example.com/a/b?q=1')).toBe('https://example.com/a/b?q=1')
    expect(httpUrl('HTTP://Example.COM')).toBe('http://example.com/')
    expect(httpUrl('https://example.com/a b')).toBe('https://example.com/a%20b')
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'file:///etc/passwd',
    'file://C:/Windows/win.ini',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgo=',
    'vbscript:msgbox(1)',
    'offprint-media://abc',
    'feed://example.com/rss',
    'mailto:someone@example.com',
    'ftp://example.com/file',
    'chrome://settings',
  ])('refuses %s, also against a web base', (raw) => {
    expect(httpUrl(raw)).toBe('')
    expect(httpUrl(raw, 'https://example.com/page')).toBe('')
  })

  it('refuses what is not an address at all', () => {
    for (const raw of ['', '   ', 'not a url', 'http://', 'https://@/', 'http://:80/', undefined, null]) {
      expect(httpUrl(raw)).toBe('')
    }
  })

  it('resolves relative addresses against the base, and refuses them without one', () => {
    expect(httpUrl('/feed.xml', 'https://example.com/blog/post')).toBe('https://example.com/feed.xml')
    expect(httpUrl('img/a.png', 'https://example.com/blog/post')).toBe('https://example.com/blog/img/a.png')
    expect(httpUrl('../up', 'https://example.com/a/b/c')).toBe('https://example.com/a/up')
    expect(httpUrl('//cdn.example.net/x.js', 'https://example.com/')).toBe('https://cdn.example.net/x.js')
    expect(httpUrl('?page=2', 'https://example.com/list?page=1')).toBe('https://example.com/list?page=2')
    expect(httpUrl('/feed.xml')).toBe('')
    expect(httpUrl('/feed.xml', '')).toBe('')
    // A base that is no web address cannot lend a relative address its scheme.
    expect(httpUrl('x.html', 'file:///home/me/')).toBe('')
    expect(httpUrl('https://other.example/', 'file:///home/me/')).toBe('https://other.example/')
  })

  it('trims white space around the address, as browsers do with href', () => {
    expect(httpUrl('  https://example.com/a  ')).toBe('https://example.com/a')
    expect(httpUrl('\n\thttps://example.com/a\r\n')).toBe('https://example.com/a')
    expect(httpUrl('\u00a0https://example.com/a\u00a0')).toBe('https://example.com/a')
    expect(httpUrl('  /a  ', 'https://example.com/')).toBe('https://example.com/a')
  })

  it('keeps the #fragment unless asked to drop it', () => {
    expect(httpUrl('https://example.com/a#part')).toBe('https://example.com/a#part')
    expect(httpUrl('https://example.com/a#part', undefined, { dropHash: true })).toBe('https://example.com/a')
    expect(httpUrl('#top', 'https://example.com/a', { dropHash: true })).toBe('https://example.com/a')
    expect(httpUrl('https://example.com/a?x=1#', undefined, { dropHash: true })).toBe('https://example.com/a?x=1')
  })

  it('refuses credentials only when asked', () => {
    expect(httpUrl('https://user:pw@example.com/')).toBe('https://user:pw@example.com/')
    expect(httpUrl('https://user:pw@example.com/', undefined, { noCredentials: true })).toBe('')
    expect(httpUrl('https://user@example.com/', undefined, { noCredentials: true })).toBe('')
    expect(httpUrl('https://:pw@example.com/', undefined, { noCredentials: true })).toBe('')
    expect(httpUrl('https://example.com/@user', undefined, { noCredentials: true })).toBe('https://example.com/@user')
  })
})

describe('externalUrl', () => {
  it('lets web and mailto addresses leave for the system, nothing else', () => {
    expect(externalUrl('https://example.com/a#b')).toBe('https://example.com/a#b')
    expect(externalUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com')
    expect(externalUrl('javascript:alert(1)')).toBeNull()
    expect(externalUrl('file:///etc/passwd')).toBeNull()
    expect(externalUrl('offprint-media://abc')).toBeNull()
    expect(externalUrl('/relative')).toBeNull()
  })
})
