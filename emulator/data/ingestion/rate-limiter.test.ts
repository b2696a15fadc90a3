import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter'

describe('RateLimiter', () => {
  const limits = { requestsPerMinute: 3, bytesPerMinute: 1000 }

  it('throttles once the one-minute window holds the request limit, and frees up as it slides', () => {
    const limiter = new RateLimiter()
    for (const t of [0, 10_000, 20_000]) {
      expect(limiter.check('dcr', limits, t)).toBeUndefined()
      limiter.record('dcr', 10, t)
    }
    expect(limiter.check('dcr', limits, 30_000)).toEqual({
      reason: 'requests',
      limit: 3,
      retryAfterSeconds: 30,
    })
    expect(limiter.check('dcr', limits, 60_001)).toBeUndefined()
    expect(limiter.check('other', limits, 30_000)).toBeUndefined()
  })

  it('throttles on bytes and says when enough bytes have left the window', () => {
    const limiter = new RateLimiter()
    limiter.record('dcr', 600, 0)
    limiter.record('dcr', 600, 5_000)
    expect(limiter.check('dcr', limits, 10_000)).toEqual({
      reason: 'bytes',
      limit: 1000,
      retryAfterSeconds: 50,
    })
  })
})
