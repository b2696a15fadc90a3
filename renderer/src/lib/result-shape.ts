import { errorData, type AppErrorData } from '../../../shared/errors/app-error'
import { APP_ERROR_CODES } from '../../../shared/errors/messages'
import type { Result } from '../../../shared/util/result'

/**
 * Checks that an answer from the main side is a Result before the UI trusts it.
 *
 * Both transports deliver `unknown`; anything that is not a well-formed Result is a bug on
 * one side, reported as `internal/bug` instead of crashing a component later.
 */
export function toResult(raw: unknown): Result<never> {
  if (typeof raw !== 'object' || raw === null) return malformed('not an object')
  const candidate = raw as { ok?: unknown; value?: unknown; error?: unknown }
  if (candidate.ok === true) return { ok: true, value: candidate.value as never }
  if (candidate.ok === false && isErrorData(candidate.error)) {
    return { ok: false, error: candidate.error }
  }
  return malformed('neither a value nor error data')
}

function isErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false
  const data = value as Record<string, unknown>
  return (
    typeof data.code === 'string' &&
    (APP_ERROR_CODES as readonly string[]).includes(data.code) &&
    typeof data.message === 'string' &&
    typeof data.retryable === 'boolean' &&
    (data.detail === undefined || typeof data.detail === 'string')
  )
}

function malformed(why: string): Result<never> {
  return {
    ok: false,
    error: errorData('internal/bug', `malformed answer from the main side: ${why}`),
  }
}

/** The Result every request gets when the link to the main side is down. */
export function disconnected(detail: string): Result<never> {
  return { ok: false, error: errorData('ipc/disconnected', detail, { retryable: true }) }
}
