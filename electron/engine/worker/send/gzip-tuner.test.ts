import { describe, expect, it } from 'vitest'
import {
  AUTO_GZIP_BOUNDS,
  AUTO_GZIP_START,
  GzipTuner,
  learnLinkRate,
  nextGzipLevel,
  PRIOR_GZIP_MODEL,
  relativeGzip,
  type GzipModel,
} from './gzip-tuner'

/** Level 1: 8 × smaller at 3 ms per MB (what Node's zlib does on the benchmark's records). */
const MODEL: GzipModel = { ratioL1: 8, costL1MsPerByte: 3e-6 }
const MB = 1_000_000

/**
 * A simulated upload over a link of `wireMBps` (bandwidth, shared by the requests in flight)
 * and `latencyMs`, whose producer needs `producerMsPerMB` of CPU per MB of JSON besides
 * compression, with 8 slots. Time only moves when the test says so (no real clock).
 */
function simulate(link: { wireMBps: number; latencyMs: number; producerMsPerMB: number }) {
  const tuner = new GzipTuner('auto', 0, 0)
  let now = 0
  let waited = 0
  const slots = 8
  /** Runs one second of upload at the tuner's current level, in 1 MB requests. */
  const second = () => {
    const level = tuner.current
    const ratio = level === 0 ? 1 : MODEL.ratioL1 * relativeGzip(level).ratio
    const compressMs = level === 0 ? 0 : 3 * relativeGzip(level).cost
    const cpuMsPerMB = link.producerMsPerMB + compressMs
    const linkMBps = link.wireMBps * ratio
    // Slots limit too: each request holds one for its latency plus its wire time.
    const wireMsPerRequest = (1000 / link.wireMBps) * (1 / ratio)
    const slotMBps = (slots * 1000) / (link.latencyMs + wireMsPerRequest)
    const mbps = Math.min(1000 / cpuMsPerMB, linkMBps, slotMBps)
    const requests = Math.max(1, Math.round(mbps))
    const perRequestNetworkMs = Math.min(
      1000,
      link.latencyMs + (requests * 1000) / (linkMBps * slots) + wireMsPerRequest,
    )
    for (let i = 0; i < requests; i++) {
      tuner.record({
        compressMs,
        networkMs: Math.min(perRequestNetworkMs, (1000 * slots) / requests),
        jsonBytes: MB,
        wireBytes: MB / ratio,
        level,
      })
    }
    // The producer waits for a slot whenever it is faster than the link.
    waited += Math.max(0, 1000 - requests * cpuMsPerMB)
    now += 1000
    tuner.tick(now, waited, slots)
    return mbps
  }
  return { tuner, second }
}

