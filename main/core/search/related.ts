// Related articles, both halves: more-like-this over the index (which articles
// are on the same subject, which are the same story), and what the reader shows
// under an article, assembled from that and the library ("read also", "related
// news", "also reported by", "recent articles").
import type { RelatedItems } from '../../../common/contract'
import type { ArticleMeta } from '../../../common/model'
import { BODY, FIELD_COUNT, TITLE } from './doc-table'
import type { DocLog } from './doc-log'
import { BLOCKED, placement, type Scorer } from './scoring'
import { STOPWORDS } from './stopwords'
import { isCjk, tokenize } from './tokenize'
import type { RelatedResult } from './types'

/** Terms of an article that query for its related ones, and candidates ranked in full. */
const RELATED_TERMS = 25
const RELATED_POOL = 25
/**
 * Similarity reads this much of each text: the opening carries the subject,
 * and reading and tokenizing whole texts was most of related()'s time.
 */
const VECTOR_CHARS = 3000
/** Cosine similarity above which two articles are the same story. */
const DUPLICATE_SIM = 0.8
/** Same headline: the same story when the texts are this close. */
const SAME_TITLE_SIM = 0.5

export interface RelatedOptions {
  limit?: number
  accept?: (id: string) => boolean
}

/** What relatedItems() reads of the library (the Library class is one). */
export interface RelatedSource {
  readonly search: { related(id: string, opts?: RelatedOptions): RelatedResult } | null
  get(id: string): Promise<{ html: string }>
  searchIndexReady(): Promise<void>
  /** Articles of the library this one links to. */
  readAlso(id: string, html: string): Promise<ArticleMeta[]>
  meta(id: string): ArticleMeta | undefined
  /** The newest articles, leaving out `exclude`. */
  recent(limit: number, exclude: Set<string>): ArticleMeta[]
}

/**
 * "Read also", "Related news", "Also reported by" and "Recent articles" for one
 * article. Related news leaves out what read also lists; recent articles leave
 * out everything listed above them.
 */
export async function relatedItems(lib: RelatedSource, id: string, limit = 5): Promise<RelatedItems> {
  const article = await lib.get(id)
  await lib.searchIndexReady()
  const readAlso = await lib.readAlso(id, article.html)
  const exclude = new Set([id, ...readAlso.map((a) => a.id)])
  const found = lib.search?.related(id, { limit: limit + readAlso.length + 1 }) ?? { related: [], sameStory: [] }
  const relatedNews = found.related
    .filter((r) => !exclude.has(r.id) && lib.meta(r.id))
    .slice(0, limit)
    .map((r) => {
      const m = lib.meta(r.id)!
      return { id: m.id, title: m.title, score: Math.round(r.score * 1000) / 1000, siteName: m.siteName, published: m.published }
    })
  for (const r of relatedNews) exclude.add(r.id)
  for (const s of found.sameStory) exclude.add(s)
  return {
    readAlso: readAlso.map((a) => ({ id: a.id, title: a.title, url: a.url })),
    related: relatedNews,
    alsoReportedBy: found.sameStory
      .map((s) => lib.meta(s))
      .filter((m): m is ArticleMeta => !!m)
      .map((m) => ({ id: m.id, title: m.title, siteName: m.siteName })),
    recent: lib.recent(limit, exclude).map((a) => ({ id: a.id, title: a.title, published: a.published, siteName: a.siteName })),
  }
}

export class RelatedFinder {
  constructor(
    private readonly scorer: Scorer,
    private readonly log: () => DocLog,
  ) {}

  /**
   * More like this: the article's most distinctive terms (tf-idf, in title
   * and text) query the index for a pool of candidates, which are then ranked
   * by cosine similarity of their whole tf-idf vectors to the article's, the
   * newer first when equally close. A candidate that is nearly the same text,
   * or has the same headline over much the same text, is the same story.
   */
  find(id: string, opts: RelatedOptions = {}): RelatedResult {
    const { scorer } = this
    const { index } = scorer
    const docs = index.docs
    const self = docs.idToSlot.get(id)
    const limit = Math.max(0, Math.min(opts.limit ?? 10, 100))
    if (self === undefined || limit === 0) return { related: [], sameStory: [] }
    const mine = this.vectors(self)
    const query = [...mine.full.entries()]
      .filter(([t]) => index.vocab.df[t]! >= 2 && !isNumber(index.vocab.terms[t]!))
      .sort((a, b) => b[1] - a[1])
      .slice(0, RELATED_TERMS)
    if (query.length === 0) return { related: [], sameStory: [] }

    const n = scorer.prepare()
    const { stage, acc, tmp } = scorer
    for (let d = 0; d < n; d++) stage[d] = docs.live[d] === 1 ? 0 : BLOCKED
    stage[self] = BLOCKED
    const boost = new Float64Array(FIELD_COUNT)
    boost[TITLE] = 2
    boost[BODY] = 1
    const cands: number[] = []
    for (const [t, w] of query) {
      scorer.touchedCount = 0
      // w already holds idf, and BM25 multiplies by it again: pass the tf part only.
      scorer.scoreTerm(t, w / index.idf(t), boost, 0, 1)
      for (let i = 0; i < scorer.touchedCount; i++) {
        const d = scorer.touched[i]!
        if (stage[d] === 0) {
          stage[d] = 1
          cands.push(d)
        }
        acc[d]! += tmp[d]!
        tmp[d] = 0
      }
    }
    const sameTitle = new Set(this.sameTitle(self))
    const pool = new Set([...scorer.top(cands, Math.max(RELATED_POOL, 2 * limit + 5)), ...sameTitle])

    const accept = opts.accept
    const scored: { d: number; sim: number }[] = []
    const sameStory: { id: string; sim: number }[] = []
    for (const d of pool) {
      const other = this.vectors(d)
      const sim = cosine(mine.full, other.full)
      const duplicate = sim >= DUPLICATE_SIM || (sameTitle.has(d) && cosine(mine.body, other.body) >= SAME_TITLE_SIM)
      if (accept && !accept(docs.ids[d]!)) continue
      if (duplicate) sameStory.push({ id: docs.ids[d]!, sim })
      else scored.push({ d, sim })
    }
    const pub = docs.published
    scored.sort((a, b) => Math.round(b.sim * 1000) - Math.round(a.sim * 1000) || pub[b.d]! - pub[a.d]!)
    sameStory.sort((a, b) => b.sim - a.sim)
    return {
      related: scored
        .slice(0, limit)
        .filter((x) => x.sim > 0)
        .map((x) => ({ id: docs.ids[x.d]!, score: Math.round(x.sim * 1000) / 1000 })),
      sameStory: sameStory.map((x) => x.id),
    }
  }

