import { describe, expect, it } from 'vitest'
import type { UploadProgress } from '../../../../shared/models/history'
import { INITIAL_ANNOUNCER, announcement, nextAnnouncement } from './announcer'
import {
  compressionRatio,
  etaMs,
  fileFraction,
  nextWireRate,
  progressFigures,
  totalFraction,
} from './progress-math'

const MB = 1024 * 1024

function progress(patch: Partial<UploadProgress> = {}): UploadProgress {
  return {
    jobId: 'j1',
    label: 'two files',
    state: 'running',
    elapsedMs: 10_000,
    recordsRead: 50_000,
    recordsSent: 48_000,
    recordsAccepted: 47_000,
    recordsFailed: 12,
    recordsSkipped: 0,
    bytesRead: 25 * MB,
    bytesTotal: 100 * MB,
    bytesWire: 5 * MB,
    requestsInFlight: 4,
    concurrencyLimit: 8,
    gzipLevel: 6,
    bytesPerSecond: 2.5 * MB,
    recordsPerSecond: 5000,
    etaMs: null,
    files: [],
    ...patch,
  }
}

describe('progress math', () => {
  it('measures progress by bytes read, per file and in total', () => {
    expect(totalFraction(progress())).toBe(0.25)
    expect(totalFraction(progress({ state: 'completed', bytesRead: 99 }))).toBe(1)
    expect(totalFraction(progress({ bytesTotal: 0 }))).toBe(0)
    expect(fileFraction({ bytesRead: 5, sizeBytes: 10, done: false })).toBe(0.5)
    expect(fileFraction({ bytesRead: 0, sizeBytes: 0, done: true })).toBe(1)
    expect(fileFraction({ bytesRead: 20, sizeBytes: 10, done: false })).toBe(1)
  })

  it('estimates the time left from the rate when the main side has no estimate', () => {
    // 75 MB left at 2.5 MB/s.
    expect(etaMs(progress())).toBe(30_000)
    expect(etaMs(progress({ etaMs: 12_000 }))).toBe(12_000)
    expect(etaMs(progress({ bytesPerSecond: 0 }))).toBeNull()
    expect(etaMs(progress({ state: 'completed' }))).toBe(0)
  })

  it('smooths the wire rate over samples and ignores out-of-order ones', () => {
    const first = nextWireRate(null, { elapsedMs: 1000, bytesWire: 0 })
    expect(first.wirePerSecond).toBeNull()
    const second = nextWireRate(first, { elapsedMs: 2000, bytesWire: 1000 })
    expect(second.wirePerSecond).toBe(1000)
    const third = nextWireRate(second, { elapsedMs: 3000, bytesWire: 4000 })
    // 0.7 × 1000 + 0.3 × 3000
    expect(third.wirePerSecond).toBeCloseTo(1600)
    const stale = nextWireRate(third, { elapsedMs: 2500, bytesWire: 9999 })
    expect(stale.wirePerSecond).toBeCloseTo(1600)
  })

  it('formats every figure the cards show', () => {
    const figures = progressFigures(progress(), {
      atMs: 10_000,
      wireBytes: 5 * MB,
      wirePerSecond: MB,
    })
    expect(figures).toMatchObject({
      percent: '25%',
      records: '50,000',
      accepted: '47,000',
      failed: '12',
      raw: '25 MB of 100 MB',
      wire: '5.0 MB',
      rawRate: '2.5 MB/s',
      wireRate: '1.0 MB/s',
      recordRate: '5,000/s',
      elapsed: '10 s',
      eta: '30 s',
      compression: '80% smaller',
    })
    expect(compressionRatio(progress({ bytesWire: 0 }))).toBeNull()
    expect(progressFigures(progress({ bytesPerSecond: 0 }), null).eta).toBe('estimating…')
  })

  it('shows the average rate after an upload, not the live rate of nothing moving', () => {
    const finished = progressFigures(
      progress({
        state: 'completed',
        bytesRead: 100 * MB,
        recordsRead: 200_000,
        bytesPerSecond: 0,
        recordsPerSecond: 0,
        elapsedMs: 40_000,
      }),
      null,
    )
    expect(finished).toMatchObject({
      rateTerm: 'Average rate',
      rawRate: '2.5 MB/s',
      recordRate: '5,000/s',
      wireRate: '128 KB/s',
      percent: '100%',
    })
    expect(progressFigures(progress(), null).rateTerm).toBe('Rate')
  })

  it('shows compression only when gzip was on and the wire carried less', () => {
    const off = progressFigures(progress({ gzipLevel: 0, bytesWire: 20 * MB }), null)
    expect(off).toMatchObject({ wireTerm: 'Sent', compression: null })
    const larger = progressFigures(progress({ bytesWire: 30 * MB }), null)
    expect(larger).toMatchObject({ wireTerm: 'Sent (gzip)', compression: null })
  })

  it('never shows fewer records read than are already accepted or failed (a resume)', () => {
    const resumed = progressFigures(
      progress({ recordsRead: 251_251, recordsAccepted: 510_571 }),
      null,
    )
    expect(resumed.records).toBe('510,583')
  })
})

describe('the live region', () => {
  it('speaks on state changes at once and otherwise every 15 seconds', () => {
    let state = INITIAL_ANNOUNCER
    const first = nextAnnouncement(state, progress(), 0)
    expect(first.text).toBe('Uploading: 25%, 47,000 records accepted, 12 failed, about 30 s left.')
    state = first.state
    expect(nextAnnouncement(state, progress(), 5_000).text).toBeNull()
    expect(nextAnnouncement(state, progress(), 15_000).text).not.toBeNull()
    const paused = nextAnnouncement(state, progress({ state: 'paused' }), 1_000)
    expect(paused.text).toMatch(/^Upload paused: 25%/)
  })

  it('speaks at once when Done went back (a new run), so it never disagrees with the screen', () => {
    const spoken = nextAnnouncement(INITIAL_ANNOUNCER, progress({ bytesRead: 47 * MB }), 0)
    expect(spoken.text).toMatch(/47%/)
    const back = nextAnnouncement(spoken.state, progress({ bytesRead: 24 * MB }), 1_000)
    expect(back.text).toMatch(/^Uploading: 24%/)
  })

  it('sums up a finished upload without a time left', () => {
    expect(announcement(progress({ state: 'completed', recordsFailed: 0 }))).toBe(
      'Upload finished: 47,000 records accepted.',
    )
    expect(announcement(progress({ state: 'completed-with-failures' }))).toBe(
      'Upload finished with failed records: 47,000 records accepted, 12 failed.',
    )
  })
})
