// Deterministic articles for tests and benchmarks: realistic length and vocabulary.
import type { NewArticle } from '../../common/model'

const WORDS = (
  'city council budget transit bicycle lane harbor seagrass restoration energy heat pump grid solar library archive ' +
  'volunteers residents mayor committee report study climate storm coast river school parents teachers housing rent ' +
  'market prices farmers harvest festival museum exhibition history railway station bridge traffic water quality ' +
  'hospital nurses doctors election candidates debate policy science research university students technology software'
).split(' ')

/** A small linear congruential generator: the same articles on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function makeArticle(i: number, opts: { words?: number; day?: number } = {}): NewArticle {
  const r = rng(i + 1)
  const pick = () => WORDS[Math.floor(r() * WORDS.length)]!
  const paragraphs: string[] = []
  const total = opts.words ?? 650
  for (let w = 0; w < total; ) {
    const n = 40 + Math.floor(r() * 60)
    const sentence = Array.from({ length: n }, pick).join(' ')
    paragraphs.push(`<p>${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.</p>`)
    w += n
  }
  const day = opts.day ?? i % 365
  return {
    guid: `urn:test:${i}`,
    url: `https://news.example/${i}`,
    title: `Article ${i}: ${pick()} ${pick()} ${pick()}`,
    author: `Reporter ${i % 17}`,
    published: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000 + (i % 1000) * 1000).toISOString(),
    html: `<h2>${pick()} ${pick()}</h2>${paragraphs.join('')}`,
  }
}
