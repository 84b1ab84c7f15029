// A short message at the bottom of the window, with Undo after a delete. The Undo
// button takes focus so a keyboard user can take the delete back at once; the toast
// stays while it has focus or the pointer, and Esc dismisses it.
import { useEffect, useRef, useState } from 'react'
import { dismissToast, useNotesUi } from './notes-ui'
import { errorMessage } from './errors'

const SHOW_MS = 7000

export function NotesToast() {
  const toast = useNotesUi((s) => s.toast)
  const [held, setHeld] = useState(false)
  const [error, setError] = useState('')
  const undoRef = useRef<HTMLButtonElement>(null)
  const returnFocus = useRef<Element | null>(null)

  useEffect(() => {
    setError('')
    if (!toast?.undo) return
    returnFocus.current = document.activeElement
    undoRef.current?.focus()
  }, [toast])

  useEffect(() => {
    if (!toast || held) return
    const t = setTimeout(() => dismissToast(toast.key), SHOW_MS)
    return () => clearTimeout(t)
  }, [toast, held])

  if (!toast) return <div className="notes-toast-region" role="status" aria-live="polite" />

  const undo = async () => {
    try {
      await toast.undo?.()
      dismissToast(toast.key)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <div className="notes-toast-region" role="status" aria-live="polite">
      <div
        className="notes-toast"
        onPointerEnter={() => setHeld(true)}
        onPointerLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={() => setHeld(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            dismissToast(toast.key)
            const back = returnFocus.current
            if (back instanceof HTMLElement && back.isConnected) back.focus()
          }
        }}
      >
        <span>{error || toast.message}</span>
        {toast.undo ? (
          <button type="button" ref={undoRef} className="notes-toast-undo" onClick={() => void undo()}>
            Undo
          </button>
        ) : null}
      </div>
    </div>
  )
}
