// Refreshing feeds: the state of a refresh and the controls that show it.
export { RefreshButton, RefreshStatus } from './RefreshControls'
export { useRefresh, type RefreshState } from './use-refresh'