describe('GzipTuner (auto)', () => {
  it('compresses from the first request', () => {
    expect(new GzipTuner('auto', 0, 0).current).toBe(AUTO_GZIP_START)
    expect(AUTO_GZIP_START).toBeGreaterThan(0)
  })

  it('on a 50 Mbit/s link, picks a high level after the first window and keeps it', () => {
    const { tuner, second } = simulate({ wireMBps: 6.25, latencyMs: 20, producerMsPerMB: 10 })
    second()
    const level = tuner.current
    expect(level).toBeGreaterThanOrEqual(6)
    for (let i = 0; i < 10; i++) second()
    expect(tuner.current).toBe(level)
    expect(tuner.history).toEqual([AUTO_GZIP_START, level])
  })

  it('on a 10 Mbit/s link, compresses hardest within its bounds', () => {
    const { tuner, second } = simulate({ wireMBps: 1.25, latencyMs: 40, producerMsPerMB: 10 })
    for (let i = 0; i < 5; i++) second()
    expect(tuner.current).toBe(AUTO_GZIP_BOUNDS.max)
  })

  it('stops compressing on loopback, where the CPU is the limit', () => {
    const { tuner, second } = simulate({ wireMBps: 2000, latencyMs: 1, producerMsPerMB: 12 })
    second()
    expect(tuner.current).toBe(0)
    for (let i = 0; i < 10; i++) second()
    expect(tuner.history).toEqual([AUTO_GZIP_START, 0])
  })

  it('stops compressing at 50 ms of latency with bandwidth to spare', () => {
    const { tuner, second } = simulate({ wireMBps: 2000, latencyMs: 50, producerMsPerMB: 12 })
    for (let i = 0; i < 5; i++) second()
    expect(tuner.current).toBe(0)
  })

  it('does not flap where the CPU and the link limit about equally', () => {
    const { tuner, second } = simulate({ wireMBps: 6.25, latencyMs: 20, producerMsPerMB: 14 })
    for (let i = 0; i < 20; i++) second()
    expect(tuner.history.length).toBeLessThanOrEqual(3)
  })

  it('forgets a capacity measured while the link was busy for another reason', () => {
    // Start-up held every slot, so the first window looked like a slow link.
    const tuner = new GzipTuner('auto', 0, 0)
    const slow = { compressMs: 3, networkMs: 900, jsonBytes: MB, wireBytes: MB / 8, level: 1 }
    for (let i = 0; i < 8; i++) tuner.record(slow)
    tuner.tick(1000, 900, 8)
    expect(tuner.current).toBeGreaterThan(1)
    const level = tuner.current
    const ratio = MODEL.ratioL1 * relativeGzip(level).ratio
    const cost = 3 * relativeGzip(level).cost
    for (let i = 0; i < 60; i++) {
      tuner.record({ compressMs: cost, networkMs: 2, jsonBytes: MB, wireBytes: MB / ratio, level })
    }
    tuner.tick(2000, 900, 8)
    expect(tuner.current).toBe(0)
  })

  it('takes the same path on every run of the same link', () => {
    const paths = [1, 2, 3].map(() => {
      const { tuner, second } = simulate({ wireMBps: 12.5, latencyMs: 20, producerMsPerMB: 10 })
      for (let i = 0; i < 8; i++) second()
      return tuner.history.join('→')
    })
    expect(new Set(paths).size).toBe(1)
  })

  it('waits for a window of at least 250 ms and 4 requests', () => {
    const tuner = new GzipTuner('auto', 0, 0)
    const sample = { compressMs: 30, networkMs: 5, jsonBytes: MB, wireBytes: MB / 8, level: 1 }
    for (let i = 0; i < 3; i++) tuner.record(sample)
    tuner.tick(300, 0, 8)
    expect(tuner.current).toBe(AUTO_GZIP_START)
    tuner.record(sample)
    tuner.tick(200, 0, 8)
    expect(tuner.current).toBe(AUTO_GZIP_START)
    tuner.tick(300, 0, 8)
    expect(tuner.current).toBe(0)
  })

  it('never moves a fixed level', () => {
    const tuner = new GzipTuner(6, 0, 0)
    for (let i = 0; i < 20; i++) {
      tuner.record({ compressMs: 6, networkMs: 5, jsonBytes: MB, wireBytes: MB / 9, level: 6 })
    }
    tuner.tick(5000, 0, 8)
    expect(tuner.current).toBe(6)
    expect(tuner.history).toEqual([6])
  })
})

describe('nextGzipLevel', () => {
  const window = {
    windowMs: 1000,
    producerWaitMs: 0,
    compressMs: 0,
    networkMs: 400,
    jsonBytes: 80 * MB,
    wireBytes: 80 * MB,
    gzipJsonBytes: 0,
    gzipL1WireBytes: 0,
    gzipL1CompressMs: 0,
    requests: 80,
    slots: 8,
  }

  it('starts compressing when the wire is full of plain JSON', () => {
    const full = {
      ...window,
      producerWaitMs: 900,
      networkMs: 8000,
      jsonBytes: 12 * MB,
      wireBytes: 12 * MB,
    }
    const linkRate = learnLinkRate(undefined, full)
    expect(linkRate).toBe((12 * MB) / 1000)
    expect(nextGzipLevel(0, full, PRIOR_GZIP_MODEL, linkRate, AUTO_GZIP_BOUNDS)).toBeGreaterThan(0)
  })

  it('keeps the level on too little evidence', () => {
    const few = { ...window, requests: 2 }
    expect(nextGzipLevel(3, few, MODEL, undefined, AUTO_GZIP_BOUNDS)).toBe(3)
    expect(nextGzipLevel(3, { ...window, windowMs: 100 }, MODEL, undefined, AUTO_GZIP_BOUNDS)).toBe(3)
  })
})
