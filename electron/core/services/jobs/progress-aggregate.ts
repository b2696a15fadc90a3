import type {
  UploadFileProgress,
  UploadProgress,
  UploadSummary,
} from '../../../../shared/models/history'
import type { IngestionTarget } from '../../../../shared/models/target'
import { mergeSourceWarnings } from '../../../../shared/models/source-warnings'
import type {
  FailureCause,
  FileProgress,
  JobProgress,
  JobState,
  JobSummary,
} from '../../../../shared/models/upload-job'
import type { UploadMeta } from './upload-meta'

/**
 * Sums the engine's per-job progress and summaries over an upload's jobs, with file indexes and
 * names as the person chose them. Pure, so it is tested without running anything.
 */

function fileView(
  meta: UploadMeta,
  index: number,
  progress: FileProgress | undefined,
): UploadFileProgress {
  const file = meta.files[index]
  return {
    index,
    name: file?.name ?? `file ${index + 1}`,
    sizeBytes: progress?.sizeBytes ?? file?.size ?? 0,
    bytesRead: progress?.bytesRead ?? 0,
    recordsRead: progress?.recordsRead ?? 0,
    recordsAccepted: progress?.recordsAccepted ?? 0,
    recordsFailed: progress?.recordsFailed ?? 0,
    recordsSkipped: progress?.recordsSkipped ?? 0,
    done: progress?.done ?? false,
  }
}

/** Per-file progress of the upload from what each engine job reported (undefined: not run). */
export function uploadFiles(
  meta: UploadMeta,
  perChild: ReadonlyArray<readonly FileProgress[] | undefined>,
): UploadFileProgress[] {
  return meta.files.map((file, index) =>
    fileView(meta, index, perChild[file.child]?.[file.childFileIndex]),
  )
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

/**
 * One progress event for the upload: counters summed over its jobs (finished ones from their
 * last report), rates and limits from the running one, ETA over the bytes still to read.
 */
export function aggregateProgress(
  meta: UploadMeta,
  state: JobState,
  perChild: ReadonlyArray<JobProgress | undefined>,
  current: number,
  elapsedMs: number,
): UploadProgress {
  const reports = perChild.filter((p): p is JobProgress => p !== undefined)
  const live = perChild[current]
  const bytesTotal = sum(meta.files.map((f) => f.size))
  const bytesRead = sum(reports.map((p) => p.bytesRead))
  const rate = live?.bytesPerSecond ?? 0
  return {
    jobId: meta.uploadId,
    label: meta.label,
    state,
    elapsedMs,
    recordsRead: sum(reports.map((p) => p.recordsRead)),
    recordsSent: sum(reports.map((p) => p.recordsSent)),
    recordsAccepted: sum(reports.map((p) => p.recordsAccepted)),
    recordsFailed: sum(reports.map((p) => p.recordsFailed)),
    recordsSkipped: sum(reports.map((p) => p.recordsSkipped)),
    bytesRead,
    bytesTotal,
    bytesWire: sum(reports.map((p) => p.bytesWire)),
    requestsInFlight: live?.requestsInFlight ?? 0,
    concurrencyLimit: live?.concurrencyLimit ?? 0,
    gzipLevel: live?.gzipLevel ?? 0,
    bytesPerSecond: rate,
    recordsPerSecond: live?.recordsPerSecond ?? 0,
    etaMs:
      state === 'running' && rate > 0
        ? Math.round((Math.max(0, bytesTotal - bytesRead) / rate) * 1000)
        : null,
    files: uploadFiles(
      meta,
      perChild.map((p) => p?.files),
    ),
  }
}

/** The state of a whole upload from its jobs' final states. */
export function overallState(states: readonly JobState[]): JobState {
  if (states.includes('running')) return 'running'
  if (states.includes('paused')) return 'paused'
  if (states.includes('stopped')) return 'stopped'
  if (states.includes('cancelled')) return 'cancelled'
  if (states.includes('interrupted')) return 'interrupted'
  return states.includes('completed-with-failures') ? 'completed-with-failures' : 'completed'
}

function addCauses(
  into: Partial<Record<FailureCause, number>>,
  from: Readonly<Partial<Record<FailureCause, number>>>,
): void {
  for (const [cause, count] of Object.entries(from) as Array<[FailureCause, number]>) {
    into[cause] = (into[cause] ?? 0) + count
  }
}

/**
 * The upload's summary from its jobs' summaries (undefined for a job that never finished a run).
 * Record counts are cumulative over runs, as the engine keeps them.
 */
export function aggregateSummary(
  meta: UploadMeta,
  summaries: ReadonlyArray<JobSummary | undefined>,
  state: JobState,
  window: { readonly startedAt: string; readonly finishedAt: string },
): UploadSummary {
  const done = summaries.filter((s): s is JobSummary => s !== undefined)
  const failedByCause: Partial<Record<FailureCause, number>> = {}
  for (const s of done) addCauses(failedByCause, s.failedByCause)
  const target: IngestionTarget = meta.target
  const error = done.find((s) => s.error !== undefined)?.error
  return {
    jobId: meta.uploadId,
    label: meta.label,
    state,
    startedAt: window.startedAt,
    finishedAt: window.finishedAt,
    durationMs: Math.max(0, Date.parse(window.finishedAt) - Date.parse(window.startedAt)),
    target,
    records: {
      read: sum(done.map((s) => s.records.read)),
      accepted: sum(done.map((s) => s.records.accepted)),
      failed: sum(done.map((s) => s.records.failed)),
      skipped: sum(done.map((s) => s.records.skipped)),
      notSent: sum(done.map((s) => s.records.notSent)),
    },
    failedByCause,
    droppedFields: sum(done.map((s) => s.droppedFields)),
    timeWindowFlags: sum(done.map((s) => s.timeWindowFlags)),
    sourceWarnings: mergeSourceWarnings(done.map((s) => s.sourceWarnings)),
    duplicatesPossible: {
      records: sum(done.map((s) => s.duplicatesPossible.records)),
      requests: sum(done.map((s) => s.duplicatesPossible.requests)),
    },
    bytes: {
      raw: sum(done.map((s) => s.bytes.raw)),
      json: sum(done.map((s) => s.bytes.json)),
      wire: sum(done.map((s) => s.bytes.wire)),
    },
    requests: {
      sent: sum(done.map((s) => s.requests.sent)),
      accepted: sum(done.map((s) => s.requests.accepted)),
      retries: sum(done.map((s) => s.requests.retries)),
      throttled: sum(done.map((s) => s.requests.throttled)),
      splits: sum(done.map((s) => s.requests.splits)),
    },
    gzipLevels: [...new Set(done.flatMap((s) => s.gzipLevels))].sort((a, b) => a - b),
    files: uploadFiles(
      meta,
      summaries.map((s) => s?.files),
    ),
    ...(error === undefined ? {} : { error }),
  }
}
