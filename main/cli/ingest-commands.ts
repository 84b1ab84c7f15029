// The CLI's ingestion commands: import, subscribe, refresh, feeds, export-opml. Same
// shape as commands.ts (lines for people, --json for programs, one-line errors), over
// the ingest service. Commands that add articles open the library with its search
// index, so what they add can be found; the others open it without.
import { promises as fs } from 'node:fs'
import { Library } from '../core/library/library'
import type { ImportResult, IngestService } from '../core/ingest/service'
import { oneLine } from '../core/errors'
import { UsageError, withLibrary, type Command, type CommandContext } from './commands'
import { withApi } from './api'

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n')
const warn = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n')
const printJson = (v: unknown) => out(JSON.stringify(v, null, 2))

/** The library with an ingest service over it (loaded only by the commands that fetch or import). */
function withIngest<T>(ctx: CommandContext, fn: (lib: Library, ingest: IngestService) => Promise<T>, opts: { search: boolean }): Promise<T> {
  return withLibrary(
    ctx,
    async (lib) => {
      const { createIngestService } = await import('../core/ingest/service')
      const ingest = createIngestService(lib)
      try {
        return await fn(lib, ingest)
      } finally {
        ingest.close()
      }
    },
    opts,
  )
}

const isAddress = (s: string) => /^(https?|feed):/i.test(s.trim())
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

function describeImport(source: string, r: ImportResult): string[] {
  const lines: string[] = []
  if (r.kind === 'opml') {
    const added = r.feeds.length - r.duplicates
    lines.push(`${source}: subscribed to ${plural(added, 'feed')}${r.duplicates ? ` (${r.duplicates.toLocaleString('en')} already there)` : ''}; run \`offprint refresh\` to fetch them.`)
    return lines
  }
  if (r.kind === 'feed') lines.push(`${source}: ${r.feeds[0]?.title ?? 'feed'}, ${plural(r.articles.length, 'new article')}${r.duplicates ? `, ${r.duplicates} already there` : ''}`)
  else if (r.articles.length === 0) lines.push(`${source}: already in the library`)
  for (const a of r.articles) lines.push(`${a.id}  ${a.title}`)
  return lines
}

async function folderIdFor(lib: Library, name: unknown): Promise<string | null> {
  if (name === undefined) return null
  if (typeof name !== 'string' || !name.trim()) throw new UsageError('--folder needs a folder name.')
  return (await lib.addFolder(name)).id
}

