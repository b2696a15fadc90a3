/** Where the link to the main side stands. */
export type ConnectionStatus =
  /** The first attempt is in flight. */
  | 'connecting'
  | 'open'
  /** The link failed or dropped; an attempt is scheduled or in flight. */
  | 'reconnecting'
  /** Gave up retrying; only a reload (or a manual retry) helps. */
  | 'closed'

/** The connection as the UI sees it; a new object on every change (for useSyncExternalStore). */
export interface ConnectionState {
  readonly status: ConnectionStatus
  /** Failed attempts since the link was last open. */
  readonly failedAttempts: number
  /** How many times a link has opened; data hooks reload when it grows (after a reconnect). */
  readonly generation: number
  /** When the next attempt starts (epoch ms), while one is scheduled. */
  readonly retryAt: number | null
}

export type ConnectionAction =
  | { readonly type: 'attempt-started' }
  | { readonly type: 'opened' }
  /** An attempt failed or an open link dropped; `retryAt` null means no more attempts. */
  | { readonly type: 'failed'; readonly retryAt: number | null }

export const INITIAL_CONNECTION: ConnectionState = {
  status: 'connecting',
  failedAttempts: 0,
  generation: 0,
  retryAt: null,
}

/** The state of a transport that cannot drop (Electron's IPC). */
export const ALWAYS_OPEN: ConnectionState = {
  status: 'open',
  failedAttempts: 0,
  generation: 1,
  retryAt: null,
}

/** Pure transition function of the socket client's connection. */
export function connectionReducer(
  state: ConnectionState,
  action: ConnectionAction,
): ConnectionState {
  switch (action.type) {
    case 'attempt-started':
      return {
        ...state,
        status:
          state.generation === 0 && state.failedAttempts === 0 ? 'connecting' : 'reconnecting',
        retryAt: null,
      }
    case 'opened':
      return { status: 'open', failedAttempts: 0, generation: state.generation + 1, retryAt: null }
    case 'failed':
      return {
        ...state,
        status: action.retryAt === null ? 'closed' : 'reconnecting',
        failedAttempts: state.failedAttempts + 1,
        retryAt: action.retryAt,
      }
  }
}

/** True when requests cannot reach the main side and the user should be told. */
export function isOffline(state: ConnectionState): boolean {
  return state.status === 'reconnecting' || state.status === 'closed'
}

/** What the UI says about reconnecting, from the state alone. */
export function describeReconnect(state: ConnectionState): string {
  switch (state.status) {
    case 'closed':
      return 'LogDrop stopped trying to reconnect.'
    case 'reconnecting':
      return state.retryAt === null
        ? 'Reconnecting…'
        : `Trying again automatically (attempt ${state.failedAttempts + 1}).`
    case 'connecting':
      return 'Connecting…'
    case 'open':
      return 'Connected.'
  }
}

/** A short label for the header's status area. */
export function connectionLabel(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'Connecting…'
    case 'open':
      return 'Connected'
    case 'reconnecting':
      return 'Reconnecting…'
    case 'closed':
      return 'Disconnected'
  }
}
