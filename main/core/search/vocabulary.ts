// The term dictionary: term <-> id, document frequency, and the two sorted
// orders that make prefix and typo expansion cheap. Ids [0, sorted) are in
// code-unit order (the index renumbers terms when it compacts); terms added
// since then sit in an unsorted tail that is scanned linearly, which stays
// small because compaction folds it back in.

export class Vocabulary {
  terms: string[] = []
  /** Documents containing the term in any field (exact after compaction; deletions lag until then). */
  df: Uint32Array = new Uint32Array(1024)
  /** Per term, 1 + the last document counted in df: counts each document once across fields. */
  lastDoc: Uint32Array = new Uint32Array(1024)
  /** terms[0, sorted) are in ascending code-unit order. */
  sorted = 0
  /** Ids in [0, sorted), ordered by the reversed term: finds terms by their ending. */
  reverse: Uint32Array = new Uint32Array(0)
  private ids = new Map<string, number>()

  get size(): number {
    return this.terms.length
  }

  get(term: string): number | undefined {
    return this.ids.get(term)
  }

  intern(term: string): number {
    let id = this.ids.get(term)
    if (id === undefined) {
      id = this.terms.length
      this.terms.push(term)
      this.ids.set(term, id)
      if (id >= this.df.length || id >= this.lastDoc.length) {
        const size = Math.max(1024, this.df.length * 2, id + 1)
        this.df = grow(this.df, size)
        this.lastDoc = grow(this.lastDoc, size)
      }
    }
    return id
  }

  /** Replaces the whole dictionary with already sorted terms (load and compaction). */
  reset(terms: string[], df: Uint32Array, reverse: Uint32Array): void {
    this.terms = terms
    this.ids = new Map()
    for (let i = 0; i < terms.length; i++) this.ids.set(terms[i]!, i)
    this.df = df.length >= terms.length ? df : grow(df, terms.length)
    this.lastDoc = new Uint32Array(Math.max(1024, this.df.length))
    this.sorted = terms.length
    this.reverse = reverse
  }

  /** Ids of live terms that start with `prefix` (the prefix itself included). */
  withPrefix(prefix: string, out: number[] = []): number[] {
    const { terms, df } = this
    for (let i = lowerBound(terms, this.sorted, prefix); i < this.sorted; i++) {
      const t = terms[i]!
      if (!t.startsWith(prefix)) break
      if (df[i]! > 0) out.push(i)
    }
    for (let i = this.sorted; i < terms.length; i++) if (df[i]! > 0 && terms[i]!.startsWith(prefix)) out.push(i)
    return out
  }

  /**
   * Ids of live terms one edit (insertion, deletion, substitution or swap of
   * neighbours) away from `word`, excluding the word itself. With one edit at
   * position p, the term keeps word[0, k) when p >= k and ends with
   * word[k + 1, n) when p <= k, so only terms sharing that beginning or that
   * ending are compared.
   */
  withinOneEdit(word: string, out: number[] = []): number[] {
    const { terms, df } = this
    const n = word.length
    const k = (n - 1) >> 1
    const seen = new Set<number>()
    const consider = (i: number): void => {
      if (df[i]! > 0 && !seen.has(i) && oneEditApart(word, terms[i]!)) {
        seen.add(i)
        out.push(i)
      }
    }
    const head = word.slice(0, k)
    for (let i = lowerBound(terms, this.sorted, head); i < this.sorted; i++) {
      const t = terms[i]!
      if (!t.startsWith(head)) break
      if (t.length >= n - 1 && t.length <= n + 1) consider(i)
    }
    const tail = word.slice(k + 1)
    const rev = this.reverse
    let lo = 0
    let hi = rev.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (compareReversed(terms[rev[mid]!]!, tail) < 0) lo = mid + 1
      else hi = mid
    }
    for (let j = lo; j < rev.length; j++) {
      const i = rev[j]!
      const t = terms[i]!
      if (!t.endsWith(tail)) break
      if (t.length >= n - 1 && t.length <= n + 1) consider(i)
    }
    for (let i = this.sorted; i < terms.length; i++) {
      const t = terms[i]!
      if (t.length >= n - 1 && t.length <= n + 1) consider(i)
    }
    return out
  }
}

/** A copy of `a` with room for at least `min` elements (doubling, so appends stay amortized O(1)). */
export function grow<T extends Uint32Array | Float64Array | Int32Array | Uint8Array>(a: T, min: number): T {
  if (a.length >= min) return a
  let size = Math.max(16, a.length)
  while (size < min) size *= 2
  const b = new (a.constructor as new (n: number) => T)(size)
  b.set(a)
  return b
}

function lowerBound(terms: string[], end: number, key: string): number {
  let lo = 0
  let hi = end
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (terms[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Compares two strings read from their last character backwards. */
export function compareReversed(a: string, b: string): number {
  let i = a.length - 1
  let j = b.length - 1
  while (i >= 0 && j >= 0) {
    const d = a.charCodeAt(i) - b.charCodeAt(j)
    if (d !== 0) return d
    i--
    j--
  }
  return i - j
}

/** Optimal string alignment distance is exactly 1. */
export function oneEditApart(a: string, b: string): boolean {
  const la = a.length
  const lb = b.length
  if (la - lb > 1 || lb - la > 1) return false
  let i = 0
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++
  if (i === la && i === lb) return false
  if (la === lb) {
    if (sameFrom(a, i + 1, b, i + 1)) return true
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      sameFrom(a, i + 2, b, i + 2)
    )
  }
  return la > lb ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1)
}

function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false
  return true
}
