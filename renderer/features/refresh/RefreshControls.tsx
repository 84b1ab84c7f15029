import { Icon } from '../../components/Icon'
import { OFFLINE_HINT, type RefreshState } from './use-refresh'
import './refresh.css'

/** The toolbar button. Offline it stays focusable (aria-disabled) so its tooltip says why. */
export function RefreshButton({ refresh }: { refresh: RefreshState }) {
  const unavailable = !refresh.online || refresh.running
  const label = refresh.running ? 'Refreshing…' : 'Refresh all feeds'
  return (
    <button
      type="button"
      className={`tool-button refresh-button${refresh.running ? ' is-running' : ''}`}
      aria-disabled={unavailable || undefined}
      aria-keyshortcuts="r"
      title={refresh.online ? `${label} (r)` : OFFLINE_HINT}
      onClick={() => {
        if (!unavailable || !refresh.online) refresh.start()
      }}
    >
      <Icon name="refresh" />
      <span className="visually-hidden">{refresh.online ? label : 'Refresh all feeds (unavailable offline)'}</span>
    </button>
  )
}

/** A progress bar while feeds refresh, and a calm note while offline. */
export function RefreshStatus({ refresh }: { refresh: RefreshState }) {
  const { progress } = refresh
  return (
    <>
      {refresh.running ? (
        <div className="refresh-status">
          <p className="refresh-progress" id="refresh-progress-label">
            {progress && progress.total > 0 ? `Refreshing ${progress.done} of ${progress.total}…` : 'Refreshing…'}
          </p>
          <div
            className={`progress-track${progress && progress.total > 0 ? '' : ' is-indeterminate'}`}
            role="progressbar"
            aria-labelledby="refresh-progress-label"
            aria-valuemin={0}
            aria-valuemax={progress?.total || undefined}
            aria-valuenow={progress && progress.total > 0 ? progress.done : undefined}
          >
            <div className="progress-fill" style={progress && progress.total > 0 ? { width: `${(100 * progress.done) / progress.total}%` } : undefined} />
          </div>
        </div>
      ) : null}
      {!refresh.online ? (
        <p className="offline-badge" role="status" title={OFFLINE_HINT}>
          <Icon name="offline" size={15} />
          <span>Offline — your library is all here</span>
        </p>
      ) : null}
    </>
  )
}
