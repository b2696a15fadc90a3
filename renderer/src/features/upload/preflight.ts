import type { AppErrorCode } from '../../../../shared/errors/app-error'
import type { DryRunResult } from '../../../../shared/models/files'
import type { FailureCause } from '../../../../shared/models/upload-job'

/**
 * The pre-upload summary: the whole-file check of every file with the mapping the upload would
 * use, summed: what would be sent, what would fail and why. Pure.
 */
export interface PreflightSummary {
  readonly records: number
  readonly valid: number
  readonly failed: number
  readonly byCause: ReadonlyArray<{ readonly cause: FailureCause; readonly count: number }>
  /** The commonest reasons with their column, most first. */
  readonly reasons: ReadonlyArray<{
    readonly column: string
    readonly code: AppErrorCode
    readonly count: number
    readonly example: string | null
  }>
  readonly timeWindowFlags: number
}

/** Sums the checks of the upload's files. */
export function preflightSummary(results: readonly DryRunResult[]): PreflightSummary {
  const byCause = new Map<FailureCause, number>()
  const reasons = new Map<
    string,
    { column: string; code: AppErrorCode; count: number; example: string | null }
  >()
  let records = 0
  let valid = 0
  let failed = 0
  let timeWindowFlags = 0
  for (const result of results) {
    records += result.records
    valid += result.valid
    failed += result.failed
    timeWindowFlags += result.timeWindowFlags
    for (const [cause, count] of Object.entries(result.failedByCause) as [FailureCause, number][]) {
      byCause.set(cause, (byCause.get(cause) ?? 0) + count)
    }
    for (const item of result.failedByColumn) {
      const key = `${item.column}\u0000${item.code}`
      const known = reasons.get(key)
      if (known === undefined) {
        reasons.set(key, {
          column: item.column,
          code: item.code,
          count: item.count,
          example: item.examples[0]?.reason ?? null,
        })
      } else known.count += item.count
    }
  }
  return {
    records,
    valid,
    failed,
    byCause: [...byCause]
      .map(([cause, count]) => ({ cause, count }))
      .sort((a, b) => b.count - a.count),
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count).slice(0, 5),
    timeWindowFlags,
  }
}

/** Most records would fail (or none would be sent): the person confirms before anything goes. */
export function needsConfirmation(summary: PreflightSummary): boolean {
  return summary.valid === 0 || summary.failed > summary.valid
}
