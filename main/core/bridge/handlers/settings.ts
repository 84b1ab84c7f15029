// The reader's settings.
import type { Handlers, settingsChannels } from '../../../../common/contract'
import type { HandlerDeps } from './deps'

export function settingsHandlers({ library: lib }: HandlerDeps): Pick<Handlers, keyof typeof settingsChannels> {
  return {
    async 'settings:get'() {
      return lib.settings()
    },
    async 'settings:set'(patch) {
      return lib.updateSettings(patch)
    },
  }
}
