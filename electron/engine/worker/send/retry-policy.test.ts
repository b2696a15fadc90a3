import { describe, expect, it } from 'vitest'
import {
  backoffDelayMs,
  decideRetry,
  isRetryableStatus,
  retryAfterDelayMs,
  type AttemptResult,
  type RetryPolicy,
  type RetryState,
} from './retry-policy'

const policy: RetryPolicy = {
  maxAttempts: 4,
  maxElapsedMs: 60_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 8_000,
}
const fresh: RetryState = {
  failures: 0,
  throttles: 0,
  firstAttemptAtMs: 0,
  nowMs: 0,
  tokenRefreshed: false,
  recordCount: 10,
}
const rejected = (status: number, extra: Partial<AttemptResult> = {}): AttemptResult =>
  ({ kind: 'rejected', status, message: `HTTP ${status}`, ...extra }) as AttemptResult
const half = () => 0.5

describe('backoffDelayMs', () => {
  it('doubles per attempt, caps, and scales by a jitter factor in [0.5, 1)', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500)
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(1000)
    expect(backoffDelayMs(2, policy, () => 0)).toBe(1000)
    expect(backoffDelayMs(3, policy, () => 0)).toBe(2000)
    expect(backoffDelayMs(10, policy, () => 0)).toBe(4000)
    expect(backoffDelayMs(10, policy, () => 0.999999)).toBe(8000)
  })

  it('spreads delays of requests that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, policy)))
    expect(delays.size).toBeGreaterThan(10)
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000)
      expect(delay).toBeLessThanOrEqual(4000)
    }
  })
})

describe('retryAfterDelayMs', () => {
  it('never waits less than asked, and adds at most 10 % (1 s cap)', () => {
    expect(retryAfterDelayMs(2000, () => 0)).toBe(2000)
    expect(retryAfterDelayMs(2000, () => 1)).toBe(2200)
    expect(retryAfterDelayMs(60_000, () => 1)).toBe(61_000)
  })
})

describe('isRetryableStatus', () => {
  it('retries timeouts, throttling and server errors except 501 and 505', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      expect(isRetryableStatus(status)).toBe(true)
    }
    for (const status of [400, 401, 403, 404, 413, 501, 505]) {
      expect(isRetryableStatus(status)).toBe(false)
    }
  })
})

describe('decideRetry', () => {
  it('accepts 2xx', () => {
    expect(decideRetry({ kind: 'accepted', status: 204 }, fresh, policy)).toEqual({
      action: 'accepted',
    })
  })

  it('honours Retry-After on 429 and counts it as throttling', () => {
    const decision = decideRetry(rejected(429, { retryAfterMs: 3000 }), fresh, policy, () => 0)
    expect(decision).toEqual({ action: 'retry', delayMs: 3000, reason: 'throttled' })
  })

  it('backs off on 429 without Retry-After (the JS SDK would give up)', () => {
    const decision = decideRetry(rejected(429), { ...fresh, throttles: 2 }, policy, half)
    expect(decision).toEqual({ action: 'retry', delayMs: 3000, reason: 'throttled' })
  })

  it('retries 5xx and 408 with backoff, and Retry-After when given', () => {
    expect(decideRetry(rejected(503), fresh, policy, () => 0)).toEqual({
      action: 'retry',
      delayMs: 500,
      reason: 'server',
    })
    expect(decideRetry(rejected(408), fresh, policy, () => 0)).toMatchObject({ action: 'retry' })
    expect(decideRetry(rejected(500, { retryAfterMs: 100 }), fresh, policy, () => 0)).toEqual({
      action: 'retry',
      delayMs: 100,
      reason: 'server',
    })
  })

  it('retries network errors, and fails at once when retrying cannot help', () => {
    const reset: AttemptResult = { kind: 'network', code: 'ECONNRESET', message: 'reset' }
    expect(decideRetry(reset, fresh, policy, () => 0)).toMatchObject({
      action: 'retry',
      reason: 'network',
    })
    const cert: AttemptResult = {
      kind: 'network',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
      message: 'x',
      permanent: true,
    }
    expect(decideRetry(cert, fresh, policy)).toEqual({
      action: 'fail',
      cause: 'network',
      stopJob: true,
    })
  })

  it('gives up after maxAttempts failures with the cause of the last answer', () => {
    const spent = { ...fresh, failures: 3 }
    expect(decideRetry(rejected(503), spent, policy)).toEqual({
      action: 'fail',
      cause: 'server-error',
      stopJob: false,
    })
    expect(
      decideRetry({ kind: 'network', code: 'ECONNRESET', message: 'x' }, spent, policy),
    ).toEqual({ action: 'fail', cause: 'network', stopJob: false })
  })

  it('lets throttling go on past maxAttempts but not past the time budget', () => {
    const manyThrottles = { ...fresh, throttles: 20 }
    expect(decideRetry(rejected(429, { retryAfterMs: 1000 }), manyThrottles, policy)).toMatchObject(
      { action: 'retry' },
    )
    const late = { ...fresh, nowMs: 59_500 }
    expect(decideRetry(rejected(429, { retryAfterMs: 1000 }), late, policy)).toEqual({
      action: 'fail',
      cause: 'throttling-exhausted',
      stopJob: false,
    })
  })

  it('gives up at once when Retry-After asks for more than the budget left', () => {
    const decision = decideRetry(rejected(429, { retryAfterMs: 120_000 }), fresh, policy)
    expect(decision).toEqual({ action: 'fail', cause: 'throttling-exhausted', stopJob: false })
  })

  it('refreshes the token once on 401, then fails and stops the job', () => {
    expect(decideRetry(rejected(401), fresh, policy)).toEqual({ action: 'refresh-token' })
    expect(decideRetry(rejected(401), { ...fresh, tokenRefreshed: true }, policy)).toEqual({
      action: 'fail',
      cause: 'auth',
      stopJob: true,
    })
  })

  it('treats 403 and 404 as final for the whole job, 400 for the request only', () => {
    expect(decideRetry(rejected(403), fresh, policy)).toEqual({
      action: 'fail',
      cause: 'http-403',
      stopJob: true,
    })
    expect(decideRetry(rejected(404), fresh, policy)).toEqual({
      action: 'fail',
      cause: 'http-404',
      stopJob: true,
    })
    expect(decideRetry(rejected(400), fresh, policy)).toEqual({
      action: 'fail',
      cause: 'http-400',
      stopJob: false,
    })
    expect(decideRetry(rejected(422), fresh, policy)).toEqual({
      action: 'fail',
      cause: 'http-other',
      stopJob: false,
    })
  })

  it('splits on 413 down to one record, which then fails', () => {
    expect(decideRetry(rejected(413), fresh, policy)).toEqual({ action: 'split' })
    expect(decideRetry(rejected(413), { ...fresh, recordCount: 1 }, policy)).toEqual({
      action: 'fail',
      cause: 'http-413',
      stopJob: false,
    })
  })

  it('reports an abort as such', () => {
    expect(decideRetry({ kind: 'aborted' }, fresh, policy)).toEqual({ action: 'aborted' })
  })
})
