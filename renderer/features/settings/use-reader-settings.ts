import { useCallback, useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { Settings } from '../../../common/model'
import { keys, useSettings, useSettingsMutation } from '../../api/queries'

/**
 * Settings change on screen at once and reach the library a moment later, merged:
 * dragging the size slider is one write, not forty. The draft is React state because
 * the query cache tells its subscribers a tick later, and React would meanwhile put a
 * controlled radio or slider back to its old value.
 */
export function useReaderSettings() {
  const query = useSettings()
  const qc = useQueryClient()
  const { mutate } = useSettingsMutation()
  const [draft, setDraft] = useState<Settings | undefined>(undefined)
  const pending = useRef<Partial<Settings>>({})
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // Once the cache has caught up, it is the truth again (and may change from elsewhere).
  useEffect(() => {
    if (draft && query.data && sameSettings(draft, query.data)) setDraft(undefined)
  }, [draft, query.data])

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    const patch = pending.current
    pending.current = {}
    if (Object.keys(patch).length > 0) mutate(patch)
  }, [mutate])

  const update = useCallback(
    (patch: Partial<Settings>, { settle = 0 }: { settle?: number } = {}) => {
      setDraft((old) => {
        const base = old ?? qc.getQueryData<Settings>(keys.settings)
        return base ? { ...base, ...patch } : base
      })
      qc.setQueryData<Settings>(keys.settings, (old) => (old ? { ...old, ...patch } : old))
      pending.current = { ...pending.current, ...patch }
      clearTimeout(timer.current)
      timer.current = setTimeout(flush, settle)
    },
    [qc, flush],
  )

  useEffect(() => flush, [flush])

  return { settings: draft ?? query.data, update, flush }
}

const sameSettings = (a: Settings, b: Settings) =>
  (Object.keys(a) as (keyof Settings)[]).every((k) => a[k] === b[k])

export const THEME_KEY = 'offprint.theme'

/** Theme and typography live on <html>, where every stylesheet can read them. */
export function useApplySettings(settings: Settings | undefined): void {
  useEffect(() => {
    if (!settings) return
    const root = document.documentElement
    root.dataset.theme = settings.theme
    root.dataset.font = settings.fontFamily
    root.style.setProperty('--reader-size', `${settings.fontSize}px`)
    root.style.setProperty('--reader-measure', `${settings.lineWidth}px`)
    try {
      localStorage.setItem(THEME_KEY, settings.theme)
    } catch {
      // Only the first paint of the next start depends on it.
    }
  }, [settings])
}
