import { describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_OPTIONS, type JobDefinition } from '../../../../shared/models/upload-job'
import { defaultPrepareWorkers, helperCountFor, PARALLEL_MIN_BYTES } from './helper-thread'

function job(sizes: number[], prepareWorkers?: number): JobDefinition {
  return {
    version: 2,
    jobId: 'job-1',
    createdAt: '2026-11-25T00:00:00.000Z',
    files: sizes.map((size, index) => ({
      path: `/data/${index}.ndjson`,
      size,
      mtimeMs: 0,
      mapping: null,
    })),
    target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
    mappings: [],
    options: {
      ...DEFAULT_UPLOAD_OPTIONS,
      ...(prepareWorkers === undefined ? {} : { prepareWorkers }),
    },
  }
}

describe('helperCountFor', () => {
  it('starts no helper when every file is small enough for the upload worker alone', () => {
    expect(helperCountFor(job([1_000, PARALLEL_MIN_BYTES - 1]))).toBe(0)
  })

  it('starts the default number when one file is big enough', () => {
    expect(helperCountFor(job([1_000, PARALLEL_MIN_BYTES]))).toBe(defaultPrepareWorkers())
  })

  it('follows the job when it chooses a number, small files included', () => {
    expect(helperCountFor(job([10], 2))).toBe(2)
    expect(helperCountFor(job([PARALLEL_MIN_BYTES * 4], 0))).toBe(0)
  })
})

describe('defaultPrepareWorkers', () => {
  it('leaves a core to the upload worker, with at least one helper and at most three', () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultPrepareWorkers(cores))).toEqual([1, 1, 2, 3, 3])
  })
})
