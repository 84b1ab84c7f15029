import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { BridgeError } from '../common/bridge'
import { connect, ConnectionContext } from './api/bridge'
import { App } from './App'
import { THEME_KEY } from './features/settings'
import './styles/tokens.css'
import './styles/base.css'

// The last theme, applied before the first paint: settings arrive over the bridge a
// moment later, and a dark-theme reader should not see a white flash meanwhile.
try {
  const theme = localStorage.getItem(THEME_KEY)
  if (theme) document.documentElement.dataset.theme = theme
} catch {
  // Storage may be unavailable (a locked-down profile); the settings still apply.
}

const connection = connect()

// The library is local and tells us when it changes, so nothing goes stale by itself.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        failures < 2 && !(error instanceof BridgeError && ['not_found', 'invalid_input', 'forbidden'].includes(error.code)),
      retryDelay: 300,
    },
  },
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConnectionContext.Provider value={connection}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ConnectionContext.Provider>
  </StrictMode>,
)
