// Refreshing feeds: one at a time for the whole app. Progress comes from main's
// 'refresh:progress' events, so a refresh started elsewhere (the menu, another
// window) shows too; the summary comes from the call's own answer.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { RefreshSummary } from '../../../common/contract'
import { useApi } from '../../api/bridge'
import { keys } from '../../api/queries'
import { useCommands } from '../../lib/command-registry'
import { plural } from '../../lib/plural'
import { useOnline } from './use-online'

export interface RefreshState {
  online: boolean
  running: boolean
  /** Feeds done of feeds to do; null before the first event of a run. */
  progress: { done: number; total: number } | null
  /** Refreshes these feeds, or every feed. Does nothing while offline or already running. */
  start: (feedIds?: string[]) => void
}

export const OFFLINE_HINT = 'You’re offline. Refresh when you’re back online; everything you have is here meanwhile.'

/** "3 new articles, 1 feed failed". */
export function describeRefresh(r: RefreshSummary): string {
  const failed = r.failed.length
  if (r.feeds === 0) return 'No feeds to refresh'
  const added = r.added ? plural(r.added, 'new article') : 'No new articles'
  if (!failed) return added
  if (failed === r.feeds) return failed === 1 ? `Couldn’t refresh ${r.failed[0]!.title || 'the feed'}: ${r.failed[0]!.error}` : `All ${failed} feeds failed to refresh`
  return `${added}, ${plural(failed, 'feed')} failed`
}

export function useRefresh(announce: (message: string) => void): RefreshState {
  const api = useApi()
  const qc = useQueryClient()
  const online = useOnline()
  const [progress, setProgress] = useState<RefreshState['progress']>(null)
  const [calling, setCalling] = useState(false)
  const inFlight = useRef(false)

  useEffect(() => {
    // A feed's error badge and unread count as its feed finishes, but the sidebar is
    // asked again at most once a second: an OPML import can refresh thousands of feeds.
    let timer: ReturnType<typeof setTimeout> | undefined
    let last = 0
    const reloadSidebar = () => {
      last = Date.now()
      timer = undefined
      void qc.invalidateQueries({ queryKey: keys.overview })
    }
    const off = api.on('refresh:progress', (p) => {
      setProgress(p.finished ? null : { done: p.done, total: p.total })
      if (!p.feedId || timer) return
      const wait = 1000 - (Date.now() - last)
      if (wait <= 0) reloadSidebar()
      else timer = setTimeout(reloadSidebar, wait)
    })
    return () => {
      off()
      clearTimeout(timer)
    }
  }, [api, qc])

  const start = useCallback(
    (feedIds?: string[]) => {
      if (!navigator.onLine) {
        announce(OFFLINE_HINT)
        return
      }
      if (inFlight.current) return
      inFlight.current = true
      setCalling(true)
      api
        .invoke('feeds:refresh', feedIds ? { feedIds } : {})
        .then((summary) => announce(describeRefresh(summary)))
        .catch((error: unknown) => announce(error instanceof Error ? error.message : 'The refresh failed.'))
        .finally(() => {
          inFlight.current = false
          setCalling(false)
          setProgress(null)
          void qc.invalidateQueries({ queryKey: keys.overview })
          void qc.invalidateQueries({ queryKey: ['articles'] })
        })
    },
    [api, qc, announce],
  )

  useCommands({ refresh: () => void start() })
  return { online, running: calling || progress !== null, progress, start }
}
