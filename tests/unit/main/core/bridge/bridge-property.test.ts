// Every bridge channel under arbitrary input, through the one dispatcher both
// transports use, over a real library on disk: an input the channel's schema refuses
// comes back as invalid_input before any handler runs; one it accepts is handled, and
// any failure is a typed error value (never an untyped exception, which the
// dispatcher would log). Inputs are raw JSON, values Electron's structured clone can
// carry (NaN, BigInt, Date…), and objects shaped like each channel's input with
// hostile values: path traversal, script addresses, real ids of the library's own
// articles, notes, feeds and folders.
import fc from 'fast-check'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { contract, channelNames, type ChannelName } from '../../../../../common/contract'
import type { ErrorCode, Result } from '../../../../../common/bridge'
import { createDispatcher } from '../../../../../main/core/bridge/dispatch'
import { createHandlers } from '../../../../../main/core/bridge/handlers/index'
import { createIngestService, type IngestService } from '../../../../../main/core/ingest/service'
import { IngestError } from '../../../../../main/core/ingest/errors'
import type { Fetcher } from '../../../../../main/core/ingest/fetcher'
import { Library } from '../../../../../main/core/library/library'
import { tempDir } from '../../../../helpers/tmp'
import { record } from '../../../../security/figures'

const CODES: ErrorCode[] = ['invalid_input', 'not_found', 'unknown_channel', 'forbidden', 'failed']

/** The channel being dispatched, so a request can be traced to what caused it. */
let current = ''

/** No network at all: every request is refused before it is made, and counted. */
function refusingFetcher() {
  const asked: string[] = []
  const causes = new Set<string>()
  const fetcher: Fetcher = {
    fetch: (url) => {
      asked.push(url)
      causes.add(current)
      return Promise.reject(new IngestError(`Offline in tests: ${url}`, url))
    },
    close: () => {},
  }
  return { fetcher, asked, causes }
}

const HOSTILE_STRINGS = [
  '', ' ', '../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'C:\\Windows\\system32', '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc', 'a/../../b', 'notes/../../x', '\u0000', 'id\u0000.json', '\u202eevil', 'CON', 'NUL', 'aux.json', '.', '..',
  'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(5000), 'javascript:alert(1)', 'file:///etc/passwd', 'http://127.0.0.1:1/feed',
  'https://offline.example/feed', 'feed://offline.example/rss', 'offprint-media://m/../../x', 'app://offprint/../../etc/passwd',
  'mailto:a@b.example', 'data:text/html,<script>alert(1)</script>', '__proto__', 'constructor', 'prototype', 'toString',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '😀'.repeat(10), 'Ada', 'A real comment.', 'yellow', 'green',
  '2024-01-01', '9999-12-31T23:59:59Z', 'not a date', '*', '"phrase search"', 'a OR b -c', '\\', '%s%s%s%n',
  '<?xml version="1.0"?><opml version="2.0"><body><outline xmlUrl="https://o.example/f"/></body></opml>',
  '<rss version="2.0"><channel><title>t</title><item><title>i</title><description>&lt;script&gt;x&lt;/script&gt;Text</description></item></channel></rss>',
  '{"format":"offprint-notes","version":1,"articles":[{"articleId":"../../x","comments":[{"id":"c1","name":"n","text":"t"}]}]}',
  'PGh0bWw+PGJvZHk+PHA+SGk8L3A+PC9ib2R5PjwvaHRtbD4=',
]

/** Values that cross Electron's structured clone but not JSON. */
const CLONE_ONLY: unknown[] = [NaN, Infinity, -Infinity, -0, 10n, new Date(0), new Date(NaN), new Uint8Array([1, 2]), new Map([['id', 'x']]), new Set([1])]

const polluting = () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"x"}') as unknown

interface Pools {
  article: string[]
  feed: string[]
  folder: string[]
  comment: string[]
  highlight: string[]
}

