// RSS 0.9x and 2.0, and RSS 2.0 written in a prefixed namespace.
import type { RssFeed } from 'feedsmith'
import { httpUrl } from '../../base/url'
import { atomLink } from './atom'
import { feedTitle, firstText, mapItems, resolveBase, withIcon, type Context } from './items'
import { enclosureImages, mediaDescription, mediaImages, mediaTitle } from './media'
import type { ParsedFeed, ParseFeedOptions } from './types'
import { parseXml } from './xml'

/** An RSS document whose root element is `root` (as written: "rss" or "r:rss"). */
export function parseRss(text: string, root: string, opts: ParseFeedOptions): ParsedFeed {
  return fromRss(parseXml(unprefixRoot(text, root), 'rss'), opts)
}

/**
 * <r:rss xmlns:r="…"><r:channel>…: RSS 2.0 with every element in a prefixed namespace.
 * feedsmith reads RSS elements without a prefix only, so the prefix is dropped.
 */
function unprefixRoot(text: string, root: string): string {
  const colon = root.indexOf(':')
  if (colon < 0) return text
  const prefix = root.slice(0, colon).replace(/[^\w.-]/g, '')
  return text.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1')
}

function fromRss(feed: RssFeed.Feed<string>, opts: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, opts.url)
  const siteUrl = httpUrl(feed.link, docBase) || atomLink(feed.atom?.links, 'alternate', docBase)
  const feedBase = resolveBase(feed.xml?.base, siteUrl || opts.url)
  const selfUrl = atomLink(feed.atom?.links, 'self', docBase)
  const ctx: Context = {
    opts,
    format: 'rss',
    feedTitle: feedTitle([feed.title, feed.itunes?.title, feed.dc?.titles?.[0]], siteUrl, opts.url || selfUrl),
    feedAuthor: firstText([feed.itunes?.author, feed.dc?.creators?.[0], ...(feed.atom?.authors ?? []).map((a) => a.name)]),
  }
  const items = mapItems(feed.items, ctx, (item) => {
    const guid = item.guid?.value
    const guidIsLink = item.guid?.isPermaLink !== false && guid !== undefined && /^https?:\/\//i.test(guid)
    return {
      guid,
      links: [item.link, guidIsLink ? guid : undefined, atomLink(item.atom?.links, 'alternate', '')],
      titles: [item.title, item.itunes?.title, mediaTitle(item.media), item.dc?.titles?.[0], item.atom?.title?.value],
      authors: [...(item.authors ?? []).map((a) => a.name ?? a.email), ...(item.dc?.creators ?? []), item.itunes?.author],
      dates: [item.pubDate, item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.dcterms?.created?.[0], item.atom?.published, item.atom?.updated, item.dcterms?.modified?.[0]],
      html: item.content?.encoded ?? item.description ?? item.itunes?.summary ?? mediaDescription(item.media),
      images: [...mediaImages(item.media), ...enclosureImages(item.enclosures), item.itunes?.image],
      base: resolveBase(item.xml?.base, feedBase),
    }
  })
  return withIcon({ format: 'rss', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, httpUrl(feed.image?.url, feedBase))
}
