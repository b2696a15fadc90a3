import { AppError, toErrorData } from '../../../../shared/errors/app-error'
import type { EventName, EventPayload } from '../../../../shared/ipc/contract'
import type {
  JobControlResult,
  UploadProgress,
  UploadSummary,
} from '../../../../shared/models/history'
import type { JobDefinition, JobProgress } from '../../../../shared/models/upload-job'
import type { LiveState } from '../../../engine/common/journal/job-state'
import { STOP_DRAIN_MS, type JobHandle } from '../../../engine/main/job-runner'
import type { Logger } from '../../../platform/logger'
import { crashedSummary, startingProgress, toUploadProgress, toUploadSummary } from './upload-view'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Shortest gap between two progress events of one upload (state changes go out at once). */
export const PROGRESS_INTERVAL_MS = 200

interface Running {
  readonly job: JobDefinition
  /** Undefined while the worker starts. */
  handle: JobHandle | undefined
  state: 'running' | 'paused'
  latest: UploadProgress
  lastEmit: number
}

/** Starts a run of the job, its progress going to `onProgress`. */
export type Launch = (onProgress: (progress: JobProgress) => void) => Promise<JobHandle>

/**
 * The uploads this app runs right now, one engine job each: pause, resume and cancel passed to
 * the job, its progress sent on (at most five times a second, state changes at once), and
 * `jobs:finished` once its run ends.
 */
export class RunningUploads {
  private readonly running = new Map<string, Running>()

  constructor(
    private readonly emit: Emit,
    private readonly logger: Logger,
  ) {}

  /** Starts a run and follows it until it ends; refuses a job that already runs here. */
  async launch(job: JobDefinition, launch: Launch): Promise<void> {
    if (this.running.has(job.jobId)) throw new AppError('jobs/already-running', job.jobId)
    const entry: Running = {
      job,
      handle: undefined,
      state: 'running',
      latest: startingProgress(job),
      lastEmit: 0,
    }
    this.running.set(job.jobId, entry)
    let handle: JobHandle
    try {
      handle = await launch((progress) => this.progress(entry, progress))
    } catch (error) {
      this.running.delete(job.jobId)
      throw error
    }
    entry.handle = handle
    if (entry.state === 'paused') handle.pause()
    this.emit('history:changed', { jobId: job.jobId })
    this.logger.info('jobs', 'upload started', { jobId: job.jobId, files: job.files.length })
    void handle.result.then(
      (summary) => this.finish(entry, toUploadSummary(job, summary)),
      (error: unknown) => this.finish(entry, crashedSummary(job, entry.latest, toErrorData(error))),
    )
  }

  private progress(entry: Running, progress: JobProgress): void {
    // Running or paused is what was last asked for; a report sent before the worker saw the
    // request must not flip it back.
    const live = progress.state === 'running' || progress.state === 'paused'
    const next = toUploadProgress(entry.job, live ? { ...progress, state: entry.state } : progress)
    const changed = next.state !== entry.latest.state
    entry.latest = next
    const now = Date.now()
    if (!changed && now - entry.lastEmit < PROGRESS_INTERVAL_MS) return
    entry.lastEmit = now
    this.emit('jobs:progress', next)
  }

  private finish(entry: Running, summary: UploadSummary): void {
    const { jobId } = entry.job
    this.running.delete(jobId)
    this.logger.info('jobs', 'upload ended', { jobId, state: summary.state })
    // An app shutdown interrupts the run: nobody listens any more.
    if (summary.state === 'interrupted') return
    this.emit('jobs:finished', summary)
    this.emit('history:changed', { jobId })
  }

  has(jobId: string): boolean {
    return this.running.has(jobId)
  }

  /** What this app knows of the job's state (undefined: it does not run it). */
  live(jobId: string): LiveState {
    return this.running.get(jobId)?.state
  }

  private get(jobId: string): Running {
    const entry = this.running.get(jobId)
    if (entry === undefined) throw new AppError('jobs/not-running', jobId)
    return entry
  }

  /** Every job file an upload of this app reads right now. */
  paths(): string[] {
    return [...this.running.values()].flatMap((r) => r.job.files.map((f) => f.path))
  }

  pause(jobId: string): JobControlResult {
    const entry = this.get(jobId)
    entry.handle?.pause()
    this.setState(entry, 'paused')
    return { jobId, state: entry.state }
  }

  resume(jobId: string): JobControlResult {
    const entry = this.get(jobId)
    entry.handle?.resume()
    this.setState(entry, 'running')
    return { jobId, state: entry.state }
  }

  cancel(jobId: string): JobControlResult {
    const entry = this.get(jobId)
    entry.handle?.cancel()
    return { jobId, state: entry.state }
  }

  private setState(entry: Running, state: 'running' | 'paused'): void {
    if (entry.state === state) return
    entry.state = state
    entry.latest = { ...entry.latest, state }
    entry.lastEmit = Date.now()
    this.emit('jobs:progress', entry.latest)
  }

  progressAll(): UploadProgress[] {
    return [...this.running.values()].map((r) => r.latest)
  }

  /**
   * Leaves every running upload interrupted, to be resumed after the restart: the requests in
   * flight get their answers first (a few seconds at most), so the ledger knows their outcome.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    const drainMs = Math.min(STOP_DRAIN_MS, timeoutMs / 2)
    await Promise.all(
      [...this.running.values()].map(async ({ handle }) => {
        await handle?.interrupt(drainMs)
        await handle?.result.catch(() => undefined)
      }),
    )
    this.running.clear()
  }
}
