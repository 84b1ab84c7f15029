import { Icon } from '../../components/Icon'
import type { SearchFilter, SearchState } from './use-search'
import './search.css'

/** The search field at the top of the list. "/" focuses it; Esc clears it (see shortcuts.ts). */
export function SearchBox({ search, onSubmit }: { search: SearchState; onSubmit: () => void }) {
  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit()
      }}
    >
      <Icon name="search" size={15} />
      <input
        ref={search.inputRef}
        type="search"
        className="search-input"
        aria-label="Search articles"
        aria-keyshortcuts="/"
        placeholder="Search"
        value={search.text}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => search.setText(e.target.value)}
      />
      {search.text ? (
        <button
          type="button"
          className="search-clear"
          onClick={() => {
            search.clear()
            search.inputRef.current?.focus()
          }}
        >
          <Icon name="close" size={13} />
          <span className="visually-hidden">Clear search</span>
        </button>
      ) : (
        <kbd className="kbd search-hint" aria-hidden="true">
          /
        </kbd>
      )}
    </form>
  )
}

const filters: { value: SearchFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'starred', label: 'Starred' },
  { value: 'notes', label: 'With notes' },
]

export function SearchFilters({ search }: { search: SearchState }) {
  return (
    <div className="search-filters">
      <div className="segmented compact" role="group" aria-label="Show results">
        {filters.map((f) => (
          <button key={f.value} type="button" className="segment-button" aria-pressed={search.filter === f.value} onClick={() => search.setFilter(f.value)}>
            {f.label}
          </button>
        ))}
      </div>
      {search.scopeName ? (
        <button
          type="button"
          className={`scope-chip${search.scoped ? ' is-on' : ''}`}
          aria-pressed={search.scoped}
          onClick={() => search.setScoped(!search.scoped)}
          title={search.scoped ? 'Search the whole library' : `Search only ${search.scopeName}`}
        >
          Only {search.scopeName}
        </button>
      ) : null}
    </div>
  )
}
