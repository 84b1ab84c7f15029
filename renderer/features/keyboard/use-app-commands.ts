// Commands from Electron's native menu that only the window can carry out. They
// arrive as 'app:command' events; browser mode has no native menu, so none come.
import { useEffect, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/bridge'
import { keys } from '../../api/queries'
import { openLibraryDialog } from '../library'

export function useAppCommands(showShortcuts: () => void): void {
  const api = useApi()
  const qc = useQueryClient()
  const latest = useRef(showShortcuts)
  latest.current = showShortcuts

  useEffect(
    () =>
      api.on('app:command', ({ command }) => {
        switch (command) {
          case 'showShortcuts':
            // A dialog of ours may be open already; the menu wins, as in any app.
            openLibraryDialog(null)
            return latest.current()
          case 'importLink':
            return openLibraryDialog({ kind: 'import', focus: 'link' })
          case 'settingsChanged':
            return void qc.invalidateQueries({ queryKey: keys.settings })
        }
      }),
    [api, qc],
  )
}
