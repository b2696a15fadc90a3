import type { AppErrorData } from '../../../shared/errors/app-error'
import type { Result } from '../../../shared/util/result'

/** A value fetched from the main side, with what went wrong if it could not be. */
export interface RequestState<T> {
  readonly status: 'loading' | 'ready' | 'failed'
  /** The last good value; kept when a later reload fails. */
  readonly value: T | null
  readonly error: AppErrorData | null
}

export function initialRequest<T>(): RequestState<T> {
  return { status: 'loading', value: null, error: null }
}

/** Folds an answer into the state: a success replaces, a failure keeps the last good value. */
export function settleRequest<T>(state: RequestState<T>, result: Result<T>): RequestState<T> {
  if (result.ok) return { status: 'ready', value: result.value, error: null }
  return {
    status: state.value === null ? 'failed' : 'ready',
    value: state.value,
    error: result.error,
  }
}
