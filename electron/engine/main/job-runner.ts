import { access, constants, stat } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { resolve } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { AppError, errorData, isAppError, toErrorData } from '../../../shared/errors/app-error'
import {
  DEFAULT_UPLOAD_OPTIONS,
  JOB_DEFINITION_VERSION,
  jobDefinitionSchema,
  type JobDefinition,
  type JobFile,
  type JobListEntry,
  type JobProgress,
  type JobSummary,
  type UploadOptions,
  type UploadTarget,
} from '../../../shared/models/upload-job'
import type { Logger } from '../../platform/logger'
import { redactSecrets } from '../../platform/redact'
import {
  acquireLock,
  jobPaths,
  listJobIds,
  loadJobDefinition,
  newJobId,
  releaseLock,
  saveJobDefinition,
} from '../common/journal/job-store'
import type { AccessTokenData } from '../common/token-cache'
import { compileJobMapping } from '../common/source/job-mapper'
import { isFinished, readJobStatus } from '../common/journal/job-state'
import { asWorkerToMain, type MainToWorker, type WorkerStart } from '../worker/protocol'
import { spawnWorker } from '../common/threads/spawn-worker'
import { logdropUserAgent } from './user-agent'

/**
 * Gives the worker a token for the Monitor audience. It runs on the main thread, which owns
 * MSAL, safeStorage or `@azure/identity`; `forceRefresh` follows a 401.
 */
export type TokenProvider = (request: { forceRefresh: boolean }) => Promise<AccessTokenData>

/**
 * A file to upload, with optional format hints and its own mapping (`mapping` absent: the
 * job's; null: its records are sent as they are).
 */
export type NewJobFile =
  | string
  | Readonly<{
      path: string
      format?: JobFile['format']
      delimiter?: string
      name?: string
      mapping?: unknown
    }>

/** What a caller provides to start an upload; the rest is filled in. */
export interface NewJob {
  readonly files: readonly NewJobFile[]
  readonly target: UploadTarget
  /** The mapping of every file that names none (absent or null: sent as they are). */
  readonly mapping?: unknown
  /** The stream's declared columns (from the DCR); the mappings are compiled against them. */
  readonly streamColumns?: JobDefinition['streamColumns']
  readonly options?: Partial<UploadOptions>
  readonly label?: string
  readonly caCertPem?: string
  readonly retryOf?: string
  readonly dcrId?: string
  readonly accountId?: string
  readonly destination?: JobDefinition['destination']
  /** Use this id (retries create their folder first). */
  readonly jobId?: string
}

export interface RunJobOptions {
  readonly dataDir: string
  readonly tokenProvider: TokenProvider
  /** About ten events a second at most. */
  readonly onProgress?: (progress: JobProgress) => void
  /** Aborting cancels the job. */
  readonly signal?: AbortSignal
  readonly logger?: Logger
  readonly userAgent?: string
  /** Forward per-attempt debug lines from the worker to the logger. */
  readonly verbose?: boolean
}

/** A running job. */
export interface JobHandle {
  readonly jobId: string
  readonly definition: JobDefinition
  pause(): void
  resume(): void
  cancel(): void
  /**
   * Stops the job without leaving requests unanswered: pauses, waits until the requests in
   * flight are answered (at most `drainMs`), then cancels. The ledger then knows the outcome of
   * every request, so a resumed job sends none of them twice. Resolves once cancelled.
   */
  stop(drainMs?: number): Promise<void>
  /** As `stop`, for an app shutdown: the run ends as `interrupted`, to be resumed later. */
  interrupt(drainMs?: number): Promise<void>
  /**
   * The summary when the run ends (completed, with failures, stopped or cancelled). Rejects
   * only when the worker itself broke (`upload/worker-crashed`).
   */
  readonly result: Promise<JobSummary>
}

/** How long `stop()` waits for requests in flight by default. */
export const STOP_DRAIN_MS = 5_000

/**
 * Reads a file's size and modification time, or explains why it cannot be read. `mapping` is
 * the index of its mapping in the job's list.
 */
async function describeFile(
  spec: Exclude<NewJobFile, string>,
  mapping: number | null,
): Promise<JobFile> {
  const path = resolve(spec.path)
  try {
    await access(path, constants.R_OK)
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
    return {
      path,
      size: info.size,
      mtimeMs: info.mtimeMs,
      ...(spec.format === undefined ? {} : { format: spec.format }),
      ...(spec.delimiter === undefined ? {} : { delimiter: spec.delimiter }),
      ...(spec.name === undefined ? {} : { name: spec.name }),
      mapping,
    }
  } catch (error) {
    throw new AppError('upload/file-unreadable', `${path}: ${String(error)}`, { cause: error })
  }
}