/** A value for one field: plausible for its schema, hostile, or anything at all. */
function valueFor(schema: z.ZodType, key: string, pools: () => Pools, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...CLONE_ONLY), fc.constant(undefined))
  const poolName: keyof Pools | null = /^(id|ids|articleId)$/.test(key)
    ? 'article'
    : key === 'feedId' || key === 'feedIds'
      ? 'feed'
      : key === 'folderId'
        ? 'folder'
        : key === 'commentId' || key === 'parentId'
          ? 'comment'
          : key === 'highlightId'
            ? 'highlight'
            : null
  const fromPool = (name: keyof Pools) => fc.nat().map((i) => pools()[name][i % Math.max(1, pools()[name].length)] ?? 'missing-id')
  let plausible: fc.Arbitrary<unknown>
  switch (def.type) {
    case 'string':
      plausible = fc.oneof(
        { weight: poolName ? (hostile ? 4 : 12) : 0, arbitrary: poolName ? fromPool(poolName) : fc.constant('') },
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      )
      break
    case 'number':
      plausible = hostile
        ? fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(0, 1, 12, 18, 32, 420, 1100, 5000, 36500, -1, 2 ** 31, 2 ** 53, 0.5, NaN, Infinity))
        : fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(1, 12, 18, 32, 420, 1100, 5000, 36500))
      break
    case 'boolean':
      plausible = fc.boolean()
      break
    case 'enum':
      plausible = fc.constantFrom(...Object.values(def.entries as Record<string, string>), ...(hostile ? ['bogus', ''] : []))
      break
    case 'array':
      plausible = fc.array(valueFor(def.element as z.ZodType, key, pools, hostile, depth + 1), { maxLength: 4 })
      break
    case 'optional':
    case 'default':
    case 'nullable':
      plausible = fc.oneof(fc.constant(undefined), ...(hostile || def.type === 'nullable' ? [fc.constant(null)] : []), valueFor(def.innerType as z.ZodType, key, pools, hostile, depth + 1))
      break
    case 'union':
      plausible = fc.oneof(...(def.options as z.ZodType[]).map((o) => valueFor(o, key, pools, hostile, depth + 1)))
      break
    case 'object':
      plausible = depth > 2 ? fc.constant({}) : shapedInput(schema, pools, hostile, depth + 1)
      break
    case 'undefined':
      plausible = fc.constant(undefined)
      break
    default:
      plausible = anything
  }
  return hostile ? fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: anything }) : plausible
}

/** An object with the schema's keys (some left out), hostile values, and now and then an extra key. */
function shapedInput(schema: z.ZodType, pools: () => Pools, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[] } } })._zod.def
  if (def.type === 'union') return fc.oneof(...def.options!.map((o) => shapedInput(o, pools, hostile, depth)))
  if (def.type !== 'object') return valueFor(schema, '', pools, hostile, depth)
  const entries = Object.entries(def.shape ?? {})
  return fc
    .tuple(
      fc.tuple(...entries.map(([key, s]) => fc.option(valueFor(s, key, pools, hostile, depth), { freq: 5, nil: undefined }))),
      hostile ? fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'then'), fc.jsonValue({ maxDepth: 1 })), { freq: 8 }) : fc.constant(null),
    )
    .map(([values, extra]) => {
      const out: Record<string, unknown> = {}
      entries.forEach(([key], i) => {
        if (values[i] !== undefined) out[key] = values[i]
      })
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true })
      return out
    })
}

function inputs(channel: ChannelName, pools: () => Pools): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: shapedInput(contract[channel].input as z.ZodType, pools, false) },
    { weight: 3, arbitrary: shapedInput(contract[channel].input as z.ZodType, pools, true) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, ...CLONE_ONLY, 'string', 42, [], [{}]) },
    { weight: 1, arbitrary: fc.constant(null).map(polluting) },
  )
}

const sessions: { lib: Library; ingest: IngestService }[] = []
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.ingest.close()
    await s.lib.close().catch(() => {})
  }
})

const totals = { calls: 0, rejectedBySchema: 0, accepted: 0, typedFailures: 0, ok: 0 }
/** Channel → inputs it accepted and ran: every handler must have been reached. */
const acceptedBy = new Map<string, number>()
afterAll(() => {
  record('property.bridge.calls', totals.calls, 'cases')
  record('property.bridge.rejected-invalid-input-by-schema', totals.rejectedBySchema, 'cases')
  record('property.bridge.accepted', totals.accepted, 'cases')
  record('property.bridge.accepted-then-typed-error', totals.typedFailures, 'cases')
  record('property.bridge.accepted-and-ok', totals.ok, 'cases')
})

async function session(sample: boolean) {
  const jail = tempDir('offprint-bridge-prop-')
  const dataDir = join(jail, 'data')
  mkdirSync(dataDir)
  const lib = await Library.open({ dataDir, sample })
  const { fetcher, asked, causes } = refusingFetcher()
  const ingest = createIngestService(lib, { fetcher })
  sessions.push({ lib, ingest })
  const opened: string[] = []
  const untyped: { channel: string; err: unknown }[] = []
  const dispatch = createDispatcher(createHandlers({ library: lib, ingest, openExternal: async (url) => (opened.push(url), true) }), (err, channel) =>
    untyped.push({ channel, err }),
  )
  return { jail, dataDir, lib, dispatch, opened, untyped, asked, causes }
}

