// The CLI's commands. Each opens the library on the data folder, does one thing,
// and prints either lines for people or JSON (--json) for programs.
// Heavy modules (ingestion, the HTTP host, tar) are imported inside the commands
// that use them: a quick `offprint list` should not pay to load a feed parser.
import { join } from 'node:path'
import type { ArticleSummary } from '../../common/contract'
import { withApi } from './api'
import { exactly, intOption, out, printJson, UsageError, withLibrary, type Command } from './context'

const localDate = (iso: string) => iso.slice(0, 10)

export const commands: Record<string, Command> = {
  list: {
    args: '[--limit N] [--unread|--starred] [--oldest]',
    summary: 'list articles, newest (or oldest) first',
    options: { limit: { type: 'string' }, offset: { type: 'string' }, unread: { type: 'boolean' }, starred: { type: 'boolean' }, feed: { type: 'string' }, oldest: { type: 'boolean' } },
    async run(ctx) {
      exactly(ctx, 0, 'list [--limit N] [--offset N] [--unread|--starred] [--feed ID] [--oldest]')
      const limit = intOption(ctx.values, 'limit', 50, 1, 1_000_000)
      const offset = intOption(ctx.values, 'offset', 0, 0, Number.MAX_SAFE_INTEGER)
      if (ctx.values.unread && ctx.values.starred) throw new UsageError('--unread and --starred cannot be used together.')
      const filter = ctx.values.unread ? 'unread' : ctx.values.starred ? 'starred' : 'all'
      const feedId = ctx.values.feed as string | undefined
      const sort = ctx.values.oldest ? 'oldest' : 'newest'
      return withApi(ctx, async (api) => {
        // The bridge gives at most 1,000 a call.
        const items: ArticleSummary[] = []
        let total = 0
        while (items.length < limit) {
          const page = await api.invoke('articles:list', { filter, feedId, sort, offset: offset + items.length, limit: Math.min(1000, limit - items.length) })
          total = page.total
          items.push(...page.items)
          if (page.items.length === 0) break
        }
        if (ctx.json) {
          printJson(items.map((a) => ({ id: a.id, title: a.title, url: a.url, siteName: a.siteName, published: a.published, feedId: a.feedId, read: a.read, starred: a.starred })))
        } else {
          for (const a of items) out(`${a.id}  ${localDate(a.published)}  ${a.starred ? '★' : a.read ? ' ' : '•'} ${a.title}${a.siteName ? ` — ${a.siteName}` : ''}`)
          if (total > items.length) out(`(${items.length} of ${total}; use --limit and --offset for more)`)
        }
        return 0
      })
    },
  },
  show: {
    args: 'ID',
    summary: 'print one article',
    async run(ctx) {
      const [id] = exactly(ctx, 1, 'show ID')
      return withApi(ctx, async (api) => {
        const a = await api.invoke('articles:get', { id: id! })
        if (ctx.json) {
          printJson({ id: a.id, title: a.title, url: a.url, siteName: a.siteName, author: a.author, published: a.published, text: a.text, html: a.html, feedId: a.feedId, read: a.read, starred: a.starred })
        } else {
          out(a.title)
          out([a.author, a.siteName, localDate(a.published)].filter(Boolean).join(' · '))
          if (a.url) out(a.url)
          out('')
          out(a.text)
        }
        return 0
      })
    },
  },
  related: {
    args: 'ID',
    summary: 'related, recent and "read also" articles for one article',
    async run(ctx) {
      const [id] = exactly(ctx, 1, 'related ID')
      return withApi(
        ctx,
        async (api) => {
          const r = await api.invoke('articles:related', { id: id! })
          if (ctx.json) {
            printJson({
              related: r.related.map(({ id, title, score }) => ({ id, title, score })),
              recent: r.recent.map(({ id, title, published }) => ({ id, title, published })),
              readAlso: r.readAlso,
              alsoReportedBy: r.alsoReportedBy,
            })
          } else {
            const section = (title: string, rows: string[]) => {
              out(`${title}:`)
              for (const row of rows.length ? rows : ['(none)']) out(`  ${row}`)
            }
            section('Read also', r.readAlso.map((a) => `${a.id}  ${a.title}`))
            section('Related news', r.related.map((a) => `${a.id}  ${a.title} (${a.score})`))
            if (r.alsoReportedBy.length) section('Also reported by', r.alsoReportedBy.map((a) => `${a.id}  ${a.siteName}: ${a.title}`))
            section('Recent articles', r.recent.map((a) => `${a.id}  ${localDate(a.published)}  ${a.title}`))
          }
          return 0
        },
        { search: true },
      )
    },
  },
  search: {
    args: 'QUERY [--limit N] [--unread|--starred|--notes]',
    summary: 'full-text search: words, prefixes, typos, "phrases", -exclusions',
    options: { notes: { type: 'boolean' } },
    async run(ctx) {
      if (ctx.args.length === 0) throw new UsageError('usage: offprint search QUERY [--limit N] [--unread|--starred|--notes] [--feed ID]')
      const query = ctx.args.join(' ')
      const limit = intOption(ctx.values, 'limit', 20, 1, 1000)
      const flags = ['unread', 'starred', 'notes'].filter((f) => ctx.values[f]) as ('unread' | 'starred' | 'notes')[]
      if (flags.length > 1) throw new UsageError(`--${flags.join(' and --')} cannot be used together.`)
      const feedId = ctx.values.feed as string | undefined
      return withApi(
        ctx,
        async (api) => {
          if (feedId && !(await api.invoke('library:overview')).feeds.some((f) => f.id === feedId)) throw new Error(`No feed with id ${feedId}.`)
          const r = await api.invoke('search:query', { query, filter: flags[0] ?? 'all', feedId, limit })
          if (ctx.json) printJson(r.hits.map((h) => ({ id: h.id, title: h.title, score: Math.round(h.score * 1000) / 1000, snippet: h.snippet })))
          else {
            for (const h of r.hits) {
              out(`${h.id}  ${localDate(h.published)}  ${h.title}${h.siteName ? ` — ${h.siteName}` : ''}`)
              out(`    ${h.snippet}`)
            }
            out(r.hits.length ? `(${r.hits.length} of ${r.total})` : 'No articles match.')
          }
          return 0
        },
        { search: true },
      )
    },
  },
  stats: {
    args: '',
    summary: 'counts and on-disk sizes of the library',
    async run(ctx) {
      exactly(ctx, 0, 'stats [--json]')
      return withLibrary(ctx, async (lib) => {
        const { libraryStats } = await import('../core/library/backup')
        const s = await libraryStats(lib)
        if (ctx.json) printJson(s)
        else {
          out(`Library: ${s.dataDir}`)
          for (const [k, v] of Object.entries(s.counts)) out(`  ${k.padEnd(18)} ${v.toLocaleString('en')}`)
          for (const [k, v] of Object.entries(s.bytes)) out(`  ${(k + ' size').padEnd(18)} ${(v / 1024 / 1024).toFixed(2)} MB`)
        }
        return 0
      })
    },
  },
  backup: {
    args: 'FILE',
    summary: 'save the whole library (articles, notes, images, settings) to one file',
    async run(ctx) {
      const [file] = exactly(ctx, 1, 'backup FILE')
      return withLibrary(ctx, async (lib) => {
        const { backupLibrary } = await import('../core/library/backup')
        const r = await backupLibrary(lib, file!)
        if (ctx.json) printJson(r)
        else out(`Saved ${r.articles.toLocaleString('en')} articles and all notes to ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB).`)
        return 0
      })
    },
  },
  restore: {
    args: 'FILE',
    summary: 'replace the library with a backup (the current one is kept aside)',
    async run(ctx) {
      const [file] = exactly(ctx, 1, 'restore FILE')
      const { restoreLibrary } = await import('../core/library/backup')
      const r = await restoreLibrary(file!, ctx.dataDir)
      if (ctx.json) printJson(r)
      else {
        out(`Restored ${r.articles.toLocaleString('en')} articles into ${ctx.dataDir}.`)
        if (r.previous) out(`The library that was there is kept at ${r.previous}.`)
      }
      return 0
    },
  },
  serve: {
    args: '[--port N]',
    summary: 'run Offprint in your browser (browser mode) on 127.0.0.1',
    options: { port: { type: 'string' } },
    async run(ctx) {
      exactly(ctx, 0, 'serve [--port N]')
      const port = intOption(ctx.values, 'port', 0, 0, 65535)
      const [{ openSession }, { startServer }, { MediaStore }] = await Promise.all([import('../core/bridge/session'), import('../server/serve'), import('../core/ingest/media-store')])
      const session = await openSession({
        dataDir: ctx.dataDir,
        owner: 'offprint serve',
        // The page opens web addresses itself, in a new tab.
        openExternal: async () => false,
        log: (err, channel) => process.stderr.write(`offprint serve: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
      })
      for (const n of session.library.notices()) if (n.level !== 'info') process.stderr.write(`offprint: ${n.message}\n`)
      const media = new MediaStore(join(ctx.dataDir, 'media'))
      const server = await startServer({ port, dispatch: session.dispatch, mediaPath: (name) => media.path(name), subscribe: (send) => session.subscribe(send) })
      out(`Offprint is running at ${server.url}`)
      let stopping = false
      const stop = async () => {
        if (stopping) return
        stopping = true
        await server.close()
        await session.close()
        process.exit(0)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      return -1
    },
  },
}
