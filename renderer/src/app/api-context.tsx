import { createContext, use, useSyncExternalStore, type ReactNode } from 'react'
import type { LogDropApi } from '../../../shared/ipc/contract'
import type { ApiConnection, TransportKind } from '../lib/api'
import type { ConnectionState } from '../lib/connection-state'

const ApiContext = createContext<ApiConnection | null>(null)

/** Hands the one connection to the main side down the tree. */
export function ApiProvider({
  connection,
  children,
}: {
  readonly connection: ApiConnection
  readonly children: ReactNode
}) {
  return <ApiContext value={connection}>{children}</ApiContext>
}

function useConnection(): ApiConnection {
  const connection = use(ApiContext)
  if (connection === null) throw new Error('useApi() needs an <ApiProvider> above it')
  return connection
}

/** The typed API, for feature hooks (components call hooks, never the API directly). */
export function useApi(): LogDropApi {
  return useConnection().api
}

/** Which transport carries requests. */
export function useTransport(): TransportKind {
  return useConnection().transport
}

/** The link's state; re-renders on every change. */
export function useConnectionState(): ConnectionState {
  const connection = useConnection()
  return useSyncExternalStore(connection.subscribe, connection.getState)
}

/**
 * The generation of the open link, or null while it is down.
 *
 * Effects that load data depend on it: they run once the link is open and again after each
 * reconnect, when the main side may have changed while we were away.
 */
export function useOpenGeneration(): number | null {
  const state = useConnectionState()
  return state.status === 'open' ? state.generation : null
}

/** Asks the transport to reconnect now. */
export function useRetryConnection(): () => void {
  return useConnection().retryNow
}
