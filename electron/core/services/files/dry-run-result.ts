import type { DryRunResult, FileId } from '../../../../shared/models/files'
import type { DryRunReport } from '../../../engine/main/dry-run'

/**
 * The engine's dry run of one file as the Files screen shows it: the `top` most frequent
 * (column, reason) failures, and the fields of the file no column reads.
 */
export function toDryRunResult(
  fileId: FileId,
  report: DryRunReport,
  top: number,
  droppedFieldNames: readonly string[],
): DryRunResult {
  return {
    fileId,
    records: report.records,
    valid: report.wouldSend,
    failed: report.failed,
    failedByCause: report.failedByCause,
    failedByColumn: report.failedByColumn.slice(0, top),
    parseErrors: report.parseErrors,
    oversize: report.oversize,
    timeWindowFlags: report.timeWindowFlags,
    droppedFields: { total: report.droppedFields, fields: droppedFieldNames },
    requests: report.requests,
    jsonBytes: report.jsonBytes,
    rawBytes: report.rawBytes,
    durationMs: report.durationMs,
    cancelled: report.cancelled,
  }
}
