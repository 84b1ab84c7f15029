// The Electron preload: exposes window.offprint with contextBridge. It forwards only
// the channels and events named in the contract, never a generic ipcRenderer, and
// strips the IPC event from listeners (Electron security checklist, item 20).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { channelNames } from '../common/contract'
import { eventNames, type RawBridge, type Result } from '../common/bridge'

const channels = new Set<string>(channelNames)
const events = new Set<string>(eventNames)

const bridge: RawBridge = {
  invoke(channel, input) {
    if (!channels.has(channel)) {
      return Promise.resolve({ ok: false, code: 'unknown_channel', message: `Unknown channel: ${channel}` })
    }
    return ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>
  },
  on(event, listener) {
    if (!events.has(event)) throw new Error(`Unknown event: ${event}`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(`event:${event}`, wrapped)
    return () => {
      ipcRenderer.removeListener(`event:${event}`, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('offprint', bridge)
