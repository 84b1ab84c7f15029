// RSS 1.0 (RDF Site Summary).
import type { RdfFeed } from 'feedsmith'
import { httpUrl } from '../../base/url'
import { atomLink } from './atom'
import { feedTitle, firstText, mapItems, resolveBase, withIcon, type Context } from './items'
import { mediaImages, mediaTitle } from './media'
import type { ParsedFeed, ParseFeedOptions } from './types'
import { parseXml } from './xml'

export function parseRdf(text: string, opts: ParseFeedOptions): ParsedFeed {
  return fromRdf(parseXml(text, 'rdf'), opts)
}

function fromRdf(feed: RdfFeed.Feed<string>, opts: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, opts.url)
  const siteUrl = httpUrl(feed.link, docBase)
  const feedBase = resolveBase(feed.xml?.base, siteUrl || opts.url)
  const selfUrl = atomLink(feed.atom?.links, 'self', docBase)
  const ctx: Context = {
    opts,
    format: 'rdf',
    feedTitle: feedTitle([feed.title, feed.dc?.titles?.[0]], siteUrl, opts.url || selfUrl),
    feedAuthor: firstText([feed.dc?.creators?.[0], feed.dc?.publishers?.[0]]),
  }
  const items = mapItems(feed.items, ctx, (item) => ({
    guid: item.rdf?.about ?? item.link,
    links: [item.link, item.rdf?.about],
    titles: [item.title, item.dc?.titles?.[0], mediaTitle(item.media)],
    authors: [...(item.dc?.creators ?? [])],
    dates: [item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.dcterms?.created?.[0], item.dcterms?.modified?.[0]],
    html: item.content?.encoded ?? item.description ?? item.dc?.descriptions?.[0],
    images: mediaImages(item.media),
    base: resolveBase(item.xml?.base, feedBase),
  }))
  return withIcon({ format: 'rdf', title: ctx.feedTitle, siteUrl, feedUrl: opts.url || selfUrl, items }, httpUrl(feed.image?.url, feedBase))
}
