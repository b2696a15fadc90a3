import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors/app-error'
import type { ColumnFailureCount, ParseProblem } from '../../../shared/models/files'
import type { FailureCause, JobProgress, JobSummary } from '../../../shared/models/upload-job'
import { readFailedRecords } from '../common/journal/failed-store'
import { jobPaths } from '../common/journal/job-store'
import { createJob, runJob, type NewJob } from './job-runner'

/**
 * What an upload would do, found by running it with sending switched off: the same upload
 * worker, prepare helpers, direct writers, mapping, request packing and gzip as a real upload,
 * with every request answered as accepted locally. So its figures are the upload's.
 */
export interface DryRunReport {
  /** Entries read (records and malformed entries). */
  readonly records: number
  /** Records that would be sent. */
  readonly wouldSend: number
  /** Records that would not be sent (parse, validation, oversize). */
  readonly failed: number
  readonly failedByCause: Partial<Record<FailureCause, number>>
  /** (column, reason) failures, most frequent first. */
  readonly failedByColumn: readonly ColumnFailureCount[]
  readonly parseErrors: { readonly count: number; readonly examples: readonly ParseProblem[] }
  readonly oversize: {
    readonly count: number
    readonly examples: ReadonlyArray<{ readonly line: number; readonly reason: string }>
  }
  /** The first few problems, with where they are. */
  readonly examples: ReadonlyArray<{
    readonly file: string
    readonly line: number
    readonly cause: FailureCause
    readonly message: string
  }>
  readonly droppedFields: number
  readonly timeWindowFlags: number
  /** Requests an upload would make, their JSON bytes and their bytes on the wire (gzip). */
  readonly requests: number
  readonly jsonBytes: number
  readonly wireBytes: number
  /** Bytes of the files read (compressed bytes for .gz). */
  readonly rawBytes: number
  readonly durationMs: number
  readonly cancelled: boolean
}

export interface DryRunOptions {
  /** LogDrop's data folder; the run's scratch journal goes under `dry-runs/` and is removed. */
  readonly dataDir: string
  readonly signal?: AbortSignal
  readonly onProgress?: (progress: JobProgress) => void
}

/** A (column, reason) group being counted. */
interface ColumnGroup {
  readonly column: string
  readonly code: ColumnFailureCount['code']
  count: number
  readonly examples: Array<ColumnFailureCount['examples'][number]>
}

const MAX_EXAMPLES = 20
const COLUMN_EXAMPLES = 3

/** Runs a job with sending switched off and reports what it would do. */
export async function dryRunJob(input: NewJob, options: DryRunOptions): Promise<DryRunReport> {
  // Validated and compiled like a real job, but kept out of the history.
  const scratch = join(options.dataDir, 'dry-runs')
  const definition = await createJob(input, scratch)
  const paths = jobPaths(scratch, definition.jobId)
  try {
    const handle = await runJob(definition, {
      dataDir: scratch,
      dryRun: true,
      tokenProvider: () =>
        Promise.reject(new AppError('internal/bug', 'a dry run asked for a token')),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    })
    const summary = await handle.result
    return await report(summary, paths.failed)
  } finally {
    await rm(paths.dir, { recursive: true, force: true })
  }
}

/** The summary's figures, with the failed store's examples grouped as the check shows them. */
async function report(summary: JobSummary, failedPath: string): Promise<DryRunReport> {
  const examples: Array<DryRunReport['examples'][number]> = []
  const parseExamples: ParseProblem[] = []
  const oversizeExamples: Array<{ line: number; reason: string }> = []
  const byColumn = new Map<string, ColumnGroup>()
  for await (const record of readFailedRecords(failedPath)) {
    const line = record.line ?? 0
    if (examples.length < MAX_EXAMPLES) {
      examples.push({ file: record.file, line, cause: record.cause, message: record.message })
    }
    if (record.cause === 'parse' && parseExamples.length < MAX_EXAMPLES) {
      parseExamples.push({
        severity: 'error',
        code: (record.code ?? 'parse/invalid-json') as ParseProblem['code'],
        line,
        ...(record.byteOffset === undefined ? {} : { byteOffset: record.byteOffset }),
        reason: record.message,
        ...(typeof record.source === 'string' ? { raw: record.source } : {}),
      })
    }
    if (record.cause === 'oversize' && oversizeExamples.length < MAX_EXAMPLES) {
      oversizeExamples.push({ line, reason: record.message })
    }
    for (const problem of record.columns ?? []) {
      const key = `${problem.column}\u0000${problem.code}`
      let group = byColumn.get(key)
      if (group === undefined) {
        group = {
          column: problem.column,
          code: problem.code as ColumnFailureCount['code'],
          count: 0,
          examples: [],
        }
        byColumn.set(key, group)
      }
      group.count += 1
      if (group.examples.length < COLUMN_EXAMPLES) {
        group.examples.push({ line, reason: problem.reason, value: problem.value })
      }
    }
  }
  const causes = summary.failedByCause
  return {
    records: summary.records.read,
    wouldSend: summary.records.accepted,
    failed: summary.records.failed,
    failedByCause: causes,
    failedByColumn: [...byColumn.values()].sort((a, b) => b.count - a.count),
    parseErrors: { count: causes.parse ?? 0, examples: parseExamples },
    oversize: { count: causes.oversize ?? 0, examples: oversizeExamples },
    examples,
    droppedFields: summary.droppedFields,
    timeWindowFlags: summary.timeWindowFlags,
    requests: summary.requests.accepted,
    jsonBytes: summary.bytes.json,
    wireBytes: summary.bytes.wire,
    rawBytes: summary.bytes.raw,
    durationMs: summary.durationMs,
    cancelled: summary.state === 'cancelled',
  }
}
