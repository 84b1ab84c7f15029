// The app itself: notices for the user and opening addresses outside.
import type { appChannels, Handlers } from '../../../../common/contract'
import { InvalidInputError } from '../../base/errors'
import { externalUrl } from '../../base/url'
import type { HandlerDeps } from './deps'

export function appHandlers({ library: lib, openExternal }: HandlerDeps): Pick<Handlers, keyof typeof appChannels> {
  return {
    async 'app:notices'() {
      return lib.notices()
    },
    async 'app:dismissNotice'({ id }) {
      await lib.dismissNotice(id)
      return { ok: true as const }
    },
    async 'app:openExternal'({ url }) {
      const safe = externalUrl(url)
      if (!safe) throw new InvalidInputError('Only web addresses can be opened in the browser.')
      return { opened: await openExternal(safe) }
    },
  }
}
