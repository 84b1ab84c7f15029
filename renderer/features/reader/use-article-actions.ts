// What the reader does to the open article: star it, mark it read or unread, open its
// original outside. The toolbar's buttons and the s, m and o keys (bound here) alike.
import { useCallback } from 'react'
import type { Article } from '../../../common/model'
import { useConnection } from '../../api/bridge'
import { useSetRead, useSetStarred } from '../../api/queries'
import { useCommands } from '../../lib/command-registry'

type Current = Pick<Article, 'id' | 'read' | 'starred' | 'url'>

export function useArticleActions(current: Current | undefined, announce: (message: string) => void) {
  const { api, browserMode } = useConnection()
  const setRead = useSetRead()
  const setStarred = useSetStarred()

  const openExternal = useCallback(
    async (url: string) => {
      try {
        const { opened } = await api.invoke('app:openExternal', { url })
        if (opened) return
        // In a browser tab the host may have no desktop to open a browser on; a new tab
        // is the same thing from where the reader sits. This window never navigates.
        // (With noopener, window.open returns null even when it worked.)
        if (browserMode) window.open(url, '_blank', 'noopener,noreferrer')
        else announce('The link could not be opened.')
      } catch (error) {
        announce(error instanceof Error ? error.message : 'The link could not be opened.')
      }
    },
    [api, browserMode, announce],
  )

  const toggleStar = () => {
    if (!current) return false
    setStarred.mutate({ id: current.id, starred: !current.starred })
    announce(current.starred ? 'Removed star' : 'Starred')
  }

  const toggleRead = () => {
    if (!current) return false
    setRead.mutate({ ids: [current.id], read: !current.read })
    announce(current.read ? 'Marked as unread' : 'Marked as read')
  }

  const openOriginal = () => {
    if (!current?.url) return false
    void openExternal(current.url)
  }

  useCommands({ toggleStar, toggleRead, openOriginal })
  return { toggleStar, toggleRead, openOriginal, openExternal }
}
