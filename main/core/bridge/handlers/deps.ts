// What every domain's handlers are made from.
import type { Library } from '../../library/library'
import type { IngestService } from '../../ingest/service'

export interface HandlerDeps {
  library: Library
  ingest: IngestService
  /**
   * Opens an address in the system browser (Electron: shell.openExternal).
   * Returns false where the renderer should open it itself (browser mode: a new tab).
   */
  openExternal: (url: string) => Promise<boolean>
}
