import { describe, expect, it } from 'vitest'
import { AUTO_GZIP_BOUNDS, GzipTuner, nextGzipLevel, type GzipWindow } from './gzip-tuner'

const window = (over: Partial<GzipWindow>): GzipWindow => ({
  windowMs: 2000,
  producerWaitMs: 0,
  compressMs: 100,
  networkMs: 1000,
  requests: 20,
  ...over,
})

describe('nextGzipLevel', () => {
  it('compresses harder when requests wait on the network', () => {
    expect(
      nextGzipLevel(
        1,
        window({ producerWaitMs: 1500, compressMs: 50, networkMs: 2000 }),
        AUTO_GZIP_BOUNDS,
      ),
    ).toBe(2)
  })

  it('does not go past the auto maximum', () => {
    expect(nextGzipLevel(6, window({ producerWaitMs: 1900 }), AUTO_GZIP_BOUNDS)).toBe(6)
  })

  it('compresses less when the producer never waits (CPU-bound)', () => {
    expect(nextGzipLevel(4, window({ producerWaitMs: 50 }), AUTO_GZIP_BOUNDS)).toBe(3)
    expect(nextGzipLevel(4, window({ producerWaitMs: 150 }), AUTO_GZIP_BOUNDS)).toBe(3)
  })

  it('stops compressing only when the producer almost never waits', () => {
    expect(nextGzipLevel(1, window({ producerWaitMs: 0 }), AUTO_GZIP_BOUNDS)).toBe(0)
    expect(nextGzipLevel(1, window({ producerWaitMs: 150 }), AUTO_GZIP_BOUNDS)).toBe(1)
    expect(nextGzipLevel(0, window({ producerWaitMs: 0 }), AUTO_GZIP_BOUNDS)).toBe(0)
    expect(
      nextGzipLevel(0, window({ producerWaitMs: 1500, compressMs: 0 }), AUTO_GZIP_BOUNDS),
    ).toBe(1)
  })

  it('compresses less when compression dominates a request', () => {
    expect(
      nextGzipLevel(
        5,
        window({ producerWaitMs: 1500, compressMs: 900, networkMs: 300 }),
        AUTO_GZIP_BOUNDS,
      ),
    ).toBe(4)
  })

  it('keeps the level in between (hysteresis)', () => {
    expect(
      nextGzipLevel(
        3,
        window({ producerWaitMs: 600, compressMs: 100, networkMs: 1000 }),
        AUTO_GZIP_BOUNDS,
      ),
    ).toBe(3)
  })

  it('needs enough evidence before moving', () => {
    expect(nextGzipLevel(3, window({ windowMs: 500, producerWaitMs: 0 }), AUTO_GZIP_BOUNDS)).toBe(3)
    expect(nextGzipLevel(3, window({ requests: 2, producerWaitMs: 0 }), AUTO_GZIP_BOUNDS)).toBe(3)
  })
})

describe('GzipTuner', () => {
  it('climbs window by window while the network is the bottleneck, and records the levels', () => {
    const tuner = new GzipTuner('auto', 0, 0)
    expect(tuner.current).toBe(0)
    let now = 0
    let waited = 0
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 10; i++) tuner.record(5, 200)
      now += 1500
      waited += 1200
      tuner.tick(now, waited)
    }
    expect(tuner.current).toBe(6)
    expect(tuner.history).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('leaves a fixed level alone', () => {
    const tuner = new GzipTuner(9, 0, 0)
    for (let i = 0; i < 10; i++) tuner.record(500, 10)
    tuner.tick(5000, 0)
    expect(tuner.current).toBe(9)
  })
})
