// Search as the list pane's other mode: its state, its box, its results as a pager.
export { Highlight } from './highlight'
export { SearchBox, SearchFilters } from './SearchBox'
export { SearchEmpty } from './SearchEmpty'
export { searchTitle, useSearch, type SearchState } from './use-search'
export { isSearchRow, useSearchPager } from './use-search-pager'
