import { describe, expect, it } from 'vitest'
import type { JobSummary } from '../../shared/models/upload-job'
import { EXIT, exitCodeFor } from './exit-code'

const done: JobSummary = {
  jobId: 'job-1',
  state: 'completed',
  startedAt: '2025-01-01T00:00:00Z',
  finishedAt: '2025-01-01T00:00:01Z',
  durationMs: 1_000,
  target: { endpoint: 'https://x', dcrImmutableId: 'dcr-1', stream: 'Custom-X' },
  records: { read: 5, accepted: 5, failed: 0, skipped: 0, notSent: 0 },
  failedByCause: {},
  droppedFields: 0,
  timeWindowFlags: 0,
  duplicatesPossible: { records: 0, requests: 0 },
  bytes: { raw: 500, json: 400, wire: 400 },
  requests: { sent: 1, accepted: 1, retries: 0, throttled: 0, splits: 0 },
  gzipLevels: [0],
  files: [],
}

/** A job that stopped before any request was answered. */
const neverSent: JobSummary = {
  ...done,
  state: 'stopped',
  records: { read: 5, accepted: 0, failed: 0, skipped: 0, notSent: 5 },
  requests: { sent: 0, accepted: 0, retries: 0, throttled: 0, splits: 0 },
  error: { code: 'upload/credential-failed', message: 'No credentials.', retryable: false },
}

describe('exit codes as the README documents them', () => {
  it('is 0 when every record was accepted', () => {
    expect(exitCodeFor(done)).toBe(EXIT.ok)
  })

  it('is 1 for an error before sending: no credentials, "5 not sent"', () => {
    expect(exitCodeFor(neverSent)).toBe(EXIT.error)
  })

  it('is 1 when only local failures and an unreachable or untrusted host stopped it', () => {
    expect(
      exitCodeFor({
        ...neverSent,
        records: { read: 5, accepted: 0, failed: 5, skipped: 0, notSent: 0 },
        failedByCause: { parse: 1, network: 4 },
        requests: { sent: 1, accepted: 0, retries: 0, throttled: 0, splits: 0 },
        error: { code: 'upload/certificate-untrusted', message: 'Untrusted.', retryable: false },
      }),
    ).toBe(EXIT.error)
  })

  it('is 2 once the service answered: some accepted, or records it refused', () => {
    expect(
      exitCodeFor({ ...neverSent, records: { ...neverSent.records, accepted: 1, notSent: 4 } }),
    ).toBe(EXIT.failures)
    expect(
      exitCodeFor({
        ...neverSent,
        records: { read: 5, accepted: 0, failed: 5, skipped: 0, notSent: 0 },
        failedByCause: { 'http-403': 5 },
      }),
    ).toBe(EXIT.failures)
    expect(exitCodeFor({ ...done, state: 'completed-with-failures' })).toBe(EXIT.failures)
  })

  it('is 130 after Ctrl-C, whatever was sent', () => {
    expect(exitCodeFor({ ...neverSent, state: 'cancelled' })).toBe(EXIT.cancelled)
  })
})
