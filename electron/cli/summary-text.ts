import type { JobSummary } from '../../shared/models/upload-job'
import { isResumable } from '../engine/common/journal/job-state'
import type { DryRunReport } from '../engine/main/dry-run'
import { formatBytes, formatDuration } from './progress-line'

const number = new Intl.NumberFormat('en-US')

/** Commands that continue a job, for the summary (text and --json). */
export interface NextSteps {
  readonly resume?: string
  readonly retryFailed?: string
  readonly exportFailed?: string
}

/** What the user can do next, depending on how the job ended. */
export function nextSteps(summary: JobSummary): NextSteps {
  const id = summary.jobId
  return {
    ...(isResumable(summary.state) ? { resume: `logdrop resume ${id}` } : {}),
    ...(summary.records.failed > 0
      ? {
          retryFailed: `logdrop failed retry ${id}`,
          exportFailed: `logdrop failed export ${id} --format csv --out failed.csv`,
        }
      : {}),
  }
}

const STATE_TEXT: Record<JobSummary['state'], string> = {
  running: 'is running',
  paused: 'is paused',
  completed: 'completed',
  'completed-with-failures': 'completed with failures',
  stopped: 'stopped',
  cancelled: 'was cancelled',
  interrupted: 'was interrupted',
}

/** The summary as a few lines for a person. */
export function summaryText(summary: JobSummary): string {
  const r = summary.records
  const seconds = summary.durationMs / 1000
  const rate = seconds > 0 ? summary.bytes.raw / seconds : 0
  const lines = [
    `Upload ${summary.jobId} ${STATE_TEXT[summary.state]} in ${formatDuration(summary.durationMs)}.`,
    `  Records: ${number.format(r.accepted)} accepted, ${number.format(r.failed)} failed` +
      (r.notSent > 0 ? `, ${number.format(r.notSent)} not sent` : '') +
      (r.skipped > 0 ? ` (${number.format(r.skipped)} done by an earlier run)` : '') +
      '.',
  ]
  const causes = Object.entries(summary.failedByCause)
  if (causes.length > 0) {
    lines.push(
      `  Failed by cause: ${causes.map(([c, n]) => `${c} ${number.format(n)}`).join(', ')}.`,
    )
  }
  lines.push(
    `  Data: ${formatBytes(summary.bytes.raw)} read at ${formatBytes(rate)}/s, ` +
      `${formatBytes(summary.bytes.wire)} sent (gzip ${summary.gzipLevels.join('→')}), ` +
      `${number.format(summary.requests.sent)} requests, ${number.format(summary.requests.retries)} retries, ` +
      `${number.format(summary.requests.throttled)} throttled.`,
  )
  if (summary.droppedFields > 0 || summary.timeWindowFlags > 0) {
    lines.push(
      `  Mapping: ${number.format(summary.droppedFields)} source fields dropped (no column), ` +
        `${number.format(summary.timeWindowFlags)} records with a time outside [-2 days, +1 day].`,
    )
  }
  if (summary.duplicatesPossible.records > 0) {
    lines.push(
      `  Possible duplicates: ${number.format(summary.duplicatesPossible.records)} records in ` +
        `${number.format(summary.duplicatesPossible.requests)} requests that may have reached Azure before an interruption.`,
    )
  }
  if (summary.error !== undefined) lines.push(`  ${summary.error.message}`)
  const next = nextSteps(summary)
  if (next.resume !== undefined) lines.push(`  Continue:      ${next.resume}`)
  if (next.retryFailed !== undefined) lines.push(`  Retry failed:  ${next.retryFailed}`)
  if (next.exportFailed !== undefined) lines.push(`  Export failed: ${next.exportFailed}`)
  return `${lines.join('\n')}\n`
}

/** A dry run's report for a person. */
export function dryRunText(report: DryRunReport): string {
  const lines = [
    `Dry run: ${number.format(report.records)} records read (${formatBytes(report.rawBytes)}); ` +
      `${number.format(report.wouldSend)} would be sent in ${number.format(report.requests)} requests ` +
      `(${formatBytes(report.jsonBytes)} of JSON).`,
  ]
  const causes = Object.entries(report.failedByCause)
  if (causes.length > 0) {
    lines.push(`  Would fail: ${causes.map(([c, n]) => `${c} ${number.format(n)}`).join(', ')}.`)
    for (const example of report.examples.slice(0, 10)) {
      lines.push(`    ${example.file}:${example.line} ${example.cause}: ${example.message}`)
    }
  }
  if (report.droppedFields > 0 || report.timeWindowFlags > 0) {
    lines.push(
      `  ${number.format(report.droppedFields)} source fields would be dropped; ` +
        `${number.format(report.timeWindowFlags)} records have a time outside [-2 days, +1 day].`,
    )
  }
  return `${lines.join('\n')}\n`
}
