// The CLI's ingestion commands: import, subscribe, refresh, feeds, export-opml. Same
// shape as commands.ts (lines for people, --json for programs, one-line errors), over
// the ingest service. Commands that add articles open the library with its search
// index, so what they add can be found; the others open it without.
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { Library } from '../core/library/library'
import type { ImportResult, IngestService } from '../core/ingest/service'
import { oneLine } from '../core/base/errors'
import { out, printJson, UsageError, withLibrary, type Command, type CommandContext } from './context'
import { locallyOrThroughApp, withApi, type CliApi } from './api'

const warn = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n')

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

/** Commands that add articles: in process on a library no one has open, else through the running app. */
function ingestLocallyOrThroughApp<T>(ctx: CommandContext, local: (lib: Library, ingest: IngestService) => Promise<T>, remote: (api: CliApi) => Promise<T>): Promise<T> {
  return locallyOrThroughApp(() => withIngest(ctx, local, { search: true }), remote)
}

const isAddress = (s: string) => /^(https?|feed):/i.test(s.trim())
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

function describeImport(source: string, r: Pick<ImportResult, 'kind' | 'articles' | 'duplicates'> & { feeds: { title: string }[] }): string[] {
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

function checkFolderName(name: unknown): string | null {
  if (name === undefined) return null
  if (typeof name !== 'string' || !name.trim()) throw new UsageError('--folder needs a folder name.')
  return name
}

export const ingestCommands: Record<string, Command> = {
  import: {
    args: 'FILE|URL...',
    summary: 'import OPML lists, feed files, saved pages (.html) or web addresses',
    async run(ctx) {
      if (ctx.args.length === 0) throw new UsageError('usage: offprint import FILE|URL...')
      const importAll = async (one: (source: string) => Promise<Parameters<typeof describeImport>[1]>) => {
        const articles: { id: string; title: string }[] = []
        let failed = 0
        for (const source of ctx.args) {
          try {
            const result = await one(source)
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
      }
      return ingestLocallyOrThroughApp(
        ctx,
        (_lib, ingest) => importAll((source) => (isAddress(source) ? ingest.importUrl(source) : ingest.importFile(source))),
        // The running app imports; a file is read here, as the app's window reads a dropped one.
        (api) =>
          importAll(async (source) => {
            if (isAddress(source)) return api.invoke('library:importUrl', { url: source })
            const { readImportFile } = await import('../core/ingest/service')
            const content = Buffer.from(await readImportFile(source))
            return api.invoke('library:import', { name: source.length <= 500 ? source : basename(source), content: content.toString('base64'), encoding: 'base64' })
          }),
      )
    },
  },
  subscribe: {
    args: 'URL [--folder NAME] [--full-text]',
    summary: "follow a feed, by its address or its site's",
    options: { folder: { type: 'string' }, 'full-text': { type: 'boolean' } },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('usage: offprint subscribe URL [--folder NAME] [--full-text]')
      const folderName = checkFolderName(ctx.values.folder)
      const fullText = Boolean(ctx.values['full-text'])
      const report = (r: { id: string; title: string; url: string; siteUrl: string; folder: string | null; fullText: boolean; added: number }) => {
        if (ctx.json) printJson(r)
        else out(`Subscribed to ${r.title} (${r.url})${r.folder ? ` in ${r.folder}` : ''}: ${plural(r.added, 'new article')}.`)
        return 0
      }
      return ingestLocallyOrThroughApp(
        ctx,
        async (lib, ingest) => {
          const folderId = folderName === null ? null : (await lib.addFolder(folderName)).id
          const { feed, added } = await ingest.subscribe(ctx.args[0]!, { folderId, fullText })
          const folder = lib.folders().find((f) => f.id === feed.folderId)?.name ?? null
          return report({ id: feed.id, title: feed.title, url: feed.url, siteUrl: feed.siteUrl, folder, fullText: feed.fullText, added })
        },
        async (api) => {
          const folderId = folderName === null ? null : (await api.invoke('folders:add', { name: folderName })).id
          const { feed, added } = await api.invoke('feeds:subscribe', { url: ctx.args[0]!, folderId, fullText })
          const overview = await api.invoke('library:overview')
          const info = overview.feeds.find((f) => f.id === feed.id)
          const folder = overview.folders.find((f) => f.id === info?.folderId)?.name ?? null
          return report({ id: feed.id, title: feed.title, url: info?.url ?? '', siteUrl: info?.siteUrl ?? '', folder, fullText: info?.fullText ?? fullText, added })
        },
      )
    },
  },
  refresh: {
    args: '[FEED_ID...]',
    summary: 'fetch new articles from every subscription (or the ones named)',
    async run(ctx) {
      const report = (result: { feeds: number; added: number; updated: number; failed: unknown[] }) => {
        if (ctx.json) printJson(result)
        else
          out(
            `Refreshed ${plural(result.feeds, 'feed')}: ${result.added.toLocaleString('en')} new, ${result.updated.toLocaleString('en')} updated` +
              `${result.failed.length ? `, ${result.failed.length} failed` : ''}.`,
          )
        // Some feeds failing is a report; all of them failing is an error (offline, most likely).
        return result.feeds > 0 && result.failed.length === result.feeds ? 1 : 0
      }
      const nothingToRefresh = () => {
        if (ctx.json) printJson({ feeds: 0, added: 0, updated: 0, unchanged: 0, failed: [] })
        else out('No subscriptions to refresh; add one with `offprint subscribe URL` or `offprint import FILE.opml`.')
        return 0
      }
      return ingestLocallyOrThroughApp(
        ctx,
        async (lib, ingest) => {
          if (ctx.args.length === 0 && !lib.feeds().some((f) => f.url)) return nothingToRefresh()
          const result = await ingest.refresh(ctx.args.length ? ctx.args : undefined, (p) => {
            if (!p.feedId) return
            const what = p.error ?? `${p.added} new${p.updated ? `, ${p.updated} updated` : ''}`
            warn(`[${p.done}/${p.total}] ${p.title}: ${what}`)
          })
          return report(result)
        },
        async (api) => {
          if (ctx.args.length === 0 && !(await api.invoke('library:overview')).feeds.some((f) => f.url)) return nothingToRefresh()
          warn('Refreshing in the running Offprint; its window shows the progress.')
          return report(await api.invoke('feeds:refresh', ctx.args.length ? { feedIds: ctx.args } : {}))
        },
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
