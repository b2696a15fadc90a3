import { describe, expect, it } from 'vitest'
import { AimdLimit } from './aimd-limit'

describe('AimdLimit', () => {
  it('starts at the configured maximum', () => {
    expect(new AimdLimit({ max: 8 }).current).toBe(8)
  })

  it('ignores a single 429 but halves on a repeated one', () => {
    const limit = new AimdLimit({ max: 16, cooldownMs: 1000, windowMs: 10_000 })
    expect(limit.onThrottled(0)).toBe(false)
    expect(limit.current).toBe(16)
    expect(limit.onThrottled(500)).toBe(true)
    expect(limit.current).toBe(8)
  })

  it('treats a burst of 429s from requests in flight together as one signal', () => {
    const limit = new AimdLimit({ max: 16, cooldownMs: 1000 })
    for (let i = 0; i < 10; i++) limit.onThrottled(100 + i)
    expect(limit.current).toBe(8)
    limit.onThrottled(1200)
    expect(limit.current).toBe(4)
  })

  it('never goes below the minimum', () => {
    const limit = new AimdLimit({ max: 4, min: 1, cooldownMs: 0 })
    for (let t = 0; t < 20; t++) limit.onThrottled(t * 10)
    expect(limit.current).toBe(1)
  })

  it('recovers additively, about one per round of requests, up to the maximum', () => {
    const limit = new AimdLimit({ max: 8, cooldownMs: 1000 })
    limit.onThrottled(0)
    limit.onThrottled(1)
    expect(limit.current).toBe(4)
    // During the cooldown, successes of requests sent before the decrease do not count.
    for (let i = 0; i < 10; i++) limit.onAccepted(500)
    expect(limit.current).toBe(4)
    // One round (4 successes at limit 4) adds about one.
    for (let i = 0; i < 4; i++) limit.onAccepted(2000)
    expect(limit.current).toBe(4)
    limit.onAccepted(2000)
    expect(limit.current).toBe(5)
    for (let i = 0; i < 200; i++) limit.onAccepted(3000)
    expect(limit.current).toBe(8)
  })
})
