import { EmptyState } from '../../components/EmptyState'
import type { SearchState } from './use-search'

const filterNames = { all: '', unread: 'unread ', starred: 'starred ', notes: 'annotated ' } as const

export function SearchEmpty({ search }: { search: SearchState }) {
  const narrowed = search.filter !== 'all' || (search.scoped && search.scopeName)
  return (
    <EmptyState icon="search" title={`No ${filterNames[search.filter]}articles match “${search.query}”`}>
      <p>
        Words of five letters or more forgive one typo; put a phrase in quotes to find it exactly, and use -word to leave a word out.
      </p>
      {narrowed ? (
        <p>
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              search.setFilter('all')
              search.setScoped(false)
            }}
          >
            Search all articles
          </button>
        </p>
      ) : null}
    </EmptyState>
  )
}
