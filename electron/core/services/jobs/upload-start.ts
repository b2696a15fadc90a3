import { AppError, isAppError } from '../../../../shared/errors/app-error'
import type { InvokeParsed } from '../../../../shared/ipc/contract'
import type { Mapping } from '../../../../shared/mapping/mapping-schema'
import type { StartedUpload } from '../../../../shared/models/history'
import type { Settings } from '../../../../shared/models/settings'
import type { ConnectionCheck } from '../../../../shared/models/target'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import { isResumable } from '../../../engine/common/journal/job-state'
import { jobPaths } from '../../../engine/common/journal/job-store'
import { createRetryJob } from '../../../engine/main/failed-retry'
import {
  createJob,
  resumeJob,
  runJob,
  type RunJobOptions,
  type TokenProvider,
} from '../../../engine/main/job-runner'
import type { AuthService } from '../../auth/auth-service'
import type { Logger } from '../../../platform/logger'
import type { FilesService } from '../files/files-service'
import type { TargetService } from '../target/target-service'
import { loadEdits } from './failed-edits'
import { findUpload } from './upload-history'
import type { RunningUploads } from './running-uploads'
import { ingestionTarget } from './upload-view'

export interface StartDeps {
  readonly dataDir: string
  readonly logger: Logger
  readonly auth: AuthService
  readonly targets: TargetService
  readonly files: FilesService
  readonly settings: () => Settings
  readonly running: RunningUploads
}

/**
 * Starting an upload (one engine job, each file with its mapping), resuming one and retrying
 * its failed records: each after a passing connection check, each run followed by
 * RunningUploads.
 */

export async function startUpload(
  deps: StartDeps,
  request: InvokeParsed<'jobs:start'>,
): Promise<StartedUpload> {
  const ids = request.files.map((f) => f.fileId)
  if (new Set(ids).size !== ids.length) {
    throw new AppError('upload/invalid-job', 'the same file is listed twice')
  }
  const files = request.files.map((f) => ({
    file: deps.files.usable(f.fileId),
    mapping: withTimePolicy(f.mapping, request.options?.timePolicy),
  }))
  const check = await checkConnection(deps, {
    target: request.target,
    dcrId: request.dcrId,
    accountId: request.accountId,
    label: request.label,
  })
  const settings = deps.settings()
  const config = await deps.auth.currentCloud()
  const label =
    request.label ??
    (files.length === 1 ? files[0]?.file.entry.name : `${files.length} files`) ??
    'Upload'
  const job = await createJob(
    {
      files: files.map(({ file, mapping }) => ({
        path: file.path,
        name: file.entry.name,
        mapping,
        ...(file.entry.options.format === undefined ? {} : { format: file.entry.options.format }),
        ...(file.entry.options.delimiter === undefined
          ? {}
          : { delimiter: file.entry.options.delimiter }),
      })),
      target: request.target,
      ...(request.streamColumns === undefined
        ? {}
        : { streamColumns: request.streamColumns.map((c) => ({ name: c.name, type: c.type })) }),
      options: {
        concurrency: request.options?.concurrency ?? settings.concurrency,
        gzipLevel: request.options?.gzipLevel ?? settings.gzipLevel,
      },
      label,
      ...(config.extraCaPem === null ? {} : { caCertPem: config.extraCaPem }),
      ...(request.dcrId === undefined ? {} : { dcrId: request.dcrId }),
      ...(request.accountId === undefined ? {} : { accountId: request.accountId }),
      ...(request.destination === undefined ? {} : { destination: request.destination }),
    },
    deps.dataDir,
  )
  await deps.running.launch(job, (onProgress) =>
    runJob(job, runOptions(deps, job.accountId, onProgress)),
  )
  return { jobId: job.jobId, check }
}

/** Continues an interrupted, cancelled or stopped upload after a connection check. */
export async function resumeUpload(
  deps: StartDeps,
  jobId: string,
  accountId: string | undefined,
): Promise<StartedUpload> {
  const { job, status } = await findUpload(deps.dataDir, jobId, (id) => deps.running.live(id))
  if (status.state === 'running' || status.state === 'paused') {
    throw new AppError('jobs/already-running', jobId)
  }
  if (!isResumable(status.state)) {
    throw new AppError('jobs/not-resumable', `${jobId}: ${status.state}`)
  }
  const account = await accountFor(deps, job, accountId)
  const check = await checkConnection(deps, {
    target: ingestionTarget(job),
    dcrId: job.dcrId,
    accountId: account,
    label: job.label,
  })
  await deps.running.launch(job, (onProgress) =>
    resumeJob(job.jobId, runOptions(deps, account, onProgress)),
  )
  return { jobId, check }
}

