// Reading settings: the popover, and applying them to the page.
export { SettingsPopover } from './SettingsPopover'
export { THEME_KEY, useApplySettings, useReaderSettings } from './use-reader-settings'
