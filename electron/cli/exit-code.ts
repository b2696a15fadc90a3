import type { FailureCause, JobSummary } from '../../shared/models/upload-job'

/** Exit codes (also in the help text and README). */
export const EXIT = { ok: 0, error: 1, failures: 2, cancelled: 130 } as const

/** Causes that are decided on this machine: no request carried these records. */
const LOCAL_CAUSES: ReadonlySet<FailureCause> = new Set(['parse', 'validation', 'oversize'])

/**
 * True when a stopped job never reached the service: no request was accepted and no record got
 * an answer from it (no token, an untrusted certificate, an unknown host). Records it failed
 * were failed here (parse, validation, oversize) or by the network before any answer.
 */
export function stoppedBeforeSending(summary: JobSummary): boolean {
  if (summary.state !== 'stopped') return false
  if (summary.records.accepted > 0 || summary.requests.accepted > 0) return false
  return Object.keys(summary.failedByCause).every(
    (cause) => LOCAL_CAUSES.has(cause as FailureCause) || cause === 'network',
  )
}

/**
 * 0 when everything was accepted, 130 after Ctrl-C, 1 when the job stopped before anything
 * reached the service (an error before sending, as the README says), else 2.
 */
export function exitCodeFor(summary: JobSummary): number {
  if (summary.state === 'cancelled') return EXIT.cancelled
  if (summary.state === 'completed' && summary.records.failed === 0) return EXIT.ok
  if (stoppedBeforeSending(summary)) return EXIT.error
  return EXIT.failures
}