/** A new upload from failed records (edited ones as edited), after a connection check. */
export async function retryFailed(
  deps: StartDeps,
  request: InvokeParsed<'failed:retry'>,
): Promise<StartedUpload> {
  const { job } = await findUpload(deps.dataDir, request.jobId, (id) => deps.running.live(id))
  if (deps.running.has(job.jobId)) throw new AppError('jobs/already-running', job.jobId)
  const account = await accountFor(deps, job, request.accountId)
  const check = await checkConnection(deps, {
    target: ingestionTarget(job),
    dcrId: job.dcrId,
    accountId: account,
    label: job.label,
  })
  const edits = await loadEdits(jobPaths(deps.dataDir, job.jobId))
  const plan = await createRetryJob(deps.dataDir, job.jobId, {
    selection: {
      ...(request.recordIds === undefined ? {} : { ids: new Set(request.recordIds) }),
      ...(request.cause === undefined ? {} : { causes: new Set<string>([request.cause]) }),
    },
    edits: new Map(Object.entries(edits)),
  })
  const retry = plan.definition
  await deps.running.launch(retry, (onProgress) =>
    runJob(retry, runOptions(deps, account, onProgress)),
  )
  return { jobId: retry.jobId, check, records: plan.asIs + plan.remapped, skipped: plan.skipped }
}

/** The request's time policy over every file's mapping. */
function withTimePolicy(
  mapping: Mapping | null,
  override: Partial<Mapping['timePolicy']> | undefined,
): Mapping | null {
  if (mapping === null || override === undefined) return mapping
  return { ...mapping, timePolicy: { ...mapping.timePolicy, ...override } }
}

/**
 * The account a resume or retry uses: the one asked for, else the upload's own, which must
 * still be signed in (`auth/account-gone` lets the renderer offer to sign in again).
 */
async function accountFor(
  deps: StartDeps,
  job: JobDefinition,
  requested: string | undefined,
): Promise<string | undefined> {
  if (requested !== undefined || job.accountId === undefined) return requested
  const state = await deps.auth.getState()
  if (!state.accounts.some((a) => a.id === job.accountId)) {
    throw new AppError('auth/account-gone', `${job.jobId}: account ${job.accountId} not signed in`)
  }
  return job.accountId
}

/** Runs the connection check; anything but ready stops the start with the check's advice. */
async function checkConnection(
  deps: StartDeps,
  input: {
    target: ReturnType<typeof ingestionTarget>
    dcrId: string | undefined
    accountId: string | undefined
    label: string | undefined
  },
): Promise<ConnectionCheck> {
  let check: ConnectionCheck
  try {
    check = await deps.targets.checkConnection({
      target: input.target,
      ...(input.dcrId === undefined ? {} : { dcrId: input.dcrId }),
      ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
      ...(input.label === undefined ? {} : { label: input.label }),
    })
  } catch (error) {
    // The account was signed out between the look-up and the check.
    if (isAppError(error) && error.code === 'auth/unknown-account') {
      throw new AppError('auth/account-gone', input.accountId ?? 'no account', { cause: error })
    }
    throw error
  }
  if (!check.ready) {
    throw new AppError(check.problem.code, check.problem.detail ?? 'connection check failed', {
      userText: check.problem.message,
      retryable: check.problem.retryable,
    })
  }
  return check
}

function runOptions(
  deps: StartDeps,
  accountId: string | undefined,
  onProgress: RunJobOptions['onProgress'],
): RunJobOptions {
  const tokenProvider: TokenProvider = async ({ forceRefresh }) => {
    const result = await deps.auth.getToken('monitor', {
      forceRefresh,
      ...(accountId === undefined ? {} : { accountId }),
    })
    return { token: result.token, expiresOnMs: result.expiresOn.getTime() }
  }
  return {
    dataDir: deps.dataDir,
    tokenProvider,
    logger: deps.logger,
    ...(onProgress === undefined ? {} : { onProgress }),
  }
}
