// Feed parsing throughput: a deterministic 5,000-item RSS 2.0 document (~1.5 KB of
// HTML per item, as EVALUATION.md measured feedsmith with) parsed from bytes, the way a
// refresh does (decode + parse + map to NewArticles). Median of 3 timed runs after a
// warm-up.
//   feed_parse_items_per_s            parsing alone (identity sanitizer)
//   feed_parse_sanitized_items_per_s  the same with the real sanitizer, as ingestion runs it
import { parseFeed } from '../../main/core/ingest/parser'
import { sanitizeHtml } from '../../main/core/ingest/sanitize'

type Emit = (name: string, value: number, unit: string) => void

const ITEMS = 5000

function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = 'the of and to in is that for it as was with on be at by this had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(
  ' ',
)

export function generateRss(items = ITEMS, seed = 42): string {
  const random = mulberry32(seed)
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ')
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel><title>Bench Daily</title><link>https://bench.example/</link><description>Synthetic</description>',
  ]
  const start = Date.UTC(2024, 0, 1)
  for (let i = 0; i < items; i++) {
    const paragraphs = Array.from({ length: 5 }, () => `<p>${sentence(45)} <a href="/ref/${i}">${pick()}</a>.</p>`).join('')
    const date = new Date(start + i * 3_600_000).toUTCString()
    parts.push(
      `<item><title>${sentence(8)} &amp; ${pick()}</title><link>https://bench.example/${i}</link>` +
        `<guid isPermaLink="false">bench-${i}</guid><dc:creator>Writer ${i % 17}</dc:creator><pubDate>${date}</pubDate>` +
        `<media:thumbnail url="https://cdn.bench.example/${i}.jpg"/>` +
        `<description><![CDATA[${paragraphs}]]></description></item>`,
    )
  }
  parts.push('</channel></rss>')
  return parts.join('\n')
}

function medianItemsPerSecond(bytes: Uint8Array, sanitize: (html: string, base: string) => string): number {
  const rates: number[] = []
  parseFeed(bytes, { url: 'https://bench.example/feed', sanitize }) // warm-up
  for (let run = 0; run < 3; run++) {
    const started = performance.now()
    const feed = parseFeed(bytes, { url: 'https://bench.example/feed', sanitize })
    const seconds = (performance.now() - started) / 1000
    if (feed.items.length !== ITEMS) throw new Error(`parsed ${feed.items.length} items, expected ${ITEMS}`)
    rates.push(ITEMS / seconds)
  }
  return rates.sort((a, b) => a - b)[1]!
}

export async function run(emit: Emit): Promise<void> {
  const bytes = new TextEncoder().encode(generateRss())
  emit('feed_parse_items_per_s', medianItemsPerSecond(bytes, (html) => html), 'items/s')
  emit('feed_parse_sanitized_items_per_s', medianItemsPerSecond(bytes, sanitizeHtml), 'items/s')
}