async function refreshPools(lib: Library): Promise<Pools> {
  const list = await lib.list({ filter: 'all', sort: 'newest', offset: 0, limit: 1000 })
  const article = list.items.map((a) => a.id)
  const comment: string[] = []
  const highlight: string[] = []
  for (const id of article.slice(0, 5)) {
    const doc = await lib.notes.get(id)
    comment.push(...doc.comments.map((c) => c.id))
    highlight.push(...doc.highlights.map((h) => h.id))
  }
  return { article, feed: lib.feeds().map((f) => f.id), folder: lib.folders().map((f) => f.id), comment, highlight }
}

function checkResult(channel: ChannelName, input: unknown, result: Result<unknown>) {
  totals.calls++
  expect(typeof result.ok).toBe('boolean')
  const schemaOk = contract[channel].input.safeParse(input ?? undefined).success
  if (!schemaOk) {
    expect(result, `${channel} accepted ${String(JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`).toMatchObject({ ok: false, code: 'invalid_input' })
    totals.rejectedBySchema++
    return
  }
  totals.accepted++
  acceptedBy.set(channel, (acceptedBy.get(channel) ?? 0) + 1)
  if (result.ok) {
    totals.ok++
    return
  }
  totals.typedFailures++
  expect(CODES).toContain(result.code)
  expect(result.message).not.toMatch(/\n/)
  expect(result.message.length).toBeGreaterThan(0)
}

async function runAllChannels(s: Awaited<ReturnType<typeof session>>, numRuns: number, seed: number) {
  let pools = await refreshPools(s.lib)
  for (const channel of channelNames) {
    await fc.assert(
      fc.asyncProperty(inputs(channel, () => pools), async (input) => {
        current = channel
        const result = await s.dispatch(channel, input)
        current = ''
        checkResult(channel, input, result)
        if (channel === 'notes:export' && result.ok) expect((result.data as { filename: string }).filename).toMatch(/^[A-Za-z0-9._-]+$/)
        if (channel === 'library:exportOpml' && result.ok) expect((result.data as { filename: string }).filename).toMatch(/^[A-Za-z0-9._-]+$/)
        expect(s.untyped.map((u) => `${u.channel}: ${String((u.err as Error)?.stack ?? u.err)}`)).toEqual([])
      }),
      { numRuns, seed: seed + channelNames.indexOf(channel) },
    )
    pools = await refreshPools(s.lib)
  }
}

describe('every bridge channel under arbitrary input', () => {
  it('with the sample library: refused as invalid_input, or handled with nothing but typed errors', async () => {
    const s = await session(true)
    // Notes to aim at: a comment and a highlight on the first articles.
    const [a, b] = (await refreshPools(s.lib)).article
    await s.dispatch('notes:addComment', { articleId: a, name: 'Ada', text: 'Mine, and private.' })
    await s.dispatch('notes:addHighlight', { articleId: b, start: 0, end: 20, note: 'Keep' })
    await s.dispatch('folders:add', { name: 'Folder' })

    await runAllChannels(s, 300, 2026)
    expect(channelNames.filter((c) => !acceptedBy.get(c)), 'channels whose handler no input reached').toEqual([])
    record('property.bridge.fewest-accepted-on-one-channel', Math.min(...channelNames.map((c) => acceptedBy.get(c) ?? 0)), 'cases')

    // Nothing reached beyond the library: the data folder is all its jail holds, only
    // web and mail addresses went to the system browser, no object was polluted.
    expect(readdirSync(s.jail)).toEqual(['data'])
    for (const url of s.opened) expect(url).toMatch(/^(https?:|mailto:)/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const url of s.asked) expect(url).toMatch(/^https?:\/\//)
    // Only what the user asks to fetch goes to the network, and never their notes.
    expect([...s.causes].filter((c) => !['feeds:subscribe', 'feeds:refresh', 'library:import', 'library:importUrl'].includes(c))).toEqual([])
    for (const url of s.asked) expect(url).not.toMatch(/private|Mine/)
    await s.lib.close()

    // It still opens cleanly, with the notes written before the storm.
    const again = await Library.open({ dataDir: s.dataDir, sample: false, search: null })
    sessions.push({ lib: again, ingest: { close() {} } as IngestService })
    expect(again.notices().filter((n) => n.level !== 'info')).toEqual([])
    record('property.bridge.requests-refused-offline', s.asked.length, 'requests')
  }, 120_000)

  it('with an empty library: the same', async () => {
    const s = await session(false)
    await runAllChannels(s, 60, 7)
    expect(readdirSync(s.jail)).toEqual(['data'])
    for (const url of s.opened) expect(url).toMatch(/^(https?:|mailto:)/)
  }, 120_000)
})
