import { AppError } from '../../../../shared/errors/app-error'
import type { EventName, EventPayload, InvokeParsed } from '../../../../shared/ipc/contract'
import type {
  FailedPage,
  FailedSummary,
  HistoryEntry,
  JobControlResult,
  RecordValidation,
  SaveOutcome,
  StartedUpload,
  UploadProgress,
  VerifyResult,
} from '../../../../shared/models/history'
import type { Settings } from '../../../../shared/models/settings'
import { isFinished } from '../../../engine/common/journal/job-state'
import { jobPaths } from '../../../engine/common/journal/job-store'
import type { AuthService } from '../../auth/auth-service'
import type { Logger } from '../../../platform/logger'
import type { Downloads } from '../files/downloads'
import type { FilesService } from '../files/files-service'
import type { TargetService } from '../target/target-service'
import { deleteFailed } from './failed-delete'
import { loadEdits, saveEdits, updateFailed } from './failed-edits'
import { filterOf } from './failed-kinds'
import { exportFailed, listFailed, summarizeFailed } from './failed-records'
import { migrateOldUploads } from './migrate-uploads'
import { RunningUploads } from './running-uploads'
import { findUpload, listUploads, toHistoryEntry, type LiveStates } from './upload-history'
import { resumeUpload, retryFailed, startUpload, type StartDeps } from './upload-start'
import { verifyUpload } from './upload-verify'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface JobsServiceOptions {
  readonly dataDir: string
  readonly logger: Logger
  readonly auth: AuthService
  readonly targets: TargetService
  readonly files: FilesService
  readonly downloads: Downloads
  readonly settings: () => Settings
  readonly emit: Emit
}

/** How long a shutdown waits for running uploads to write their journals. */
const SHUTDOWN_WAIT_MS = 15_000

/**
 * Uploads as the renderer asks for them: one upload is one engine job. Starting and control
 * (upload-start, running-uploads), history (upload-history), failed records (failed-records)
 * and the verify (upload-verify) each live in their own module; this binds them together.
 */
export class JobsService {
  private readonly running: RunningUploads
  private readonly live: LiveStates
  private readonly deps: StartDeps
  /** Uploads of the old layout (several jobs each) become one job once, before anything. */
  private readonly migrated: Promise<void>

  constructor(private readonly options: JobsServiceOptions) {
    this.running = new RunningUploads(options.emit, options.logger)
    this.live = (jobId) => this.running.live(jobId)
    this.deps = { ...options, running: this.running }
    this.migrated = migrateOldUploads(options.dataDir, options.logger)
    options.files.setInUseCheck((path) => this.isPathInUse(path))
  }

  async start(request: InvokeParsed<'jobs:start'>): Promise<StartedUpload> {
    await this.migrated
    return startUpload(this.deps, request)
  }

  pause(jobId: string): JobControlResult {
    return this.running.pause(jobId)
  }

  resume(jobId: string): JobControlResult {
    return this.running.resume(jobId)
  }

  cancel(jobId: string): JobControlResult {
    return this.running.cancel(jobId)
  }

  activeProgress(): UploadProgress[] {
    return this.running.progressAll()
  }

  /** Every upload, newest first. */
  async history(): Promise<HistoryEntry[]> {
    await this.migrated
    return (await listUploads(this.options.dataDir, this.live)).map(toHistoryEntry)
  }

  async resumeUpload(jobId: string, accountId: string | undefined): Promise<StartedUpload> {
    await this.migrated
    return resumeUpload(this.deps, jobId, accountId)
  }

  /** Uploaded copies an unfinished upload still reads are kept when their entry is removed. */
  private async isPathInUse(path: string): Promise<boolean> {
    if (this.running.paths().includes(path)) return true
    const uploads = await listUploads(this.options.dataDir, this.live)
    return uploads.some(
      ({ job, status }) => !isFinished(status.state) && job.files.some((f) => f.path === path),
    )
  }

  private async upload(jobId: string) {
    await this.migrated
    return findUpload(this.options.dataDir, jobId, this.live)
  }

  async failedSummary(jobId: string): Promise<FailedSummary> {
    const { job } = await this.upload(jobId)
    return summarizeFailed(this.options.dataDir, job, await loadEdits(this.paths(jobId)))
  }

  async failedList(request: InvokeParsed<'failed:list'>): Promise<FailedPage> {
    const { job } = await this.upload(request.jobId)
    return listFailed(this.options.dataDir, job, await loadEdits(this.paths(job.jobId)), {
      ...filterOf(request),
      offset: request.offset,
      limit: request.limit,
    })
  }

  /** Deletes failed records (see `failed:delete`); never while the upload runs. */
  async failedDelete(request: InvokeParsed<'failed:delete'>): Promise<{ deleted: number }> {
    const { job } = await this.upload(request.jobId)
    if (this.running.has(job.jobId)) throw new AppError('jobs/already-running', job.jobId)
    const removed = await deleteFailed(this.options.dataDir, job, {
      ids: request.recordIds === undefined ? undefined : new Set(request.recordIds),
      filter: filterOf(request),
    })
    const paths = this.paths(job.jobId)
    const edits = await loadEdits(paths)
    const kept = Object.fromEntries(Object.entries(edits).filter(([id]) => !removed.has(id)))
    if (Object.keys(kept).length !== Object.keys(edits).length) await saveEdits(paths, kept)
    this.options.logger.info('jobs', 'failed records deleted', {
      jobId: job.jobId,
      deleted: removed.size,
    })
    this.options.emit('history:changed', { jobId: job.jobId })
    return { deleted: removed.size }
  }

  /** Checks an edited record with the upload's rules and keeps it when valid. */
  async failedUpdate(request: InvokeParsed<'failed:update'>): Promise<RecordValidation> {
    const { job } = await this.upload(request.jobId)
    return updateFailed(this.options.dataDir, job, request.recordId, request.record)
  }

  async failedExport(request: InvokeParsed<'failed:export'>): Promise<SaveOutcome> {
    const { job } = await this.upload(request.jobId)
    const edits = await loadEdits(this.paths(job.jobId))
    const selection = {
      cause: request.cause,
      ...(request.recordIds === undefined ? {} : { ids: new Set(request.recordIds) }),
    }
    const csv = request.format === 'csv'
    return this.options.downloads.save(
      `failed-${job.jobId}.${csv ? 'csv' : 'ndjson'}`,
      csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      csv
        ? { name: 'CSV', extensions: ['csv'] }
        : { name: 'NDJSON', extensions: ['ndjson', 'jsonl'] },
      (out) => exportFailed(this.options.dataDir, job, edits, request.format, selection, out),
    )
  }

  async failedRetry(request: InvokeParsed<'failed:retry'>): Promise<StartedUpload> {
    await this.migrated
    return retryFailed(this.deps, request)
  }

  async verify(request: InvokeParsed<'history:verify'>): Promise<VerifyResult> {
    await this.migrated
    return verifyUpload({ ...this.options, live: this.live }, request)
  }

  /** Leaves running uploads interrupted (journals flushed), to be resumed after a restart. */
  async shutdown(): Promise<void> {
    await this.running.shutdown(SHUTDOWN_WAIT_MS)
  }

  private paths(jobId: string) {
    return jobPaths(this.options.dataDir, jobId)
  }
}
