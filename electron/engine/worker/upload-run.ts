import { AppError, isAppError, toErrorData } from '../../../shared/errors/app-error'
import type {
  JobDefinition,
  JobProgress,
  JobState,
  JobSummary,
} from '../../../shared/models/upload-job'
import { FailedStoreWriter } from '../common/journal/failed-store'
import { Throttle } from './rate-meter'
import { RunStats } from './run-stats'
import { saveSummary, type JobPaths } from '../common/journal/job-store'
import { LedgerWriter, replayJob, type ReplayedJob } from './ledger'
import { AimdLimit } from './send/aimd-limit'
import { GzipTuner } from './send/gzip-tuner'
import { IngestionClient } from './send/ingestion-client'
import { batchSize, type RequestBatch } from '../common/chunk/request-batch'
import { SlotGate } from './send/slot-gate'
import { TokenCache, type TokenFetcher } from '../common/token-cache'
import type { MapperFactory, SourceOpener } from '../common/source/source-types'
import type { HelperThread } from './blocks/helper-thread'
import type { SharedSlots } from '../helpers/shared-slots'
import { FileReader } from './file-reader'
import type { WorkerLogLevel } from './protocol'
import { RequestSender } from './request-sender'
import type { RunContext } from './run-context'

export interface UploadRunOptions {
  readonly job: JobDefinition
  readonly paths: JobPaths
  readonly userAgent: string
  readonly openSource: SourceOpener
  readonly createMapper: MapperFactory
  readonly fetchToken: TokenFetcher
  readonly onProgress: (progress: JobProgress) => void
  readonly log: (level: WorkerLogLevel, message: string, fields?: Record<string, unknown>) => void
  /** Prepare helpers, started before this run's code loaded (see helperCountFor). */
  readonly helpers: readonly HelperThread[]
  /** Block buffers shared with the helpers. */
  readonly slots?: SharedSlots
}

/**
 * One run of an upload job: read → map → serialise → batch → gzip → POST, with retries,
 * adaptive concurrency and gzip, the ledger and the failed store. Runs inside the upload
 * worker; nothing here touches credentials beyond the token it is handed. The reading side is
 * FileReader, the sending side RequestSender; this class owns their shared state, pause,
 * resume, cancel, progress and the summary.
 */
export class UploadRun {
  private readonly abort = new AbortController()
  private readonly limit: AimdLimit
  private readonly gate: SlotGate
  private readonly tokens: TokenCache
  private readonly inflight = new Set<Promise<void>>()
  private readonly progressThrottle = new Throttle(100)
  private tuner!: GzipTuner
  private client!: IngestionClient
  private ledger!: LedgerWriter
  private failed!: FailedStoreWriter
  private stats!: RunStats
  private replay!: ReplayedJob
  private cancelled = false
  /** Cancelled for an app shutdown: the run ends as interrupted. */
  private interrupted = false
  private paused = false
  private resumeWaiters: Array<() => void> = []
  private stopError: AppError | undefined
  private state: JobState = 'running'
  private reader!: FileReader
  private sender!: RequestSender

  constructor(private readonly options: UploadRunOptions) {
    this.limit = new AimdLimit({ max: options.job.options.concurrency })
    this.gate = new SlotGate(() => this.limit.current)
    this.tokens = new TokenCache(options.fetchToken)
  }

  /** Stops starting requests; those in flight finish. */
  pause(): void {
    if (this.cancelled || this.paused) return
    this.paused = true
    this.gate.pause()
    this.state = 'paused'
    this.syncJournal()
    this.emitProgress(true)
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.gate.resume()
    this.state = 'running'
    const waiters = this.resumeWaiters
    this.resumeWaiters = []
    for (const wake of waiters) wake()
    this.emitProgress(true)
  }

  /**
   * Stops reading, aborts requests in flight; the ledger keeps what was acknowledged.
   * `interrupted`: the app shuts down, so the run ends as interrupted rather than cancelled.
   */
  cancel(interrupted = false): void {
    if (this.cancelled) return
    this.cancelled = true
    this.interrupted = interrupted
    this.abort.abort()
    this.gate.close(new AppError('internal/bug', 'cancelled'))
    this.resume()
  }

