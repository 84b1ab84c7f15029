// The only place that calls ipcMain.handle: one handler per contract channel, each
// checking that the message comes from our own window's top frame on our origin
// before the dispatcher validates its input against the channel's schema.
import { channelNames } from '../../common/contract'
import type { Result } from '../../common/bridge'
import type { Dispatch } from '../core/bridge/dispatch'
import { isAppUrl } from './security'

export interface InvokeEvent {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<Result<unknown>>): void
  removeHandler(channel: string): void
}

/** Trusted: a window this app created, its top frame, showing the app's own origin. */
export function isTrustedSender(event: InvokeEvent, windowIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame
  return !!frame && frame.parent === null && isAppUrl(frame.url) && windowIds.has(event.sender.id)
}

export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, windowIds: ReadonlySet<number>): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedSender(event, windowIds)) {
        return { ok: false, code: 'forbidden', message: 'This window may not use Offprint’s bridge.' }
      }
      return dispatch(channel, input)
    })
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel)
  }
}
