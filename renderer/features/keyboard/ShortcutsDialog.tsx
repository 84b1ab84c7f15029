import { Dialog } from '../../components/Dialog'
import { shortcuts, type Shortcut } from './shortcuts'
import './shortcuts.css'

const groups: Shortcut['group'][] = ['Navigate', 'Article', 'Library', 'App']

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} lightDismiss className="shortcuts-dialog">
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
        In the article list, <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd> <kbd className="kbd">Home</kbd> <kbd className="kbd">End</kbd> move
        the selection too. In the sidebar, <kbd className="kbd">Shift</kbd> <kbd className="kbd">F10</kbd> or the menu key opens a feed’s or
        folder’s actions, as does its <span aria-hidden="true">“…”</span> button.
      </p>
    </Dialog>
  )
}
