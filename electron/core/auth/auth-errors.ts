import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors/app-error'

interface MsalLikeError {
  readonly name?: unknown
  readonly errorCode?: unknown
  readonly errorMessage?: unknown
  readonly message?: unknown
}

const NETWORK_CODES = new Set([
  'network_error',
  'endpoints_resolution_error',
  'openid_config_error',
  'post_request_failed',
  'get_request_failed',
])

/** A short, secret-free description of an msal or identity error for logs. */
export function describeAuthError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const e = error as MsalLikeError
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const code = typeof e.errorCode === 'string' ? `${e.errorCode}: ` : ''
  const text =
    typeof e.errorMessage === 'string' && e.errorMessage !== ''
      ? e.errorMessage
      : typeof e.message === 'string'
        ? e.message
        : ''
  return `${name}: ${code}${text}`.slice(0, 1000)
}

/**
 * Codes that, on a silent call, mean the person has to sign in again. msal raises
 * InteractionRequiredAuthError for some; Entra answers an expired or revoked refresh token
 * with `invalid_grant` (AADSTS70043, 700082, 50173…), which msal passes on as a ServerError.
 */
const SIGN_IN_AGAIN_CODES = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'bad_token',
  'no_tokens_found',
  'refresh_token_expired',
  'native_account_unavailable',
  'ui_not_allowed',
  'interrupted_user',
])

/** True for errors of a silent call that only the person can fix by signing in again. */
export function isInteractionRequired(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as MsalLikeError
  if (e.name === 'InteractionRequiredAuthError') return true
  return typeof e.errorCode === 'string' && SIGN_IN_AGAIN_CODES.has(e.errorCode)
}

/**
 * Turns an msal (or identity) failure into an AppError with a user-facing code.
 *
 * `fallback` is the code for anything that is neither a network problem nor an
 * interaction-required error; `silent` treats a refused refresh token as "sign in again".
 */
export function toAuthAppError(
  error: unknown,
  fallback: AppErrorCode,
  context: 'interactive' | 'silent' = 'interactive',
): AppError {
  if (isAppError(error)) return error
  const detail = describeAuthError(error)
  const interactionRequired =
    (error as MsalLikeError | null)?.name === 'InteractionRequiredAuthError' ||
    (context === 'silent' && isInteractionRequired(error))
  if (interactionRequired) {
    return new AppError('auth/sign-in-required', detail, { cause: error })
  }
  const code = (error as MsalLikeError | null)?.errorCode
  // The person pressed Cancel (or declined consent) on the identity provider's page.
  if (code === 'access_denied') return new AppError('auth/cancelled', detail, { cause: error })
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new AppError('auth/network', detail, { cause: error, retryable: true })
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|fetch failed/i.test(detail)) {
    return new AppError('auth/network', detail, { cause: error, retryable: true })
  }
  return new AppError(fallback, detail, { cause: error })
}
