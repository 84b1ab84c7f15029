// The CLI's notes commands: private comments, replies and highlights, and their
// export and import. Same core as the app; nothing here touches the network.
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { rangeOfQuote } from '../core/notes/notes-service'
import { walkThread } from '../core/notes/comment-tree'
import { writeFileAtomic } from '../core/storage/atomic-file'
import type { CommentNode } from '../../common/model'
import { out, printJson, UsageError, type Command, type CommandContext } from './context'
import { withApi, type CliApi } from './api'


function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name]
  return typeof v === 'string' ? v : undefined
}

function withNotes<T>(ctx: CommandContext, fn: (api: CliApi) => Promise<T>): Promise<T> {
  // Notes are searchable, so commands that change them keep the search index current.
  return withApi(ctx, fn, { search: true })
}

/** `add ID` or `list ID`, the two forms of comment and highlight. */
function addOrList(ctx: CommandContext, usage: string): { verb: 'add' | 'list'; id: string } {
  const [verb, id, ...rest] = ctx.args
  if (!id || rest.length || (verb !== 'add' && verb !== 'list')) throw new UsageError(`usage: offprint ${usage}`)
  return { verb, id }
}

// Threads can be thousands of replies long (an imported file), so both walk without
// recursion; the core has already capped how deep the tree nests.
function printTree(nodes: CommentNode[]): void {
  walkThread(nodes, (n, depth) => {
    const pad = '  '.repeat(depth)
    const to = n.inReplyTo ? `, in reply to ${n.inReplyTo.name || 'a deleted comment'}` : ''
    out(`${pad}${n.deleted ? '[deleted]' : `${n.name}, ${n.created.slice(0, 16).replace('T', ' ')}`}${to}  (${n.id})`)
    if (!n.deleted) for (const line of n.text.split('\n')) out(`${pad}  ${line}`)
  })
}

function jsonTree(nodes: CommentNode[]): unknown[] {
  const top: unknown[] = []
  const lists = new Map<CommentNode, unknown[]>()
  walkThread(nodes, (n, _depth, parent) => {
    const replies: unknown[] = []
    lists.set(n, replies)
    ;(parent ? lists.get(parent)! : top).push({
      id: n.id,
      name: n.name,
      text: n.text,
      created: n.created,
      ...(n.edited ? { edited: n.edited } : {}),
      ...(n.deleted ? { deleted: true } : {}),
      ...(n.inReplyTo ? { inReplyTo: n.inReplyTo } : {}),
      replies,
    })
  })
  return top
}

export const notesCommands: Record<string, Command> = {
  comment: {
    args: 'add ID --name N --text T [--reply-to CID] | list ID',
    summary: 'write a private comment or reply on an article, or list the thread',
    options: { name: { type: 'string' }, text: { type: 'string' }, 'reply-to': { type: 'string' } },
    async run(ctx) {
      const { verb, id } = addOrList(ctx, 'comment add ID --name N --text T [--reply-to CID] | comment list ID')
      return withNotes(ctx, async (api) => {
        if (verb === 'add') {
          const c = await api.invoke('notes:addComment', { articleId: id, name: str(ctx, 'name') ?? '', text: str(ctx, 'text') ?? '', parentId: str(ctx, 'reply-to') ?? null })
          if (ctx.json) printJson(c)
          else out(`Saved comment ${c.id}${c.parentId ? ` (a reply to ${c.parentId})` : ''}.`)
          return 0
        }
        const n = await api.invoke('notes:get', { articleId: id })
        if (ctx.json) printJson(jsonTree(n.comments))
        else if (n.comments.length === 0) out('No comments yet.')
        else printTree(n.comments)
        return 0
      })
    },
  },
  highlight: {
    args: 'add ID --quote TEXT [--note T] | list ID',
    summary: 'highlight a passage of an article (with a note), or list highlights',
    options: { quote: { type: 'string' }, note: { type: 'string' }, color: { type: 'string' } },
    async run(ctx) {
      const { verb, id } = addOrList(ctx, 'highlight add ID --quote TEXT [--note T] [--color C] | highlight list ID')
      return withNotes(ctx, async (api) => {
        if (verb === 'add') {
          const quote = str(ctx, 'quote')
          if (!quote) throw new UsageError('highlight add needs --quote TEXT: the passage to highlight, as it reads in the article.')
          const { text } = await api.invoke('articles:get', { id })
          const h = await api.invoke('notes:addHighlight', { articleId: id, ...rangeOfQuote(text, quote), note: str(ctx, 'note') ?? '', color: str(ctx, 'color') })
          if (ctx.json) printJson(h)
          else out(`Saved highlight ${h.id} on “${h.quote.exact.slice(0, 60)}${h.quote.exact.length > 60 ? '…' : ''}”.`)
          return 0
        }
        const n = await api.invoke('notes:get', { articleId: id })
        if (ctx.json) printJson(n.highlights)
        else if (n.highlights.length === 0) out('No highlights yet.')
        else for (const h of n.highlights) out(`${h.id}  [${h.color}]${h.orphaned ? ' (not found in the current text)' : ''} “${h.quote.exact}”${h.note ? `\n    ${h.note}` : ''}`)
        return 0
      })
    },
  },
  notes: {
    args: 'export [--format md|json] [--out FILE] [--article ID] | import FILE',
    summary: 'export all notes as Markdown or JSON, or merge an export back in',
    options: { format: { type: 'string' }, out: { type: 'string' }, article: { type: 'string' } },
    async run(ctx) {
      const [verb, file, ...rest] = ctx.args
      if (verb === 'export' && !file && !rest.length) {
        const format = str(ctx, 'format') ?? 'md'
        if (format !== 'md' && format !== 'json') throw new UsageError(`--format must be md or json, not '${format}'.`)
        return withNotes(ctx, async (api) => {
          const { content } = await api.invoke('notes:export', { articleId: str(ctx, 'article'), format })
          const target = str(ctx, 'out')
          if (target) {
            // Atomic: an export that fails half-way never leaves a half file over an older one.
            await writeFileAtomic(resolve(target), content.endsWith('\n') ? content : content + '\n', { durable: true })
            process.stderr.write(`Notes written to ${resolve(target)}.\n`)
          } else out(content)
          return 0
        })
      }
      if (verb === 'import' && file && !rest.length) {
        let content: string
        try {
          content = await fs.readFile(resolve(file), 'utf8')
        } catch {
          throw new UsageError(`Cannot read ${file}.`)
        }
        return withNotes(ctx, async (api) => {
          const r = await api.invoke('notes:import', { content })
          if (ctx.json) printJson(r)
          else {
            out(`Imported ${r.comments} comments and ${r.highlights} highlights${r.alreadyHere ? ` (${r.alreadyHere} already here)` : ''}.`)
            if (r.invalid) out(`${r.invalid} notes in the file could not be read and were left out.`)
            if (r.unknownArticles) out(`${r.unknownArticles} articles in the file are not in this library; their notes were not imported.`)
          }
          return 0
        })
      }
      throw new UsageError('usage: offprint notes export [--format md|json] [--out FILE] [--article ID] | notes import FILE')
    },
  },
}
