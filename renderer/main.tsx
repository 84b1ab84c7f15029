import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { BridgeError } from '../preload/contract'
import { connect, ConnectionContext } from './api/bridge'
import { App } from './App'
import './styles/tokens.css'
import './styles/base.css'

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
