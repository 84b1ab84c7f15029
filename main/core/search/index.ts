// Full-text search and related articles over the library, in plain Node.
// See docs/decisions-search.md for why it is built this way.
import { SearchEngine } from './engine'

export { SearchEngine }
/** The library's factory (LibraryOptions.search): the engine for an index directory. */
export const openSearchPort = (dir: string): Promise<SearchEngine> => SearchEngine.open(dir)
export type { SearchOptions } from './searcher'
export type { RelatedOptions } from './related'
export type { SearchDoc, SearchFilters, SearchHit, SearchResult, RelatedResult } from './types'
