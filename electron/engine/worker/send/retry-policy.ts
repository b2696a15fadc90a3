import type { FailureCause, UploadOptions } from '../../../../shared/models/upload-job'

/** What one HTTP attempt came back with, reduced to what the retry decision needs. */
export type AttemptResult =
  | { readonly kind: 'accepted'; readonly status: number; readonly requestId?: string }
  | {
      readonly kind: 'rejected'
      readonly status: number
      /** From Retry-After and friends (see parseRetryAfter). */
      readonly retryAfterMs?: number
      readonly code?: string
      readonly message: string
      readonly requestId?: string
    }
  | {
      readonly kind: 'network'
      readonly code: string
      readonly message: string
      /** Retrying cannot help (the TLS certificate is not trusted, the host does not exist). */
      readonly permanent?: boolean
    }
  | { readonly kind: 'aborted' }

/** What happened to one request so far. */
export interface RetryState {
  /** Attempts that failed with something other than throttling. */
  readonly failures: number
  /** Attempts answered 429. */
  readonly throttles: number
  readonly firstAttemptAtMs: number
  readonly nowMs: number
  /** A 401 already made us fetch a fresh token for this request. */
  readonly tokenRefreshed: boolean
  readonly recordCount: number
}

export type RetryPolicy = Pick<
  UploadOptions,
  'maxAttempts' | 'maxElapsedMs' | 'baseBackoffMs' | 'maxBackoffMs'
>

/** The next step for a request. */
export type RetryDecision =
  | { readonly action: 'accepted' }
  | {
      readonly action: 'retry'
      readonly delayMs: number
      readonly reason: 'throttled' | 'server' | 'network'
    }
  | { readonly action: 'refresh-token' }
  | { readonly action: 'split' }
  | {
      readonly action: 'fail'
      readonly cause: FailureCause
      /** The same answer awaits every other request (no rights, no such rule): stop the job. */
      readonly stopJob: boolean
    }
  | { readonly action: 'aborted' }

/** Statuses worth another try: timeouts, throttling and server trouble (not 501 or 505). */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true
  return status >= 500 && status <= 599 && status !== 501 && status !== 505
}

/**
 * Exponential backoff with "equal jitter": base × 2^(n-1), capped, then scaled by a random
 * factor in [0.5, 1). The same curve as the Azure SDKs, so a herd of requests that failed
 * together does not come back together.
 */
export function backoffDelayMs(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseBackoffMs' | 'maxBackoffMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  const capped = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** exponent)
  return Math.round(capped * (0.5 + random() * 0.5))
}

/**
 * A Retry-After wait with a little spread (up to 10 %, at most 1 s) so requests told the same
 * thing do not return in the same millisecond; never shorter than asked.
 */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number = Math.random) {
  return retryAfterMs + Math.round(Math.min(1000, retryAfterMs * 0.1) * random())
}

/**
 * Decides what to do after an attempt.
 *
 * - 2xx: accepted.
 * - 401: one token refresh, then final (`auth`, stops the job: every request would fail).
 * - 403, 404: final and stop the job (no rights, no such rule or stream).
 * - 400 and other 4xx: final for this request only.
 * - 413: split the request in half, down to one record, then final.
 * - 408, 429, 5xx, network errors: retry with backoff, honouring Retry-After, while the
 *   request's budget lasts (maxAttempts failures, maxElapsedMs overall; throttling counts only
 *   against the time budget). When it runs out the cause is `throttling-exhausted` if the last
 *   answer was 429, else `server-error` or `network`.
 */
export function decideRetry(
  result: AttemptResult,
  state: RetryState,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (result.kind === 'aborted') return { action: 'aborted' }
  if (result.kind === 'accepted') return { action: 'accepted' }

  const elapsed = state.nowMs - state.firstAttemptAtMs
  const fitsBudget = (delayMs: number) => elapsed + delayMs <= policy.maxElapsedMs

  if (result.kind === 'network') {
    if (result.permanent === true) return { action: 'fail', cause: 'network', stopJob: true }
    const failures = state.failures + 1
    const delayMs = backoffDelayMs(failures, policy, random)
    if (failures < policy.maxAttempts && fitsBudget(delayMs)) {
      return { action: 'retry', delayMs, reason: 'network' }
    }
    return { action: 'fail', cause: 'network', stopJob: false }
  }

  const { status } = result
  if (status >= 200 && status <= 299) return { action: 'accepted' }
  if (status === 401) {
    return state.tokenRefreshed
      ? { action: 'fail', cause: 'auth', stopJob: true }
      : { action: 'refresh-token' }
  }
  if (status === 403) return { action: 'fail', cause: 'http-403', stopJob: true }
  if (status === 404) return { action: 'fail', cause: 'http-404', stopJob: true }
  if (status === 413) {
    return state.recordCount > 1
      ? { action: 'split' }
      : { action: 'fail', cause: 'http-413', stopJob: false }
  }
  if (status === 400) return { action: 'fail', cause: 'http-400', stopJob: false }

  if (isRetryableStatus(status)) {
    const throttled = status === 429
    const failures = throttled ? state.failures : state.failures + 1
    const attemptNumber = throttled ? state.throttles + 1 : failures
    const delayMs =
      result.retryAfterMs !== undefined
        ? retryAfterDelayMs(result.retryAfterMs, random)
        : backoffDelayMs(attemptNumber, policy, random)
    const withinAttempts = failures < policy.maxAttempts
    if (withinAttempts && fitsBudget(delayMs)) {
      return { action: 'retry', delayMs, reason: throttled ? 'throttled' : 'server' }
    }
    return {
      action: 'fail',
      cause: throttled ? 'throttling-exhausted' : 'server-error',
      stopJob: false,
    }
  }
  return { action: 'fail', cause: 'http-other', stopJob: false }
}