  /** tf-idf vectors of a slot's text, and of its title and text together. */
  private vectors(d: number): { full: Map<number, number>; body: Map<number, number> } {
    const docs = this.scorer.index.docs
    const body = this.termCounts(tokenize(this.log().readText(placement(docs, d)).slice(0, VECTOR_CHARS)))
    const full = new Map(body)
    for (const [id, c] of this.termCounts(tokenize(docs.titles[d]!))) full.set(id, (full.get(id) ?? 0) + c)
    return { full: this.tfIdf(full), body: this.tfIdf(body) }
  }

  /**
   * Term counts for similarity: function words left out, and a plural
   * counted as its singular when the library has that word ("fires" and
   * "fire" are the same subject; search keeps them apart).
   */
  private termCounts(terms: string[]): Map<number, number> {
    // Count by string first: the small map stays in cache, and the big
    // dictionary is then asked once per distinct word rather than per word.
    const counts = new Map<string, number>()
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1)
    const vocab = this.scorer.index.vocab
    const tf = new Map<number, number>()
    for (const [t, c] of counts) {
      if ((t.length < 3 && !isCjk(t)) || STOPWORDS.has(t)) continue
      const singular = singularOf(t)
      const id = (singular === t ? undefined : vocab.get(singular)) ?? vocab.get(t)
      if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + c)
    }
    return tf
  }

  private tfIdf(tf: Map<number, number>): Map<number, number> {
    for (const [id, f] of tf) tf.set(id, (1 + Math.log(f)) * this.scorer.index.idf(id))
    return tf
  }

  /** Other live slots with the same headline (via the rarest title word's postings). */
  private sameTitle(self: number): number[] {
    const { index } = this.scorer
    const docs = index.docs
    const key = docs.titleHash[self]!
    const terms = tokenize(docs.titles[self]!)
    if (key === 0 || terms.length < 3) return []
    let rarest = -1
    for (const t of terms) {
      const id = index.vocab.get(t)
      if (id !== undefined && (rarest < 0 || index.vocab.df[id]! < index.vocab.df[rarest]!)) rarest = id
    }
    if (rarest < 0) return []
    const out: number[] = []
    const seen = new Set<number>([self])
    const visit = (p: number): void => {
      const d = p >>> 8
      if (!seen.has(d) && docs.live[d] === 1 && docs.titleHash[d] === key) out.push(d)
      seen.add(d)
    }
    for (const seg of index.segments) {
      if (rarest >= seg.vocabSize) continue
      const post = seg.posts[TITLE]!
      const end = seg.starts[TITLE]![rarest + 1]!
      for (let i = seg.starts[TITLE]![rarest]!; i < end; i++) visit(post[i]!)
    }
    for (const p of index.live.lists[TITLE]!.get(rarest) ?? []) visit(p)
    return out
  }
}

/** English plurals, the "S" stemmer: -ies -> -y, -es -> -e, -s -> (nothing). */
function singularOf(t: string): string {
  if (t.length < 4 || t.charCodeAt(t.length - 1) !== 115 /* s */) return t
  if (t.endsWith('ies') && t.length > 4 && !t.endsWith('eies') && !t.endsWith('aies')) return t.slice(0, -3) + 'y'
  if (t.endsWith('es') && !t.endsWith('aes') && !t.endsWith('ees') && !t.endsWith('oes')) return t.slice(0, -1)
  if (t.endsWith('us') || t.endsWith('ss')) return t
  return t.slice(0, -1)
}

function isNumber(term: string): boolean {
  return /^\d+$/.test(term)
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (const [t, w] of a) {
    na += w * w
    const v = b.get(t)
    if (v !== undefined) dot += w * v
  }
  for (const w of b.values()) nb += w * w
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0
}
