import { describe, expect, it } from 'vitest'
import {
  AUTO_GZIP_BOUNDS,
  AUTO_GZIP_START,
  GzipTuner,
  isLinkSaturated,
  nextGzipLevel,
  PRIOR_GZIP_MODEL,
  probeLinkRate,
  relativeGzip,
  type GzipModel,
} from './gzip-tuner'

/** Level 1: 8 × smaller at 3 ms per MB (what Node's zlib does on the benchmark's records). */
const MODEL: GzipModel = { ratioL1: 8, costL1MsPerByte: 3e-6 }
const MB = 1_000_000

/**
 * A simulated upload over a link of `wireMBps` (bandwidth, shared by the requests in flight)
 * and `latencyMs`, whose producer needs `producerMsPerMB` of CPU per MB of JSON besides
 * compression, with 8 slots and 1 MB requests. Time only moves when the test says so.
 */
function simulate(link: { wireMBps: number; latencyMs: number; producerMsPerMB: number }) {
  const tuner = new GzipTuner('auto', 0, 0)
  let now = 0
  let waited = 0
  const slots = 8
  const ratioOf = (level: number) => (level === 0 ? 1 : MODEL.ratioL1 * relativeGzip(level).ratio)
  const costOf = (level: number) => (level === 0 ? 0 : 3 * relativeGzip(level).cost)
  /** Runs one second of upload at the tuner's current level. */
  const second = () => {
    const level = tuner.current
    const cpuMsPerMB = link.producerMsPerMB + costOf(level)
    const wireMs = 1000 / link.wireMBps / ratioOf(level)
    const slotMBps = (slots * 1000) / (link.latencyMs + wireMs)
    const mbps = Math.min(1000 / cpuMsPerMB, link.wireMBps * ratioOf(level), slotMBps)
    const requests = Math.max(1, Math.round(mbps))
    // Requests in flight share the bandwidth.
    // When the link is the limit, bytes queue until every slot is busy.
    const linkBound = mbps >= link.wireMBps * ratioOf(level) * 0.999
    const sharing = linkBound
      ? slots
      : Math.min(slots, Math.max(1, (requests * (link.latencyMs + wireMs)) / 1000))
    let busyMs = 0
    for (let i = 0; i < requests; i++) {
      const used = tuner.levelForRequest()
      const wireBytes = MB / ratioOf(used)
      busyMs += link.producerMsPerMB + costOf(used)
      tuner.record({
        compressMs: costOf(used),
        networkMs: link.latencyMs + (wireBytes * sharing) / (link.wireMBps * 1000),
        jsonBytes: MB,
        wireBytes,
        level: used,
      })
    }
    // The producer waits for a slot whenever it is faster than the link.
    waited += Math.max(0, 1000 - busyMs)
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

  it('on a 50 Mbit/s link, picks a high level within two windows and keeps it', () => {
    const { tuner, second } = simulate({ wireMBps: 6.25, latencyMs: 20, producerMsPerMB: 10 })
    second()
    second()
    const level = tuner.current
    expect(level).toBeGreaterThanOrEqual(6)
    for (let i = 0; i < 10; i++) second()
    expect(tuner.current).toBe(level)
    expect(tuner.history.at(-1)).toBe(level)
    expect(tuner.history.length).toBeLessThanOrEqual(3)
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

  it('probes again when a capacity measured at start-up no longer fits', () => {
    // Start-up held every slot, so the first window looked like a slow link.
    const tuner = new GzipTuner('auto', 0, 0)
    expect(tuner.levelForRequest()).toBe(0)
    tuner.record({ compressMs: 0, networkMs: 950, jsonBytes: MB, wireBytes: MB, level: 0 })
    const slow = { compressMs: 3, networkMs: 900, jsonBytes: MB, wireBytes: MB / 8, level: 1 }
    for (let i = 0; i < 7; i++) tuner.record(slow)
    tuner.tick(1000, 900, 8)
    expect(tuner.current).toBeGreaterThan(1)
    let now = 1000
    for (let window = 0; window < 6 && tuner.current > 0; window++) {
      for (let i = 0; i < 60; i++) {
        const level = tuner.levelForRequest()
        const ratio = level === 0 ? 1 : MODEL.ratioL1 * relativeGzip(level).ratio
        const compressMs = level === 0 ? 0 : 3 * relativeGzip(level).cost
        tuner.record({ compressMs, networkMs: 2, jsonBytes: MB, wireBytes: MB / ratio, level })
      }
      now += 1000
      tuner.tick(now, 900, 8)
    }
    expect(tuner.current).toBe(0)
  })

  it('at level 0, asks one compressed request whether full slots mean too many bytes', () => {
    const atZero = () => {
      const tuner = new GzipTuner('auto', 0, 0)
      tuner.levelForRequest()
      const fast = { compressMs: 0, networkMs: 2, jsonBytes: MB, wireBytes: MB, level: 0 }
      tuner.record(fast)
      for (let i = 0; i < 7; i++)
        tuner.record({ ...fast, compressMs: 3, wireBytes: MB / 8, level: 1 })
      tuner.tick(300, 0, 8)
      expect(tuner.current).toBe(0)
      return tuner
    }
    // Slow answers (a busy service), whatever the body: stays plain.
    const slowService = atZero()
    const plain = { compressMs: 0, networkMs: 400, jsonBytes: MB, wireBytes: MB, level: 0 }
    for (let i = 0; i < 8; i++) slowService.record(plain)
    slowService.tick(600, 250, 8)
    expect(slowService.levelForRequest()).toBe(1)
    slowService.record({ ...plain, compressMs: 3, networkMs: 390, wireBytes: MB / 8, level: 1 })
    for (let i = 0; i < 8; i++) slowService.record(plain)
    slowService.tick(900, 500, 8)
    expect(slowService.current).toBe(0)
    // Plain bodies fill a slow link: the compressed one is much faster, so compress.
    const slowLink = atZero()
    for (let i = 0; i < 8; i++) slowLink.record({ ...plain, networkMs: 1300 })
    slowLink.tick(1600, 1000, 8)
    expect(slowLink.levelForRequest()).toBe(1)
    slowLink.record({ ...plain, compressMs: 3, networkMs: 180, wireBytes: MB / 8, level: 1 })
    for (let i = 0; i < 8; i++) slowLink.record({ ...plain, networkMs: 1300 })
    slowLink.tick(2900, 2200, 8)
    expect(slowLink.current).toBeGreaterThan(0)
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
    expect(tuner.levelForRequest()).toBe(0)
    // The plain probe took about as long as the compressed requests: a fast link.
    tuner.record({ ...sample, compressMs: 0, networkMs: 6, wireBytes: MB, level: 0 })
    for (let i = 0; i < 2; i++) tuner.record(sample)
    tuner.tick(300, 0, 8)
    expect(tuner.current).toBe(AUTO_GZIP_START)
    tuner.record(sample)
    tuner.tick(200, 0, 8)
    expect(tuner.current).toBe(AUTO_GZIP_START)
    tuner.tick(300, 0, 8)
    expect(tuner.current).toBe(0)
  })

  it('probes the link with one plain request, not a window of them', () => {
    const tuner = new GzipTuner('auto', 0, 0)
    expect([1, 2, 3, 4].map(() => tuner.levelForRequest())).toEqual([0, 1, 1, 1])
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
    const full = { ...window, producerWaitMs: 900, networkMs: 8000, jsonBytes: 12 * MB }
    const full12 = { ...full, wireBytes: 12 * MB }
    expect(isLinkSaturated(full12)).toBe(true)
    const linkRate = (12 * MB) / 1000
    expect(nextGzipLevel(0, full12, PRIOR_GZIP_MODEL, linkRate, AUTO_GZIP_BOUNDS)).toBeGreaterThan(
      0,
    )
  })

  it('reads a bandwidth limit from one plain request among compressed ones', () => {
    // 50 Mbit/s shared by two requests: the plain one's extra 875 KB take 280 ms more.
    const probe = { plainMs: 320, plainBytes: MB, gzipMs: 40, gzipBytes: MB / 8, slotsInUse: 2 }
    expect(probeLinkRate(probe)).toBeCloseTo(6250, -2)
    // 50 ms away but not limited: about as long either way.
    expect(probeLinkRate({ ...probe, plainMs: 53, gzipMs: 51 })).toBe(Number.POSITIVE_INFINITY)
  })

  it('keeps the level on too little evidence', () => {
    const few = { ...window, requests: 2 }
    expect(nextGzipLevel(3, few, MODEL, Infinity, AUTO_GZIP_BOUNDS)).toBe(3)
    expect(nextGzipLevel(3, { ...window, windowMs: 100 }, MODEL, Infinity, AUTO_GZIP_BOUNDS)).toBe(
      3,
    )
  })
})
