import { access } from 'node:fs/promises'
import {
  AppError,
  isAppError,
  toErrorData,
  type AppErrorData,
} from '../../../../shared/errors/app-error'
import type { UploadProgress, UploadSummary } from '../../../../shared/models/history'
import type { JobProgress, JobState, JobSummary } from '../../../../shared/models/upload-job'
import {
  resumeJob,
  STOP_DRAIN_MS,
  type JobHandle,
  type TokenProvider,
} from '../../../engine/main/job-runner'
import {
  jobPaths,
  loadSummary,
  lockHolder,
  releaseLock,
} from '../../../engine/common/journal/job-store'
import type { Logger } from '../../../platform/logger'
import { aggregateProgress, aggregateSummary, overallState } from './progress-aggregate'
import type { UploadMeta, UploadMetaStore } from './upload-meta'

/** Shortest gap between two progress events of one upload (state changes go out at once). */
export const PROGRESS_INTERVAL_MS = 200

export interface UploadRunDeps {
  readonly dataDir: string
  readonly logger: Logger
  readonly metaStore: UploadMetaStore
  readonly tokenProvider: TokenProvider
  readonly onProgress: (progress: UploadProgress) => void
  readonly onFinished: (summary: UploadSummary) => void
}

/** True for the states a finished engine job ends in. */
export function isFinished(state: JobState | undefined): boolean {
  return state === 'completed' || state === 'completed-with-failures'
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** A finished job's numbers in the shape of a progress report (for the upload's totals). */
export function progressFromSummary(summary: JobSummary): JobProgress {
  return {
    jobId: summary.jobId,
    state: summary.state,
    elapsedMs: summary.durationMs,
    recordsRead: summary.records.read,
    recordsSent: summary.records.accepted + summary.records.failed,
    recordsAccepted: summary.records.accepted,
    recordsFailed: summary.records.failed,
    recordsSkipped: summary.records.skipped,
    bytesRead: summary.files.reduce((a, f) => a + f.bytesRead, 0),
    bytesTotal: summary.files.reduce((a, f) => a + f.sizeBytes, 0),
    bytesWire: summary.bytes.wire,
    requestsInFlight: 0,
    concurrencyLimit: 0,
    gzipLevel: 0,
    bytesPerSecond: 0,
    recordsPerSecond: 0,
    etaMs: null,
    files: summary.files,
  }
}

/**
 * One upload running in this app: its engine jobs one after the other (each in the engine's
 * worker thread), with pause, resume and cancel passed to the running one, progress summed and
 * throttled, and every run's start and end written to the upload's metadata.
 *
 * A job whose journal says it finished is skipped, so the same loop starts a new upload and
 * continues an interrupted one.
 */
export class ActiveUpload {
  private handle: JobHandle | undefined
  private current = 0
  private paused = false
  private cancelled = false
  private stoppingForShutdown = false
  private state: JobState = 'running'
  private readonly perChild: Array<JobProgress | undefined>
  private readonly summaries: Array<JobSummary | undefined>
  private readonly startedAtMs = Date.now()
  private lastEmit = 0
  private trailing: NodeJS.Timeout | undefined
  private latest: UploadProgress
  /** Resolves when the loop has ended (after `jobs:finished`). */
  readonly done: Promise<void>

  constructor(
    readonly meta: UploadMeta,
    private readonly deps: UploadRunDeps,
  ) {
    this.perChild = meta.children.map(() => undefined)
    this.summaries = meta.children.map(() => undefined)
    this.latest = aggregateProgress(meta, 'running', this.perChild, 0, 0)
    this.done = this.loop()
  }

  get jobId(): string {
    return this.meta.uploadId
  }

  progress(): UploadProgress {
    return this.latest
  }

  currentState(): JobState {
    return this.state
  }

  pause(): void {
    if (this.cancelled || this.paused) return
    this.paused = true
    this.handle?.pause()
    this.setState('paused')
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.handle?.resume()
    this.setState('running')
  }

  cancel(): void {
    this.cancelled = true
    this.handle?.cancel()
  }

  /**
   * Stops for an app shutdown: the upload is left interrupted, to be resumed later. It pauses
   * first and lets the requests in flight be answered (for a few seconds at most), so that the
   * ledger records them and the resumed upload sends none of them a second time.
   */
  async stopForShutdown(timeoutMs: number): Promise<void> {
    this.stoppingForShutdown = true
    this.meta.interrupted = true
    await this.deps.metaStore.save(this.meta).catch(() => undefined)
    const deadline = Date.now() + timeoutMs
    // Paused first, so that no further job of the upload starts meanwhile.
    this.pause()
    await this.handle?.stop(Math.min(STOP_DRAIN_MS, timeoutMs / 2))
    this.cancel()
    await this.doneWithin(deadline - Date.now())
  }