/** Validates a new job, records its files' state and saves `job.json`. */
export async function createJob(input: NewJob, dataDir: string): Promise<JobDefinition> {
  if (input.files.length === 0) throw new AppError('upload/invalid-job', 'no files')
  // Files with equal mappings share one entry, so that each mapping is compiled once.
  const mappings: unknown[] = []
  const keys: string[] = []
  const indexOf = (mapping: unknown): number | null => {
    if (mapping === null || mapping === undefined) return null
    const key = JSON.stringify(mapping)
    let index = keys.indexOf(key)
    if (index === -1) index = keys.push(key) - 1
    mappings[index] = mapping
    return index
  }
  const files = await Promise.all(
    input.files.map((file) => {
      const spec = typeof file === 'string' ? { path: file } : file
      return describeFile(spec, indexOf('mapping' in spec ? spec.mapping : input.mapping))
    }),
  )
  const parsed = jobDefinitionSchema.safeParse({
    version: JOB_DEFINITION_VERSION,
    jobId: input.jobId ?? newJobId(),
    createdAt: new Date().toISOString(),
    ...(input.label === undefined ? {} : { label: input.label }),
    files,
    target: input.target,
    mappings,
    ...(input.streamColumns === undefined ? {} : { streamColumns: input.streamColumns }),
    options: { ...DEFAULT_UPLOAD_OPTIONS, ...input.options },
    ...(input.caCertPem === undefined ? {} : { caCertPem: input.caCertPem }),
    ...(input.retryOf === undefined ? {} : { retryOf: input.retryOf }),
    ...(input.dcrId === undefined ? {} : { dcrId: input.dcrId }),
    ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
    ...(input.destination === undefined ? {} : { destination: input.destination }),
  })
  if (!parsed.success) {
    throw new AppError(
      'upload/invalid-job',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    )
  }
  // A mapping that cannot be compiled is an error before anything is sent.
  parsed.data.mappings.forEach((_, index) => compileJobMapping(parsed.data, index))
  await saveJobDefinition(jobPaths(dataDir, parsed.data.jobId), parsed.data)
  return parsed.data
}

/** Creates a job and starts its first run. */
export async function startJob(input: NewJob, options: RunJobOptions): Promise<JobHandle> {
  return runJob(await createJob(input, options.dataDir), options)
}

/**
 * Continues a job that was cancelled, stopped or interrupted (a crash, a kill, a power cut):
 * what the ledger shows as accepted, and what is in the failed store, is not sent again.
 * Refuses when a source file changed since the job was created.
 */
export async function resumeJob(jobId: string, options: RunJobOptions): Promise<JobHandle> {
  const paths = jobPaths(options.dataDir, jobId)
  const definition = await loadJobDefinition(paths)
  const status = await readJobStatus(paths, undefined)
  if (status.heldElsewhere) throw new AppError('upload/job-running', jobId)
  if (isFinished(status.state)) throw new AppError('upload/job-finished', jobId)
  for (const file of definition.files) {
    let info
    try {
      info = await stat(file.path)
    } catch (error) {
      throw new AppError('upload/file-unreadable', `${file.path}: ${String(error)}`, {
        cause: error,
      })
    }
    // Millisecond precision: some file systems and copy tools keep no finer time.
    if (info.size !== file.size || Math.floor(info.mtimeMs) !== Math.floor(file.mtimeMs)) {
      throw new AppError(
        'upload/source-changed',
        `${file.path}: size ${file.size} → ${info.size}, mtime ${file.mtimeMs} → ${info.mtimeMs}`,
      )
    }
  }
  return runJob(definition, options)
}

