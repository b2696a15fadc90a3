import { BRIDGE_GLOBAL } from '../../../shared/ipc/bridge'
import type { LogDropApi } from '../../../shared/ipc/contract'
import type { Result } from '../../../shared/util/result'
import { createBridgeApi, isPreloadBridge } from './bridge-api'
import { ALWAYS_OPEN, type ConnectionState } from './connection-state'
import { SocketClient, type SocketFactory } from './socket-client'
import { socketUrlFor } from './socket-url'

export type { LogDropApi } from '../../../shared/ipc/contract'

/** Which way requests travel: Electron's preload bridge or the browser host's socket. */
export type TransportKind = 'bridge' | 'socket'

/**
 * The renderer's single handle on the main side: the typed API plus the link's state.
 *
 * Created once at start-up and handed to React through ApiProvider; components reach it only
 * through feature hooks.
 */
export interface ApiConnection {
  readonly api: LogDropApi
  readonly transport: TransportKind
  getState(): ConnectionState
  /** Shape fits useSyncExternalStore. */
  subscribe(listener: () => void): () => void
  /** Try to reconnect now instead of waiting (no-op for the bridge). */
  retryNow(): void
  dispose(): void
}

/** What start-up needs from the page; a parameter so the choice is testable without a DOM. */
export interface ConnectEnvironment {
  /** `window[BRIDGE_GLOBAL]`, set by the Electron preload, else undefined. */
  readonly bridge: unknown
  /** `document.baseURI`; carries the browser host's secret in its path. */
  readonly baseUri: string
  readonly createSocket: SocketFactory
}

/** Reads the environment of the running page. */
export function pageEnvironment(): ConnectEnvironment {
  return {
    bridge: (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL],
    baseUri: document.baseURI,
    createSocket: (url) => new WebSocket(url),
  }
}

/** Picks the transport: the preload's bridge when present, else the browser host's socket. */
export function connectApi(environment: ConnectEnvironment): ApiConnection {
  if (isPreloadBridge(environment.bridge)) {
    return {
      api: createBridgeApi(environment.bridge),
      transport: 'bridge',
      getState: () => ALWAYS_OPEN,
      subscribe: () => () => undefined,
      retryNow: () => undefined,
      dispose: () => undefined,
    }
  }
  const client = new SocketClient(socketUrlFor(environment.baseUri), environment.createSocket)
  client.start()
  return {
    api: createSocketApi(client),
    transport: 'socket',
    getState: () => client.getState(),
    subscribe: (listener) => client.subscribe(listener),
    retryNow: () => client.retryNow(),
    dispose: () => client.dispose(),
  }
}

/** Types the socket client's untyped calls; the host validates every payload per channel. */
export function createSocketApi(client: SocketClient): LogDropApi {
  return {
    invoke(channel, ...payload) {
      return client.invoke(channel, payload[0]) as Promise<Result<never>>
    },
    on(event, listener) {
      return client.on(event, listener as (payload: unknown) => void)
    },
  }
}
