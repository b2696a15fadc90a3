import { describe, expect, it } from 'vitest'
import type { JobSummary } from '../../shared/models/upload-job'
import { nextSteps, summaryText } from './summary-text'
import { exitCodeFor } from './run-cli'

const base: JobSummary = {
  jobId: 'job-1',
  state: 'completed',
  startedAt: '2025-01-01T00:00:00Z',
  finishedAt: '2025-01-01T00:00:10Z',
  durationMs: 10_000,
  target: { endpoint: 'https://x', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
  records: { read: 100, accepted: 100, failed: 0, skipped: 0, notSent: 0 },
  failedByCause: {},
  droppedFields: 0,
  timeWindowFlags: 0,
  duplicatesPossible: { records: 0, requests: 0 },
  bytes: { raw: 10_000_000, json: 9_000_000, wire: 900_000 },
  requests: { sent: 10, accepted: 10, retries: 0, throttled: 0, splits: 0 },
  gzipLevels: [1, 2],
  files: [],
}

describe('summary text and next steps', () => {
  it('says nothing more to do when everything went in (exit 0)', () => {
    expect(nextSteps(base)).toEqual({})
    expect(exitCodeFor(base)).toBe(0)
    expect(summaryText(base)).toMatch(/completed in 0:10\.\n {2}Records: 100 accepted, 0 failed\./)
    expect(summaryText(base)).toMatch(/gzip 1→2/)
  })

  it('points at the failed store and resume when records are left (exit 2, 130 after Ctrl-C)', () => {
    const stopped: JobSummary = {
      ...base,
      state: 'stopped',
      records: { read: 100, accepted: 40, failed: 50, skipped: 0, notSent: 10 },
      failedByCause: { 'http-403': 50 },
      duplicatesPossible: { records: 20, requests: 1 },
      error: { code: 'upload/forbidden', message: 'No rights.', retryable: false },
    }
    expect(nextSteps(stopped)).toEqual({
      resume: 'logdrop resume job-1',
      retryFailed: 'logdrop failed retry job-1',
      exportFailed: 'logdrop failed export job-1 --format csv --out failed.csv',
    })
    const text = summaryText(stopped)
    expect(text).toMatch(/10 not sent/)
    expect(text).toMatch(/http-403 50/)
    expect(text).toMatch(/Possible duplicates: 20 records/)
    expect(text).toMatch(/No rights\./)
    expect(exitCodeFor(stopped)).toBe(2)
    expect(exitCodeFor({ ...stopped, state: 'cancelled' })).toBe(130)
    expect(exitCodeFor({ ...base, state: 'completed-with-failures' })).toBe(2)
  })
})
