import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors/app-error'

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

interface RestErrorLike {
  readonly statusCode?: unknown
  readonly code?: unknown
  readonly message?: unknown
}

/**
 * Turns an ARM SDK failure (a RestError) into an AppError a person can act on.
 *
 * Sign-in errors from the credential (AppError `auth/*`) pass through unchanged; `notFound` is
 * the code for a 404 in this context.
 */
export function toArmAppError(
  error: unknown,
  notFound: AppErrorCode = 'target/arm-failed',
): AppError {
  if (isAppError(error)) return error
  const e = (typeof error === 'object' && error !== null ? error : {}) as RestErrorLike
  const status = typeof e.statusCode === 'number' ? e.statusCode : null
  const code = typeof e.code === 'string' ? e.code : null
  const message = typeof e.message === 'string' ? e.message : String(error)
  const detail = `ARM ${status ?? '-'} ${code ?? '-'}: ${message}`.slice(0, 1000)
  const options = { cause: error }
  if (status === 401) return new AppError('target/arm-unauthorized', detail, options)
  if (status === 403) return new AppError('target/arm-forbidden', detail, options)
  if (status === 404) return new AppError(notFound, detail, options)
  if (status === null && code !== null && UNREACHABLE_CODES.has(code)) {
    return new AppError('target/arm-unreachable', detail, { ...options, retryable: true })
  }
  return new AppError('target/arm-failed', detail, {
    ...options,
    retryable: status === null || status >= 500 || status === 429,
  })
}