  /** True when the upload's loop ended within `timeoutMs`. */
  private async doneWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const ended = await Promise.race([
      this.done.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs))
      }),
    ])
    clearTimeout(timer)
    return ended
  }

  private setState(state: JobState): void {
    if (state === this.state) return
    this.state = state
    this.emit(true)
  }

  private emit(force: boolean): void {
    this.latest = aggregateProgress(
      this.meta,
      this.state,
      this.perChild,
      this.current,
      Date.now() - this.startedAtMs,
    )
    const now = Date.now()
    if (force || now - this.lastEmit >= PROGRESS_INTERVAL_MS) {
      clearTimeout(this.trailing)
      this.trailing = undefined
      this.lastEmit = now
      this.deps.onProgress(this.latest)
      return
    }
    // Keep the last numbers of a burst: send them when the interval is over.
    this.trailing ??= setTimeout(
      () => {
        this.trailing = undefined
        this.emit(true)
      },
      PROGRESS_INTERVAL_MS - (now - this.lastEmit),
    )
  }

  private async saveMeta(): Promise<void> {
    await this.deps.metaStore.save(this.meta)
  }

  private async loop(): Promise<void> {
    const startedAt = new Date().toISOString()
    let error: AppErrorData | undefined
    const { dataDir, logger } = this.deps
    for (const [index, jobId] of this.meta.children.entries()) {
      this.current = index
      const paths = jobPaths(dataDir, jobId)
      const saved = await loadSummary(paths)
      if (isFinished(saved?.state) && !(await exists(paths.lock))) {
        this.summaries[index] = saved
        this.perChild[index] = saved === undefined ? undefined : progressFromSummary(saved)
        continue
      }
      if (this.cancelled) break
      // A lock held by this very process but by no running upload is left from an app
      // context that was closed (tests restart the services in one process).
      if ((await lockHolder(paths)) === process.pid) await releaseLock(paths)
      const run: UploadMeta['runs'][number] = { child: jobId, startedAt: new Date().toISOString() }
      this.meta.runs.push(run)
      await this.saveMeta()
      try {
        this.handle = await resumeJob(jobId, {
          dataDir,
          tokenProvider: this.deps.tokenProvider,
          logger,
          onProgress: (progress) => {
            this.perChild[index] = progress
            this.emit(false)
          },
        })
        if (this.paused) this.handle.pause()
        if (this.cancelled) this.handle.cancel()
        const summary = await this.handle.result
        this.summaries[index] = summary
        this.perChild[index] = progressFromSummary(summary)
        run.endedAt = new Date().toISOString()
        await this.saveMeta()
        if (summary.state === 'cancelled' || summary.state === 'stopped') break
      } catch (caught) {
        run.endedAt = new Date().toISOString()
        await this.saveMeta().catch(() => undefined)
        if (isAppError(caught) && caught.code === 'upload/job-finished') {
          const finished = await loadSummary(paths)
          this.summaries[index] = finished
          this.perChild[index] = finished === undefined ? undefined : progressFromSummary(finished)
          continue
        }
        error = toErrorData(caught)
        logger.error('jobs', 'upload run failed', {
          jobId: this.jobId,
          code: error.code,
          detail: error.detail,
        })
        break
      } finally {
        this.handle = undefined
      }
    }
    // Jobs after the one that stopped keep what their journals say.
    for (const [index, jobId] of this.meta.children.entries()) {
      this.summaries[index] ??= await loadSummary(jobPaths(dataDir, jobId))
    }
    const states = this.summaries.map((s) => s?.state ?? 'interrupted')
    const state: JobState = error !== undefined ? 'stopped' : overallState(states)
    this.state = state
    clearTimeout(this.trailing)
    if (this.stoppingForShutdown) return
    this.emit(true)
    const summary = aggregateSummary(this.meta, this.summaries, state, {
      startedAt,
      finishedAt: new Date().toISOString(),
    })
    this.deps.onFinished(
      error === undefined || summary.error !== undefined ? summary : { ...summary, error },
    )
    logger.info('jobs', 'upload ended', { jobId: this.jobId, state })
  }
}

/** Raised when a request names an upload that this app is not running. */
export function notRunning(jobId: string): AppError {
  return new AppError('jobs/not-running', jobId)
}
