// Which articles leave the library, and how: the one way out, for the retention
// setting and for unsubscribing alike. Never a starred or annotated article; the
// user's own work is not the library's to drop.
import type { NotesStore } from '../notes/notes-store'
import type { ArticleIndex } from './article-index'
import type { Bodies } from './bodies'
import type { ManifestStore } from './manifest'
import type { SearchSync } from './search-sync'
import type { SettingsStore } from './settings'
import type { Statuses } from './statuses'

const DAY_MS = 86_400_000

export class Retention {
  constructor(
    private readonly parts: {
      articles: ArticleIndex
      statuses: Statuses
      bodies: Bodies
      manifest: ManifestStore
      notes: NotesStore
      search: SearchSync
      settings: SettingsStore
      now: () => Date
      /** Told once articles are gone (the library emits 'changed'). */
      onRemoved: () => void
    },
  ) {}

  /** Removes articles, except those the user starred or annotated. */
  async remove(ids: string[]): Promise<{ removed: number; kept: number }> {
    const { articles, statuses, bodies, manifest, notes, search } = this.parts
    await articles.ready
    await notes.loadAll()
    const annotated = notes.annotated()
    const remove = new Set<string>()
    let kept = 0
    for (const id of ids) {
      if (!articles.get(id)) continue
      if (statuses.isStarred(id) || annotated.has(id)) kept++
      else remove.add(id)
    }
    if (remove.size === 0) return { removed: 0, kept }
    articles.remove(remove)
    statuses.forget(remove)
    await manifest.save()
    await statuses.compact()
    await bodies.remove(remove)
    search.removed([...remove])
    this.parts.onRemoved()
    return { removed: remove.size, kept }
  }

  /** Unsubscribing: the feed's articles go, but for the ones kept, which stay as saved articles of no feed. */
  async removeFeedArticles(feedId: string): Promise<{ removed: number; kept: number }> {
    const { articles } = this.parts
    await articles.ready
    const result = await this.remove([...articles.values()].filter((a) => a.feedId === feedId).map((a) => a.id))
    for (const a of articles.values()) {
      if (a.feedId === feedId) {
        a.feedId = null
        articles.touched(a)
      }
    }
    return result
  }

  /** Drops read articles older than the retention setting (`retentionDays`, 0 keeps all). */
  async apply(): Promise<{ removed: number; kept: number }> {
    const { articles, statuses, settings, now } = this.parts
    const days = settings.get().retentionDays
    if (!days) return { removed: 0, kept: 0 }
    await articles.ready
    // Age is measured by the clock, but never past the newest date a publisher gave (an
    // article dated by its source has `published` apart from `added`): a clock set a
    // century ahead must not expire every read article at the next refresh.
    let newest = -Infinity
    for (const a of articles.values()) {
      const t = a.published !== a.added ? Date.parse(a.published) : NaN
      if (t > newest) newest = t
    }
    const cutoff = new Date(Math.min(now().getTime(), newest === -Infinity ? Infinity : newest) - days * DAY_MS).toISOString()
    const old = [...articles.values()].filter((a) => statuses.isRead(a.id) && a.published < cutoff).map((a) => a.id)
    return this.remove(old)
  }
}
