import type { AppErrorData } from '../errors/app-error'

/**
 * The outcome of every request that crosses a process boundary.
 *
 * Nothing is thrown across IPC or the browser host's socket: Electron would keep only the
 * message, so failures travel as data with a code and a user-facing message.
 */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorData }

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Wraps error data as a failed result. */
export function err<T = never>(error: AppErrorData): Result<T> {
  return { ok: false, error }
}
