// The sidebar: smart views, feeds and folders (what a source is: lib/source.ts).
export { SourcesPane } from './SourcesPane'
