// The one keydown listener of the app. Components never listen for shortcuts
// themselves: features bind commands (lib/command-registry.ts), and this maps keys to them.
import { useEffect } from 'react'
import { commandForKey, commandForListKey, runCommand } from '../../lib/command-registry'

const isEditable = (el: Element | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))

/** Elements on which Enter and Space already mean "press me". */
const isActivatable = (el: Element | null) =>
  el instanceof HTMLElement && (isEditable(el) || /^(BUTTON|A|SUMMARY)$/.test(el.tagName) || el.getAttribute('role') === 'button')

export function useKeyboard(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return
      // A modal dialog owns the keyboard; it closes itself on Esc.
      if (document.querySelector('dialog[open]')) return
      const target = e.target instanceof Element ? e.target : null

      // In the article list the arrow, Home and End keys move the selection, as in any listbox.
      const listCommand = target?.getAttribute('role') === 'listbox' ? commandForListKey(e) : undefined
      if (listCommand) {
        e.preventDefault()
        runCommand(listCommand.id)
        return
      }

      const command = commandForKey(e)
      if (!command) return
      if (!command.whileTyping) {
        if (isEditable(target)) return
        const activationKey = e.key === 'Enter' || e.key === ' '
        if (activationKey && isActivatable(target)) return
      }
      if (runCommand(command.id) !== false) e.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
