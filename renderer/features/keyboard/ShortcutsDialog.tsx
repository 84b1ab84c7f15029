import type { CommandGroup } from '../../../common/commands'
import { Dialog } from '../../components/Dialog'
import { commandList } from '../../lib/command-registry'
import './shortcuts.css'

const groups: CommandGroup[] = ['Navigate', 'Article', 'Library', 'App']

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} lightDismiss className="shortcuts-dialog">
      <div className="shortcuts-groups">
        {groups.map((group) => (
          <section key={group} aria-labelledby={`shortcuts-${group}`}>
            <h3 id={`shortcuts-${group}`}>{group}</h3>
            <dl>
              {commandList
                .filter((c) => c.group === group)
                .map((c) => (
                  <div key={c.id} className="shortcut">
                    <dt>
                      {(c.caps ?? c.keys ?? []).map((k) => (
                        <kbd key={k} className="kbd">
                          {k}
                        </kbd>
                      ))}
                    </dt>
                    <dd>{c.label}</dd>
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
