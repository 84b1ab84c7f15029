// Whether the computer is online, as the browser sees it. Offline is a normal state
// for Offprint (the library is on disk), so it only changes what needs the network.
import { useSyncExternalStore } from 'react'
import { onlineManager } from '@tanstack/react-query'

// The library is local (IPC in Electron, 127.0.0.1 in browser mode), so no query or
// mutation may wait for the network. TanStack Query pauses them all on the browser's
// 'offline' event by default: an offline reader could not open a single article.
onlineManager.setEventListener(() => () => {})

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange)
  window.addEventListener('offline', onChange)
  return () => {
    window.removeEventListener('online', onChange)
    window.removeEventListener('offline', onChange)
  }
}

export const useOnline = (): boolean => useSyncExternalStore(subscribe, () => navigator.onLine)
