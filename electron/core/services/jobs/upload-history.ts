import { AppError } from '../../../../shared/errors/app-error'
import type { HistoryEntry } from '../../../../shared/models/history'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import {
  isResumable,
  readJobStatus,
  type JobStatus,
  type LiveState,
} from '../../../engine/common/journal/job-state'
import { jobPaths, listJobIds, loadJobDefinition } from '../../../engine/common/journal/job-store'
import { firstRunStart } from './run-windows'
import { fileName, ingestionTarget, toUploadSummary, uploadLabel } from './upload-view'

/** An upload (one engine job) with what its journal says. */
export interface Upload {
  readonly job: JobDefinition
  readonly status: JobStatus
  /** When its first run started (undefined: it never ran). */
  readonly startedAt: string | undefined
}

/** Tells whether this app runs a job right now, and in which state. */
export type LiveStates = (jobId: string) => LiveState

/** One upload by id; `jobs/not-found` when the data folder has no such job. */
export async function findUpload(
  dataDir: string,
  jobId: string,
  live: LiveStates,
): Promise<Upload> {
  const paths = jobPaths(dataDir, jobId)
  let job: JobDefinition
  try {
    job = await loadJobDefinition(paths)
  } catch (error) {
    throw new AppError('jobs/not-found', jobId, { cause: error })
  }
  return {
    job,
    status: await readJobStatus(paths, live(jobId)),
    startedAt: await firstRunStart(paths),
  }
}

/** Every upload in the data folder (the app's and the CLI's), newest first. */
export async function listUploads(dataDir: string, live: LiveStates): Promise<Upload[]> {
  const uploads: Upload[] = []
  for (const jobId of await listJobIds(dataDir)) {
    try {
      uploads.push(await findUpload(dataDir, jobId, live))
    } catch {
      // A folder without a readable job.json is not an upload (a copy, a half-made retry).
    }
  }
  return uploads.sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt))
}

export function toHistoryEntry({ job, status, startedAt }: Upload): HistoryEntry {
  const { state, summary } = status
  const running = state === 'running' || state === 'paused'
  const view = summary === undefined ? null : toUploadSummary(job, { ...summary, state })
  return {
    jobId: job.jobId,
    label: uploadLabel(job),
    createdAt: job.createdAt,
    state,
    target: ingestionTarget(job),
    files: job.files.map((file) => ({ name: fileName(file), size: file.size })),
    records: view?.records ?? null,
    failedByCause: view?.failedByCause ?? {},
    startedAt: startedAt ?? null,
    finishedAt: running || state === 'interrupted' ? null : (summary?.finishedAt ?? null),
    resumable: isResumable(state),
    hasFailed: (view?.records.failed ?? 0) > 0,
    retryOf: job.retryOf ?? null,
    destination: job.destination ?? null,
    error: view?.error ?? null,
    summary: view,
  }
}
