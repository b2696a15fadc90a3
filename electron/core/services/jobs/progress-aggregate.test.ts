import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../../shared/models/upload-job'
import { aggregateProgress, overallState } from './progress-aggregate'
import type { UploadMeta } from './upload-meta'

const meta: UploadMeta = {
  version: 1,
  uploadId: 'u1',
  label: 'Two',
  createdAt: '2025-01-01T00:00:00Z',
  children: ['j1', 'j2'],
  files: [
    { name: 'a.csv', size: 1000, child: 0, childFileIndex: 0 },
    { name: 'b.ndjson', size: 3000, child: 1, childFileIndex: 0 },
  ],
  target: { endpoint: 'https://x', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
  runs: [],
}

function progress(overrides: Partial<JobProgress>): JobProgress {
  return {
    jobId: 'j',
    state: 'running',
    elapsedMs: 0,
    recordsRead: 0,
    recordsSent: 0,
    recordsAccepted: 0,
    recordsFailed: 0,
    recordsSkipped: 0,
    bytesRead: 0,
    bytesTotal: 0,
    bytesWire: 0,
    requestsInFlight: 0,
    concurrencyLimit: 0,
    gzipLevel: 0,
    bytesPerSecond: 0,
    recordsPerSecond: 0,
    etaMs: null,
    files: [],
    ...overrides,
  }
}

describe('upload progress over several engine jobs', () => {
  it('sums finished and running jobs, maps files back, and estimates from the live rate', () => {
    const done = progress({
      recordsRead: 10,
      recordsAccepted: 9,
      recordsFailed: 1,
      bytesRead: 1000,
      bytesWire: 200,
      files: [
        {
          index: 0,
          path: '/x/a.csv',
          sizeBytes: 1000,
          bytesRead: 1000,
          recordsRead: 10,
          recordsAccepted: 9,
          recordsFailed: 1,
          recordsSkipped: 0,
          done: true,
        },
      ],
    })
    const live = progress({
      recordsRead: 5,
      recordsAccepted: 4,
      bytesRead: 1000,
      bytesPerSecond: 500,
      requestsInFlight: 2,
    })
    const p = aggregateProgress(meta, 'running', [done, live], 1, 1234)
    expect(p).toMatchObject({
      jobId: 'u1',
      label: 'Two',
      recordsRead: 15,
      recordsAccepted: 13,
      recordsFailed: 1,
      bytesRead: 2000,
      bytesTotal: 4000,
      bytesWire: 200,
      requestsInFlight: 2,
      elapsedMs: 1234,
      etaMs: 4000,
    })
    expect(p.files.map((f) => [f.name, f.recordsAccepted, f.done])).toEqual([
      ['a.csv', 9, true],
      ['b.ndjson', 0, false],
    ])
    expect(aggregateProgress(meta, 'paused', [done, live], 1, 0).etaMs).toBeNull()
  })

  it('says how the whole upload ended', () => {
    expect(overallState(['completed', 'completed'])).toBe('completed')
    expect(overallState(['completed', 'completed-with-failures'])).toBe('completed-with-failures')
    expect(overallState(['cancelled', 'interrupted'])).toBe('cancelled')
    expect(overallState(['completed', 'interrupted'])).toBe('interrupted')
    expect(overallState(['stopped', 'interrupted'])).toBe('stopped')
    expect(overallState(['completed', 'running'])).toBe('running')
  })
})