/** Starts a worker for a saved job definition and wires it to the caller. */
export async function runJob(
  definition: JobDefinition,
  options: RunJobOptions,
): Promise<JobHandle> {
  const paths = jobPaths(options.dataDir, definition.jobId)
  await acquireLock(paths)
  const start: WorkerStart = {
    job: definition,
    dataDir: options.dataDir,
    userAgent: options.userAgent ?? logdropUserAgent(),
    ...(options.verbose === undefined ? {} : { verbose: options.verbose }),
  }
  let worker: Worker
  try {
    worker = spawnWorker('upload', start)
  } catch (error) {
    await releaseLock(paths)
    throw error
  }
  const log = options.logger
  let seq = 0
  const send = (message: MainToWorker) => worker.postMessage(message)
  let finished = false
  /** The worker's last progress report: whether it is paused, and what is in flight. */
  let latest: JobProgress | undefined

  const result = new Promise<JobSummary>((resolveResult, rejectResult) => {
    let summary: JobSummary | undefined
    let fatal: AppError | undefined
    worker.on('message', (raw: unknown) => {
      const message = asWorkerToMain(raw)
      if (message === undefined) return
      switch (message.type) {
        case 'token-request':
          options.tokenProvider({ forceRefresh: message.forceRefresh }).then(
            (token) =>
              send({
                type: 'token-response',
                seq: message.seq,
                ok: true,
                token: { token: token.token, expiresOnMs: token.expiresOnMs },
              }),
            (error: unknown) => {
              const data = isAppError(error)
                ? toErrorData(error)
                : errorData('upload/token-unavailable', redactSecrets(String(error)))
              log?.warn('upload', 'token request failed', { code: data.code, detail: data.detail })
              send({ type: 'token-response', seq: message.seq, ok: false, error: data })
            },
          )
          return
        case 'progress':
          latest = message.progress
          options.onProgress?.(message.progress)
          return
        case 'log':
          log?.[message.level]('upload', message.message, {
            jobId: definition.jobId,
            ...message.fields,
          })
          return
        case 'done':
          summary = message.summary
          // The worker ends by itself once idle; a handle left open must not hold the result.
          setTimeout(() => void worker.terminate(), 5_000).unref()
          return
        case 'fatal':
          fatal = new AppError(message.error.code, message.error.detail ?? message.error.message)
          setTimeout(() => void worker.terminate(), 5_000).unref()
          return
      }
    })
    worker.on('error', (error) => {
      log?.error('upload', 'upload worker crashed', {
        jobId: definition.jobId,
        detail: String(error),
      })
      fatal ??= new AppError('upload/worker-crashed', String(error), { cause: error })
    })
    worker.on('exit', (code) => {
      finished = true
      options.signal?.removeEventListener('abort', onAbort)
      void releaseLock(paths).finally(() => {
        if (summary !== undefined) resolveResult(summary)
        else rejectResult(fatal ?? new AppError('upload/worker-crashed', `worker exit ${code}`))
      })
    })
  })

  const control = (type: 'pause' | 'resume' | 'cancel', interrupted = false) => {
    if (finished) return
    send(
      type === 'cancel' && interrupted ? { type, seq: ++seq, interrupted } : { type, seq: ++seq },
    )
  }
  const onAbort = () => control('cancel')
  const stop = async (drainMs: number = STOP_DRAIN_MS, interrupted = false): Promise<void> => {
    control('pause')
    const deadline = Date.now() + drainMs
    // Progress comes about ten times a second, and once at once on the pause.
    while (!finished && Date.now() < deadline) {
      if (latest?.state === 'paused' && latest.requestsInFlight === 0) break
      await sleep(50)
    }
    control('cancel', interrupted)
  }
  if (options.signal?.aborted === true) onAbort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  log?.info('upload', 'job started', { jobId: definition.jobId, files: definition.files.length })

  return {
    jobId: definition.jobId,
    definition,
    pause: () => control('pause'),
    resume: () => control('resume'),
    cancel: () => control('cancel'),
    stop: (drainMs) => stop(drainMs),
    interrupt: (drainMs) => stop(drainMs, true),
    result,
  }
}

/**
 * Every job in the data folder, newest first: finished ones with their summary, running ones,
 * and interrupted ones (a lock left by a process that is gone).
 */
export async function listJobs(dataDir: string): Promise<JobListEntry[]> {
  const entries: JobListEntry[] = []
  for (const jobId of await listJobIds(dataDir)) {
    const paths = jobPaths(dataDir, jobId)
    let definition: JobDefinition
    try {
      definition = await loadJobDefinition(paths)
    } catch {
      continue
    }
    const { state, summary } = await readJobStatus(paths, undefined)
    entries.push({
      jobId,
      createdAt: definition.createdAt,
      ...(definition.label === undefined ? {} : { label: definition.label }),
      state,
      files: definition.files.map((file) => file.path),
      target: definition.target,
      ...(definition.retryOf === undefined ? {} : { retryOf: definition.retryOf }),
      ...(summary === undefined ? {} : { summary }),
    })
  }
  return entries
}