export const ingestCommands: Record<string, Command> = {
  import: {
    args: 'FILE|URL...',
    summary: 'import OPML lists, feed files, saved pages (.html) or web addresses',
    async run(ctx) {
      if (ctx.args.length === 0) throw new UsageError('usage: offprint import FILE|URL...')
      return withIngest(
        ctx,
        async (_lib, ingest) => {
          const articles: { id: string; title: string }[] = []
          let failed = 0
          for (const source of ctx.args) {
            try {
              const result = isAddress(source) ? await ingest.importUrl(source) : await ingest.importFile(source)
              articles.push(...result.articles)
              if (!ctx.json) for (const line of describeImport(source, result)) out(line)
            } catch (err) {
              // One source's failure is told and the others still go in.
              failed++
              warn(`offprint import: ${oneLine(err)}`)
            }
          }
          if (ctx.json) printJson(articles)
          return failed ? 1 : 0
        },
        { search: true },
      )
    },
  },
  subscribe: {
    args: 'URL [--folder NAME] [--full-text]',
    summary: "follow a feed, by its address or its site's",
    options: { folder: { type: 'string' }, 'full-text': { type: 'boolean' } },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('usage: offprint subscribe URL [--folder NAME] [--full-text]')
      return withIngest(
        ctx,
        async (lib, ingest) => {
          const folderId = await folderIdFor(lib, ctx.values.folder)
          const { feed, added } = await ingest.subscribe(ctx.args[0]!, { folderId, fullText: Boolean(ctx.values['full-text']) })
          const folder = lib.folders().find((f) => f.id === feed.folderId)?.name ?? null
          if (ctx.json) printJson({ id: feed.id, title: feed.title, url: feed.url, siteUrl: feed.siteUrl, folder, fullText: feed.fullText, added })
          else out(`Subscribed to ${feed.title} (${feed.url})${folder ? ` in ${folder}` : ''}: ${plural(added, 'new article')}.`)
          return 0
        },
        { search: true },
      )
    },
  },
  refresh: {
    args: '[FEED_ID...]',
    summary: 'fetch new articles from every subscription (or the ones named)',
    async run(ctx) {
      return withIngest(
        ctx,
        async (lib, ingest) => {
          if (ctx.args.length === 0 && !lib.feeds().some((f) => f.url)) {
            if (ctx.json) printJson({ feeds: 0, added: 0, updated: 0, unchanged: 0, failed: [] })
            else out('No subscriptions to refresh; add one with `offprint subscribe URL` or `offprint import FILE.opml`.')
            return 0
          }
          const result = await ingest.refresh(ctx.args.length ? ctx.args : undefined, (p) => {
            if (!p.feedId) return
            const what = p.error ?? `${p.added} new${p.updated ? `, ${p.updated} updated` : ''}`
            warn(`[${p.done}/${p.total}] ${p.title}: ${what}`)
          })
          if (ctx.json) printJson(result)
          else
            out(
              `Refreshed ${plural(result.feeds, 'feed')}: ${result.added.toLocaleString('en')} new, ${result.updated.toLocaleString('en')} updated` +
                `${result.failed.length ? `, ${result.failed.length} failed` : ''}.`,
            )
          // Some feeds failing is a report; all of them failing is an error (offline, most likely).
          return result.feeds > 0 && result.failed.length === result.feeds ? 1 : 0
        },
        { search: true },
      )
    },
  },
  feeds: {
    args: '',
    summary: 'list subscriptions with their unread counts and errors',
    async run(ctx) {
      if (ctx.args.length !== 0) throw new UsageError('usage: offprint feeds [--json]')
      return withApi(ctx, async (api) => {
        const overview = await api.invoke('library:overview')
        const folders = new Map(overview.folders.map((f) => [f.id, f.name]))
        const rows = overview.feeds.map((f) => ({
          id: f.id,
          title: f.title,
          url: f.url,
          siteUrl: f.siteUrl,
          folder: (f.folderId && folders.get(f.folderId)) || null,
          unread: f.unread,
          total: f.total,
          error: f.error,
          lastFetched: f.lastFetched ?? null,
          icon: f.icon ?? null,
        }))
        if (ctx.json) printJson(rows)
        else if (rows.length === 0) out('No subscriptions yet.')
        else
          for (const r of rows)
            out(`${r.id}  ${`${r.unread}/${r.total}`.padStart(9)}  ${r.title}${r.folder ? ` [${r.folder}]` : ''}${r.error ? `  ! ${r.error}` : ''}`)
        return 0
      })
    },
  },
  'export-opml': {
    args: 'FILE',
    summary: 'save the subscriptions as an OPML file (- for standard output)',
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('usage: offprint export-opml FILE')
      const file = ctx.args[0]!
      return withApi(
        ctx,
        async (api) => {
          const [{ content: xml }, overview] = await Promise.all([api.invoke('library:exportOpml'), api.invoke('library:overview')])
          const feeds = overview.feeds.filter((f) => f.url).length
          if (file === '-') {
            process.stdout.write(xml)
            return 0
          }
          try {
            await fs.writeFile(file, xml)
          } catch (err) {
            throw new Error(`Could not write ${file}: ${(err as NodeJS.ErrnoException).code ?? oneLine(err)}`)
          }
          if (ctx.json) printJson({ file, feeds })
          else out(`Saved ${plural(feeds, 'subscription')} to ${file}.`)
          return 0
        },
        { ingest: true },
      )
    },
  },
}
