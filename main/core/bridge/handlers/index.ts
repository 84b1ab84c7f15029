// The bridge's handlers over the core, one file per domain (as common/contract
// declares the channels): adding a channel touches its domain's contract file and
// its domain's handler file. Each domain returns exactly its channels' handlers;
// together they must be every channel, or this file does not compile.
import type { Handlers } from '../../../../common/contract'
import { appHandlers } from './app'
import { articleHandlers } from './articles'
import type { HandlerDeps } from './deps'
import { feedHandlers } from './feeds'
import { libraryHandlers } from './library'
import { noteHandlers } from './notes'
import { searchHandlers } from './search'
import { settingsHandlers } from './settings'

export type { HandlerDeps } from './deps'

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...libraryHandlers(deps),
    ...articleHandlers(deps),
    ...settingsHandlers(deps),
    ...feedHandlers(deps),
    ...searchHandlers(deps),
    ...noteHandlers(deps),
    ...appHandlers(deps),
  }
}
