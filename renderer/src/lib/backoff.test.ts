import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, nextRetryDelay } from './backoff'

describe('nextRetryDelay', () => {
  const fixed = (random: number) => ({ ...DEFAULT_BACKOFF, random: () => random })

  it('doubles from the base delay and caps at the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => nextRetryDelay(n, fixed(0.999999)))
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000])
  })

  it('keeps at least half of the delay whatever the jitter', () => {
    expect(nextRetryDelay(1, fixed(0))).toBe(250)
    expect(nextRetryDelay(6, fixed(0))).toBe(5000)
    expect(nextRetryDelay(3, fixed(0.5))).toBe(1500)
  })

  it('gives up after the last allowed attempt', () => {
    expect(nextRetryDelay(8, fixed(0))).not.toBeNull()
    expect(nextRetryDelay(9, fixed(0))).toBeNull()
    expect(nextRetryDelay(1, { ...fixed(0), maxAttempts: 0 })).toBeNull()
  })
})
