// Commands from Electron's native menu that only the window can carry out. They
// arrive as 'app:command' events; browser mode has no native menu, so none come.
import { useEffect } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/bridge'
import { keys } from '../../api/queries'
import { runCommand } from '../../lib/command-registry'

export function useAppCommands(): void {
  const api = useApi()
  const qc = useQueryClient()

  useEffect(
    () =>
      api.on('app:command', ({ command }) => {
        // Not a command but news: the menu changed a setting the window shows.
        if (command === 'settingsChanged') return void qc.invalidateQueries({ queryKey: keys.settings })
        runCommand(command)
      }),
    [api, qc],
  )
}
