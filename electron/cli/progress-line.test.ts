import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../shared/models/upload-job'
import { formatBytes, formatDuration, progressLine } from './progress-line'

const progress: JobProgress = {
  jobId: 'j',
  state: 'running',
  elapsedMs: 5000,
  recordsRead: 1000,
  recordsSent: 900,
  recordsAccepted: 123456,
  recordsFailed: 7,
  recordsSkipped: 0,
  bytesRead: 50_000_000,
  bytesTotal: 200_000_000,
  bytesWire: 5_000_000,
  requestsInFlight: 4,
  concurrencyLimit: 8,
  gzipLevel: 1,
  bytesPerSecond: 25_000_000,
  recordsPerSecond: 80_000,
  etaMs: 6000,
  files: [],
}

describe('progress line', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1_234_567)).toBe('1.2 MB')
    expect(formatBytes(250_000_000)).toBe('250 MB')
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB')
    expect(formatDuration(83_000)).toBe('1:23')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
  })

  it('shows bar, percent, bytes, rate, records and ETA within the width', () => {
    const line = progressLine(progress, 120)
    expect(line).toMatch(
      /^\[#+\.+\] {2}25% {2}50 MB\/200 MB {2}25 MB\/s {2}ok 123,456 {2}failed 7 {2}ETA 0:06$/,
    )
    expect(line.length).toBeLessThanOrEqual(120)
    expect(progressLine({ ...progress, state: 'paused', etaMs: null }, 120)).toMatch(
      /failed 7 paused$/,
    )
    expect(progressLine(progress, 40).length).toBeLessThanOrEqual(40)
  })
})
