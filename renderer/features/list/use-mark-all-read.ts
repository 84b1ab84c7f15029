import { useCallback } from 'react'
import { useCommands } from '../../lib/command-registry'
import { plural } from '../../lib/plural'
import type { Source } from '../../lib/source'
import { useLibraryActions } from '../library'

/**
 * Marks every article of the view as read and says how many that was; binds Shift+A.
 * `view` is null where there is nothing to mark (search results, All notes).
 */
export function useMarkAllRead(announce: (message: string) => void, view: { source: Source; title: string } | null): (() => void) | null {
  const actions = useLibraryActions()
  const markAllRead = useCallback(
    (source: Source, name: string) => {
      actions
        .markAllRead(source)
        .then((n) => announce(n ? `Marked ${plural(n, 'article')} as read` : `Nothing unread in ${name}`))
        .catch((error: unknown) => announce(error instanceof Error ? error.message : 'Could not mark the articles as read.'))
    },
    [actions, announce],
  )
  const run = view ? () => markAllRead(view.source, view.title) : null
  useCommands({ markAllRead: () => (run ? run() : false) })
  return run
}
