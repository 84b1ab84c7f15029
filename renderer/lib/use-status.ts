import { useCallback, useEffect, useRef, useState } from 'react'

/** A short message for the toast and for screen readers (the same live region). */
export function useStatus(): [string, (message: string) => void] {
  const [message, setMessage] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const announce = useCallback((text: string) => {
    clearTimeout(timer.current)
    setMessage(text)
    timer.current = setTimeout(() => setMessage(''), 2500)
  }, [])
  useEffect(() => () => clearTimeout(timer.current), [])
  return [message, announce]
}
