import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { PingReply } from '../../../../shared/models/app-info'
import type { Result } from '../../../../shared/util/result'

/** The "Test connection" round trip on the Diagnostics screen. */
export interface PingState {
  readonly status: 'idle' | 'pending' | 'done' | 'failed'
  /** Numbers each attempt so a late answer to an earlier click is ignored. */
  readonly attempt: number
  readonly sent: string | null
  readonly startedAt: number | null
  readonly reply: PingReply | null
  readonly roundTripMs: number | null
  readonly error: AppErrorData | null
}

export type PingAction =
  | { readonly type: 'sent'; readonly message: string; readonly at: number }
  | {
      readonly type: 'answered'
      readonly attempt: number
      readonly result: Result<PingReply>
      readonly at: number
    }

export const INITIAL_PING: PingState = {
  status: 'idle',
  attempt: 0,
  sent: null,
  startedAt: null,
  reply: null,
  roundTripMs: null,
  error: null,
}

export function pingReducer(state: PingState, action: PingAction): PingState {
  switch (action.type) {
    case 'sent':
      return {
        ...INITIAL_PING,
        status: 'pending',
        attempt: state.attempt + 1,
        sent: action.message,
        startedAt: action.at,
      }
    case 'answered': {
      if (action.attempt !== state.attempt || state.status !== 'pending') return state
      const roundTripMs = Math.max(0, Math.round(action.at - (state.startedAt ?? action.at)))
      return action.result.ok
        ? { ...state, status: 'done', reply: action.result.value, roundTripMs }
        : { ...state, status: 'failed', error: action.result.error, roundTripMs }
    }
  }
}

/** One line saying how the round trip went, for the result area and screen readers. */
export function describePing(state: PingState): string {
  switch (state.status) {
    case 'idle':
      return 'Not tested yet.'
    case 'pending':
      return 'Waiting for the answer…'
    case 'done':
      return state.reply?.message === state.sent
        ? `Round trip OK in ${state.roundTripMs} ms: the service echoed "${state.reply?.message}" at ${state.reply?.receivedAt}.`
        : `The service answered in ${state.roundTripMs} ms, but echoed "${state.reply?.message}" instead of "${state.sent}".`
    case 'failed':
      return `The test failed after ${state.roundTripMs} ms.`
  }
}
