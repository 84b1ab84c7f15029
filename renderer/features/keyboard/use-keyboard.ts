// The one keydown listener of the app. Components never listen for shortcuts
// themselves: they expose actions, and this maps keys to them.
import { useEffect, useRef } from 'react'
import { actionFor, type Action } from './shortcuts'

/** Return false when the action did not apply, so the key keeps its usual meaning. */
export type Runner = (action: Action) => boolean | void

const isEditable = (el: Element | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))

/** Elements on which Enter and Space already mean "press me". */
const isActivatable = (el: Element | null) =>
  el instanceof HTMLElement && (isEditable(el) || /^(BUTTON|A|SUMMARY)$/.test(el.tagName) || el.getAttribute('role') === 'button')

const listKeys: Record<string, Action> = { ArrowDown: 'next', ArrowUp: 'previous', Home: 'first', End: 'last' }

export function useKeyboard(run: Runner): void {
  const latest = useRef(run)
  latest.current = run

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return
      // A modal dialog owns the keyboard; it closes itself on Esc.
      if (document.querySelector('dialog[open]')) return
      const target = e.target instanceof Element ? e.target : null

      // In the article list the arrow, Home and End keys move the selection, as in any listbox.
      const listKey = listKeys[e.key]
      if (listKey && !e.shiftKey && target?.getAttribute('role') === 'listbox') {
        e.preventDefault()
        latest.current(listKey)
        return
      }

      const action = actionFor(e)
      if (!action) return
      if (action === 'close') {
        if (latest.current('close') !== false) e.preventDefault()
        return
      }
      if (isEditable(target)) return
      const activationKey = e.key === 'Enter' || e.key === ' '
      if (activationKey && isActivatable(target)) return
      if (latest.current(action) !== false) e.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
