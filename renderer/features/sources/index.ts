// The sidebar's sources (smart views, feeds, folders) and what a source means for the list.
export { SourcesPane } from './SourcesPane'
export { isSmart, listParams, sameSource, sourceTitle, type Source } from './source'
