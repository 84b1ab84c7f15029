import { EmptyState } from '../../components/EmptyState'
import { Kbd } from '../../components/Kbd'

export function ReaderEmpty({ libraryEmpty }: { libraryEmpty: boolean }) {
  if (libraryEmpty) return <div className="reader-empty" />
  return (
    <div className="reader-empty">
      <EmptyState icon="book" title="Pick an article to read">
        <p>
          Choose one from the list, or press <Kbd>j</Kbd> to start at the top and <Kbd>n</Kbd> to jump to the next unread.
        </p>
        <p>
          Press <Kbd>?</Kbd> for every keyboard shortcut.
        </p>
      </EmptyState>
    </div>
  )
}
