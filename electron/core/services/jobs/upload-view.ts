import { basename } from 'node:path'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type {
  UploadFileProgress,
  UploadProgress,
  UploadSummary,
} from '../../../../shared/models/history'
import type { IngestionTarget } from '../../../../shared/models/target'
import type {
  FileProgress,
  JobDefinition,
  JobFile,
  JobProgress,
  JobSummary,
} from '../../../../shared/models/upload-job'

/**
 * The engine's job as the renderer sees it: the same numbers, with each file under the name
 * the person knows it by (a browser upload's copy lives under another path).
 */

export function fileName(file: JobFile): string {
  return file.name ?? basename(file.path)
}

/** The job's label, or its files' names when it has none (a CLI job). */
export function uploadLabel(job: JobDefinition): string {
  return job.label ?? job.files.map(fileName).join(', ').slice(0, 200)
}

export function ingestionTarget(job: JobDefinition): IngestionTarget {
  const { endpoint, dcrImmutableId, streamName } = job.target
  return { endpoint, dcrImmutableId, streamName }
}

/** Per-file progress, every file of the job listed (those not reached yet at zero). */
export function uploadFiles(
  job: JobDefinition,
  files: readonly FileProgress[] | undefined,
): UploadFileProgress[] {
  return job.files.map((file, index) => {
    const progress = files?.[index]
    return {
      index,
      name: fileName(file),
      sizeBytes: progress?.sizeBytes ?? file.size,
      bytesRead: progress?.bytesRead ?? 0,
      recordsRead: progress?.recordsRead ?? 0,
      recordsAccepted: progress?.recordsAccepted ?? 0,
      recordsFailed: progress?.recordsFailed ?? 0,
      recordsSkipped: progress?.recordsSkipped ?? 0,
      done: progress?.done ?? false,
    }
  })
}

export function toUploadProgress(job: JobDefinition, progress: JobProgress): UploadProgress {
  return { ...progress, label: uploadLabel(job), files: uploadFiles(job, progress.files) }
}

export function toUploadSummary(job: JobDefinition, summary: JobSummary): UploadSummary {
  return {
    ...summary,
    label: uploadLabel(job),
    target: ingestionTarget(job),
    files: uploadFiles(job, summary.files),
  }
}

/** The first progress of a run, before the worker reports. */
export function startingProgress(job: JobDefinition): UploadProgress {
  return {
    jobId: job.jobId,
    label: uploadLabel(job),
    state: 'running',
    elapsedMs: 0,
    recordsRead: 0,
    recordsSent: 0,
    recordsAccepted: 0,
    recordsFailed: 0,
    recordsSkipped: 0,
    bytesRead: 0,
    bytesTotal: job.files.reduce((a, f) => a + f.size, 0),
    bytesWire: 0,
    requestsInFlight: 0,
    concurrencyLimit: 0,
    gzipLevel: 0,
    bytesPerSecond: 0,
    recordsPerSecond: 0,
    etaMs: null,
    files: uploadFiles(job, undefined),
  }
}

/** The summary of a run whose worker broke (no summary from the engine): stopped, with why. */
export function crashedSummary(
  job: JobDefinition,
  latest: UploadProgress,
  error: AppErrorData,
): UploadSummary {
  const now = new Date()
  return {
    jobId: job.jobId,
    label: uploadLabel(job),
    state: 'stopped',
    startedAt: new Date(now.getTime() - latest.elapsedMs).toISOString(),
    finishedAt: now.toISOString(),
    durationMs: latest.elapsedMs,
    target: ingestionTarget(job),
    records: {
      read: latest.recordsRead,
      accepted: latest.recordsAccepted,
      failed: latest.recordsFailed,
      skipped: latest.recordsSkipped,
      notSent: Math.max(0, latest.recordsRead - latest.recordsAccepted - latest.recordsFailed),
    },
    failedByCause: {},
    droppedFields: 0,
    timeWindowFlags: 0,
    duplicatesPossible: { records: 0, requests: 0 },
    bytes: { raw: latest.bytesRead, json: 0, wire: latest.bytesWire },
    requests: { sent: 0, accepted: 0, retries: 0, throttled: 0, splits: 0 },
    gzipLevels: [],
    files: latest.files,
    error,
  }
}
