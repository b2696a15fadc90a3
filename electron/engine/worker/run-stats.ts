import type { AppErrorCode, AppErrorData } from '../../../shared/errors/app-error'
import type {
  FailureCause,
  FileProgress,
  JobDefinition,
  JobProgress,
  JobState,
  JobSummary,
  SourceWarningCount,
} from '../../../shared/models/upload-job'
import type { ReplayedJob } from './ledger'
import { estimateEtaMs, RateMeter } from './rate-meter'

interface FileCounters {
  bytesRead: number
  recordsRead: number
  recordsAccepted: number
  recordsFailed: number
  recordsSkipped: number
  done: boolean
}

/**
 * The counters of one run, and the progress events and summary built from them.
 *
 * Record counts in the summary are cumulative over every run of the job (a resumed job adds
 * to what earlier runs did); bytes, requests and duration are this run's.
 */
export class RunStats {
  readonly files: FileCounters[]
  read = 0
  skipped = 0
  sent = 0
  accepted = 0
  failed = 0
  readonly failedByCause: Partial<Record<FailureCause, number>> = {}
  droppedFields = 0
  timeWindowFlags = 0
  /** Source warnings by code, in the order first seen. */
  private readonly warnings = new Map<AppErrorCode, { count: number; example: string }>()
  jsonBytes = 0
  wireBytes = 0
  requests = 0
  acceptedRequests = 0
  retries = 0
  throttled = 0
  splits = 0
  /** Records retried after a network error that may have reached the service. */
  unsureRecords = 0
  unsureRequests = 0
  private readonly meter = new RateMeter()
  private readonly startedAtMs: number

  constructor(
    private readonly job: JobDefinition,
    private readonly replay: ReplayedJob,
    private readonly startedAt: Date,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.files = job.files.map(() => ({
      bytesRead: 0,
      recordsRead: 0,
      recordsAccepted: 0,
      recordsFailed: 0,
      recordsSkipped: 0,
      done: false,
    }))
    this.startedAtMs = clock()
  }

  file(index: number): FileCounters {
    const counters = this.files[index]
    if (counters === undefined) throw new Error(`no file ${index}`)
    return counters
  }

  addFailed(cause: FailureCause, fileIndex: number, count = 1): void {
    this.failed += count
    this.failedByCause[cause] = (this.failedByCause[cause] ?? 0) + count
    this.file(fileIndex).recordsFailed += count
  }

  /** Counts a source warning; true for the first of its code (worth a log line). */
  addWarning(code: AppErrorCode, reason: string): boolean {
    const seen = this.warnings.get(code)
    if (seen !== undefined) {
      seen.count += 1
      return false
    }
    this.warnings.set(code, { count: 1, example: reason })
    return true
  }

  get sourceWarnings(): SourceWarningCount[] {
    return [...this.warnings].map(([code, { count, example }]) => ({ code, count, example }))
  }

  get bytesRead(): number {
    let total = 0
    for (const file of this.files) total += file.bytesRead
    return total
  }

  get bytesTotal(): number {
    let total = 0
    for (const file of this.job.files) total += file.size
    return total
  }

  private fileProgress(): FileProgress[] {
    return this.job.files.map((file, index) => {
      const counters = this.file(index)
      return {
        index,
        path: file.path,
        sizeBytes: file.size,
        bytesRead: counters.bytesRead,
        recordsRead: counters.recordsRead,
        recordsAccepted: counters.recordsAccepted,
        recordsFailed: counters.recordsFailed,
        recordsSkipped: counters.recordsSkipped,
        done: counters.done,
      }
    })
  }

  /** A progress event for now. */
  progress(
    state: JobState,
    live: { inFlight: number; limit: number; gzipLevel: number },
  ): JobProgress {
    const now = this.clock()
    const bytesRead = this.bytesRead
    this.meter.sample(now, bytesRead, this.read + this.skipped)
    const { bytesPerSecond, recordsPerSecond } = this.meter.rates()
    return {
      jobId: this.job.jobId,
      state,
      elapsedMs: Math.round(now - this.startedAtMs),
      recordsRead: this.read + this.skipped,
      recordsSent: this.sent,
      recordsAccepted: this.replay.accepted + this.accepted,
      recordsFailed: this.replay.failed + this.failed,
      recordsSkipped: this.skipped,
      bytesRead,
      bytesTotal: this.bytesTotal,
      bytesWire: this.wireBytes,
      requestsInFlight: live.inFlight,
      concurrencyLimit: live.limit,
      gzipLevel: live.gzipLevel,
      bytesPerSecond: Math.round(bytesPerSecond),
      recordsPerSecond: Math.round(recordsPerSecond),
      etaMs: estimateEtaMs(this.bytesTotal - bytesRead, bytesPerSecond),
      files: this.fileProgress(),
    }
  }

  /** The summary of the run that just ended. */
  summary(state: JobState, gzipLevels: readonly number[], error?: AppErrorData): JobSummary {
    const failedByCause: Partial<Record<FailureCause, number>> = { ...this.replay.failedByCause }
    for (const [cause, count] of Object.entries(this.failedByCause) as Array<
      [FailureCause, number]
    >) {
      failedByCause[cause] = (failedByCause[cause] ?? 0) + count
    }
    const finishedAt = new Date()
    return {
      jobId: this.job.jobId,
      state,
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.round(this.clock() - this.startedAtMs),
      target: this.job.target,
      records: {
        read: this.read + this.skipped,
        accepted: this.replay.accepted + this.accepted,
        failed: this.replay.failed + this.failed,
        skipped: this.skipped,
        notSent: Math.max(0, this.read - this.accepted - this.failed),
      },
      failedByCause,
      droppedFields: this.droppedFields,
      timeWindowFlags: this.timeWindowFlags,
      sourceWarnings: this.sourceWarnings,
      duplicatesPossible: {
        records: this.replay.unansweredRecords + this.replay.unsureRecords + this.unsureRecords,
        requests: this.replay.unansweredRequests + this.replay.unsureRequests + this.unsureRequests,
      },
      bytes: { raw: this.bytesRead, json: this.jsonBytes, wire: this.wireBytes },
      requests: {
        sent: this.requests,
        accepted: this.acceptedRequests,
        retries: this.retries,
        throttled: this.throttled,
        splits: this.splits,
      },
      gzipLevels,
      files: this.fileProgress(),
      ...(error === undefined ? {} : { error }),
    }
  }
}