  /** Runs to the end (or until cancelled or stopped) and returns the summary. */
  async run(): Promise<JobSummary> {
    const { job, paths } = this.options
    const startedAt = new Date()
    this.replay = await replayJob(paths.ledger, paths.failed)
    this.ledger = await LedgerWriter.open(paths.ledger)
    this.failed = await FailedStoreWriter.open(paths.failed)
    this.stats = new RunStats(job, this.replay, startedAt)
    this.tuner = new GzipTuner(job.options.gzipLevel, performance.now(), 0)
    this.client = new IngestionClient({
      target: job.target,
      ...(job.caCertPem === undefined ? {} : { caCertPem: job.caCertPem }),
      connections: job.options.concurrency,
      requestTimeoutMs: job.options.requestTimeoutMs,
      userAgent: this.options.userAgent,
    })
    this.ledger.write({
      t: 'run',
      run: this.replay.runs + 1,
      at: startedAt.toISOString(),
      pid: process.pid,
    })
    if (this.replay.unansweredRequests > 0) {
      this.options.log('warn', 'resuming after an interruption', {
        unansweredRequests: this.replay.unansweredRequests,
        unansweredRecords: this.replay.unansweredRecords,
      })
    }

    const ctx: RunContext = {
      job,
      replay: this.replay,
      ledger: this.ledger,
      failed: this.failed,
      stats: this.stats,
      signal: this.abort.signal,
      log: this.options.log,
      isHalted: () => this.halted,
      halt: (error: unknown) => this.halt(error),
    }
    this.sender = new RequestSender(ctx, {
      client: this.client,
      tokens: this.tokens,
      tuner: this.tuner,
      limit: this.limit,
      gate: this.gate,
      runnable: () => this.runnable(),
      isCancelled: () => this.cancelled,
    })
    this.reader = new FileReader(ctx, {
      openSource: this.options.openSource,
      createMapper: this.options.createMapper,
      helpers: this.options.helpers,
      ...(this.options.slots === undefined ? {} : { slots: this.options.slots }),
      dispatch: (batch) => this.dispatch(batch),
    })

    const syncTimer = setInterval(() => this.syncJournal(), 1_000)
    const progressTimer = setInterval(() => this.emitProgress(false), 100)
    try {
      await this.reader.readAll()
    } catch (error) {
      // A closed gate after cancel or stop lands here too; halt() ignores those.
      this.halt(error)
    }
    await this.drain()
    await this.reader.close()
    clearInterval(syncTimer)
    clearInterval(progressTimer)

    this.state = this.finalState()
    const summary = this.stats.summary(
      this.state,
      this.tuner.history,
      this.stopError === undefined ? undefined : toErrorData(this.stopError),
    )
    try {
      this.ledger.write({ t: 'end', state: this.state, at: summary.finishedAt })
      this.ledger.close()
      this.failed.close()
    } catch (error) {
      this.options.log('error', 'could not close the journal', { detail: String(error) })
    }
    await this.client.close()
    this.emitProgress(true)
    await saveSummary(paths, summary).catch((error: unknown) =>
      this.options.log('error', 'could not save the summary', { detail: String(error) }),
    )
    return summary
  }

  private finalState(): JobState {
    if (this.cancelled) return this.interrupted ? 'interrupted' : 'cancelled'
    if (this.stopError !== undefined) return 'stopped'
    return this.replay.failed + this.stats.failed > 0 ? 'completed-with-failures' : 'completed'
  }

  private get halted(): boolean {
    return this.cancelled || this.stopError !== undefined
  }

  /** Stops the job after a failure every further request would share (or a broken journal). */
  private halt(error: unknown): void {
    if (this.stopError !== undefined || this.cancelled) return
    this.stopError = isAppError(error)
      ? error
      : new AppError(
          'upload/worker-crashed',
          error instanceof Error ? error.message : String(error),
          {
            cause: error,
          },
        )
    this.options.log('error', 'upload stopped', {
      code: this.stopError.code,
      detail: this.stopError.message,
    })
    this.gate.close(this.stopError)
    // Without a journal, acknowledgements cannot be recorded: stop sending at once.
    if (this.stopError.code === 'upload/journal-unwritable') this.abort.abort()
  }

  private async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
  }

  private syncJournal(): void {
    try {
      this.ledger?.sync()
      this.failed?.sync()
    } catch (error) {
      this.halt(error)
    }
  }

  private emitProgress(force: boolean): void {
    if (this.stats === undefined) return
    if (!this.progressThrottle.shouldEmit(performance.now(), force)) return
    this.options.onProgress(
      this.stats.progress(this.state, {
        inFlight: this.gate.inFlight,
        limit: this.limit.current,
        gzipLevel: this.tuner.current,
      }),
    )
  }

  /** Waits for a request slot (backpressure, pause) and starts sending. */
  private async dispatch(batch: RequestBatch): Promise<void> {
    await this.gate.acquire()
    this.stats.sent += batchSize(batch)
    const task: Promise<void> = this.sender
      .send(batch)
      .catch((error: unknown) => this.halt(error))
      .finally(() => {
        this.gate.release()
        this.inflight.delete(task)
      })
    this.inflight.add(task)
  }

  // ---- sending side ----

  /**
   * Resolves when not paused; false once cancelled. A request that waits here (it got its slot
   * just before the pause, or is between retries) gives the slot back meanwhile and takes one
   * again on resume: a paused job has nothing in flight, and progress says so.
   */
  private async runnable(): Promise<boolean> {
    if (!this.paused || this.cancelled) return !this.cancelled
    this.gate.release()
    while (this.paused && !this.cancelled) {
      await new Promise<void>((wake) => this.resumeWaiters.push(wake))
    }
    if (this.cancelled) return false
    // Rejects if the job is cancelled meanwhile (the gate closes); dispatch handles that.
    await this.gate.acquire()
    return !this.cancelled
  }
}
