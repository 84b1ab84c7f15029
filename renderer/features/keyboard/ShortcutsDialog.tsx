import { useEffect, useRef } from 'react'
import { Icon } from '../../components/Icon'
import { shortcuts, type Shortcut } from './shortcuts'
import './shortcuts.css'

const groups: Shortcut['group'][] = ['Navigate', 'Article', 'App']

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  return (
    <dialog
      ref={ref}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose()
      }}
    >
      <div className="shortcuts-content">
        <header className="shortcuts-header">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="tool-button" onClick={onClose} autoFocus>
            <Icon name="close" />
            <span className="visually-hidden">Close</span>
          </button>
        </header>
        <div className="shortcuts-groups">
          {groups.map((group) => (
            <section key={group} aria-labelledby={`shortcuts-${group}`}>
              <h3 id={`shortcuts-${group}`}>{group}</h3>
              <dl>
                {shortcuts
                  .filter((s) => s.group === group)
                  .map((s) => (
                    <div key={s.action} className="shortcut">
                      <dt>
                        {s.label.split('  ').map((k) => (
                          <kbd key={k} className="kbd">
                            {k}
                          </kbd>
                        ))}
                      </dt>
                      <dd>{s.description}</dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="shortcuts-note">
          In the article list, <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd> <kbd className="kbd">Home</kbd>{' '}
          <kbd className="kbd">End</kbd> move the selection too.
        </p>
      </div>
    </dialog>
  )
}
