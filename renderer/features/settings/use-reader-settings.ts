import { useCallback, useEffect, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { Settings } from '../../../main/core/types'
import { keys, useSettings, useSettingsMutation } from '../../api/queries'

/**
 * Settings change on screen at once and reach the library a moment later, merged:
 * dragging the size slider is one write, not forty.
 */
export function useReaderSettings() {
  const query = useSettings()
  const qc = useQueryClient()
  const { mutate } = useSettingsMutation()
  const pending = useRef<Partial<Settings>>({})
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    const patch = pending.current
    pending.current = {}
    if (Object.keys(patch).length > 0) mutate(patch)
  }, [mutate])

  const update = useCallback(
    (patch: Partial<Settings>, { settle = 0 }: { settle?: number } = {}) => {
      qc.setQueryData<Settings>(keys.settings, (old) => (old ? { ...old, ...patch } : old))
      pending.current = { ...pending.current, ...patch }
      clearTimeout(timer.current)
      timer.current = setTimeout(flush, settle)
    },
    [qc, flush],
  )

  useEffect(() => flush, [flush])

  return { settings: query.data, update, flush }
}

/** Theme and typography live on <html>, where every stylesheet can read them. */
export function useApplySettings(settings: Settings | undefined): void {
  useEffect(() => {
    if (!settings) return
    const root = document.documentElement
    root.dataset.theme = settings.theme
    root.dataset.font = settings.fontFamily
    root.style.setProperty('--reader-size', `${settings.fontSize}px`)
    root.style.setProperty('--reader-measure', `${settings.lineWidth}px`)
  }, [settings])
}
