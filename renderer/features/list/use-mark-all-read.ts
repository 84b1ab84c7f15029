import { useCallback } from 'react'
import { plural } from '../../lib/plural'
import { useLibraryActions } from '../library'
import type { Source } from '../sources'

/** Marks every article of a view as read and says how many that was. */
export function useMarkAllRead(announce: (message: string) => void): (source: Source, name: string) => void {
  const actions = useLibraryActions()
  return useCallback(
    (source, name) => {
      actions
        .markAllRead(source)
        .then((n) => announce(n ? `Marked ${plural(n, 'article')} as read` : `Nothing unread in ${name}`))
        .catch((error: unknown) => announce(error instanceof Error ? error.message : 'Could not mark the articles as read.'))
    },
    [actions, announce],
  )
}
