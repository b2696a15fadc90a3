import { describe, expect, it } from 'vitest'
import {
  DEFAULT_UPLOAD_OPTIONS,
  type JobDefinition,
  type JobProgress,
} from '../../../../shared/models/upload-job'
import { toUploadProgress, uploadLabel } from './upload-view'

const job: JobDefinition = {
  version: 2,
  jobId: 'job-1',
  createdAt: '2026-12-01T00:00:00.000Z',
  files: [
    { path: '/staged/3f9a.csv', name: 'web.csv', size: 100, mtimeMs: 0, mapping: 0 },
    { path: '/logs/api.ndjson', size: 300, mtimeMs: 0, mapping: 1 },
  ],
  target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
  mappings: [{}, {}],
  options: DEFAULT_UPLOAD_OPTIONS,
}

const progress: JobProgress = {
  jobId: 'job-1',
  state: 'running',
  elapsedMs: 1_000,
  recordsRead: 70,
  recordsSent: 60,
  recordsAccepted: 58,
  recordsFailed: 2,
  recordsSkipped: 0,
  bytesRead: 150,
  bytesTotal: 400,
  bytesWire: 40,
  requestsInFlight: 1,
  concurrencyLimit: 4,
  gzipLevel: 3,
  bytesPerSecond: 150,
  recordsPerSecond: 70,
  etaMs: 1_667,
  files: [
    {
      index: 0,
      path: '/staged/3f9a.csv',
      sizeBytes: 100,
      bytesRead: 100,
      recordsRead: 60,
      recordsAccepted: 58,
      recordsFailed: 2,
      recordsSkipped: 0,
      done: true,
    },
  ],
}

describe('an upload of two files with different mappings, as the renderer sees it', () => {
  it('is the one job’s progress, every file under the name the person knows it by', () => {
    const view = toUploadProgress({ ...job, label: 'Journey' }, progress)
    expect(view).toMatchObject({
      jobId: 'job-1',
      label: 'Journey',
      recordsAccepted: 58,
      bytesTotal: 400,
      etaMs: 1_667,
    })
    expect(
      view.files.map((f) => [f.index, f.name, f.recordsAccepted, f.sizeBytes, f.done]),
    ).toEqual([
      [0, 'web.csv', 58, 100, true],
      [1, 'api.ndjson', 0, 300, false],
    ])
    expect(view.files.some((f) => 'path' in f)).toBe(false)
  })

  it('is labelled by its files when it has no label (a CLI job)', () => {
    expect(uploadLabel(job)).toBe('web.csv, api.ndjson')
  })
})
