import { useEffect, useId, useRef } from 'react'
import type { Settings } from '../../../common/model'
import { Icon } from '../../components/Icon'
import './settings.css'

interface Props {
  open: boolean
  onOpenChange: (open: boolean) => void
  settings: Settings | undefined
  update: (patch: Partial<Settings>, options?: { settle?: number }) => void
}

const themes: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Auto' },
  { value: 'light', label: 'Light' },
  { value: 'sepia', label: 'Sepia' },
  { value: 'dark', label: 'Dark' },
]

const SIZE = { min: 14, max: 26 }
const WIDTH = { min: 480, max: 960, step: 20 }

export function SettingsPopover({ open, onOpenChange, settings, update }: Props) {
  const wrapper = useRef<HTMLDivElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const panelId = useId()

  // Light dismiss: a press anywhere else closes it, like a native popover.
  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) onOpenChange(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open, onOpenChange])

  // Focus moves into the panel on open and back to the button on close.
  const wasOpen = useRef(open)
  useEffect(() => {
    if (open) wrapper.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus()
    else if (wasOpen.current && wrapper.current?.contains(document.activeElement ?? null)) trigger.current?.focus()
    else if (wasOpen.current && document.activeElement === document.body) trigger.current?.focus()
    wasOpen.current = open
  }, [open])

  return (
    <div className="settings-anchor" ref={wrapper}>
      <button
        ref={trigger}
        type="button"
        className={`tool-button${open ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        onClick={() => onOpenChange(!open)}
        title="Reading settings"
      >
        <Icon name="type" />
        <span className="visually-hidden">Reading settings</span>
      </button>
      {open && settings ? (
        <div className="settings-popover" id={panelId} role="dialog" aria-label="Reading settings">
          <fieldset className="settings-group">
            <legend>Theme</legend>
            <div className="theme-choices">
              {themes.map((t) => (
                <label key={t.value} className={`theme-choice theme-choice-${t.value}`}>
                  <input
                    type="radio"
                    name="theme"
                    value={t.value}
                    checked={settings.theme === t.value}
                    onChange={() => update({ theme: t.value })}
                  />
                  <span className="theme-swatch" aria-hidden="true" />
                  <span className="theme-name">{t.label}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="settings-group">
            <legend>Typeface</legend>
            <div className="segmented">
              <label className="segment font-serif">
                <input type="radio" name="font" checked={settings.fontFamily === 'serif'} onChange={() => update({ fontFamily: 'serif' })} />
                <span>Serif</span>
              </label>
              <label className="segment font-sans">
                <input type="radio" name="font" checked={settings.fontFamily === 'sans'} onChange={() => update({ fontFamily: 'sans' })} />
                <span>Sans</span>
              </label>
            </div>
          </fieldset>

          <div className="settings-group">
            <label className="range-label" htmlFor={`${panelId}-size`}>
              <span>Text size</span>
              <output htmlFor={`${panelId}-size`}>{settings.fontSize} px</output>
            </label>
            <div className="range-row">
              <span className="range-end small" aria-hidden="true">
                A
              </span>
              <input
                id={`${panelId}-size`}
                type="range"
                min={SIZE.min}
                max={SIZE.max}
                step={1}
                value={settings.fontSize}
                onChange={(e) => update({ fontSize: Number(e.target.value) }, { settle: 300 })}
              />
              <span className="range-end large" aria-hidden="true">
                A
              </span>
            </div>
          </div>

          <div className="settings-group">
            <label className="range-label" htmlFor={`${panelId}-width`}>
              <span>Line width</span>
              <output htmlFor={`${panelId}-width`}>{settings.lineWidth} px</output>
            </label>
            <div className="range-row">
              <span className="range-end" aria-hidden="true">
                Narrow
              </span>
              <input
                id={`${panelId}-width`}
                type="range"
                min={WIDTH.min}
                max={WIDTH.max}
                step={WIDTH.step}
                value={settings.lineWidth}
                onChange={(e) => update({ lineWidth: Number(e.target.value) }, { settle: 300 })}
              />
              <span className="range-end" aria-hidden="true">
                Wide
              </span>
            </div>
          </div>

          <label className="check-row">
            <input type="checkbox" checked={settings.markReadOnOpen} onChange={(e) => update({ markReadOnOpen: e.target.checked })} />
            <span>Mark articles as read when opened</span>
          </label>
        </div>
      ) : null}
    </div>
  )
}
