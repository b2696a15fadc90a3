import { AppError } from '../../../../shared/errors/app-error'
import type { InvokeParsed } from '../../../../shared/ipc/contract'
import { VERIFY_NOTE, type VerifyResult } from '../../../../shared/models/history'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import type { AuthService } from '../../auth/auth-service'
import { createDispatcher } from '../../auth/tls-trust'
import { jobPaths, saveJobDefinition } from '../../../engine/common/journal/job-store'
import type { Logger } from '../../../platform/logger'
import { findUpload, listUploads, type LiveStates } from './upload-history'
import { runWindows } from './run-windows'
import { countQuery, queryTimespan, runCountQuery } from './verify-query'
import { intersects, union, verifyWindows } from './verify-windows'

export interface VerifyDeps {
  readonly dataDir: string
  readonly auth: AuthService
  readonly logger: Logger
  readonly live: LiveStates
}

/**
 * Counts the upload's rows in the workspace through the Log Analytics query API, by receive
 * time within the upload's runs (leaving out times when other uploads to the table ran).
 */
export async function verifyUpload(
  deps: VerifyDeps,
  request: InvokeParsed<'history:verify'>,
): Promise<VerifyResult> {
  const { job, status } = await findUpload(deps.dataDir, request.jobId, deps.live)
  if (status.state === 'running' || status.state === 'paused') {
    throw new AppError('history/not-finished', job.jobId)
  }
  const workspaceId = request.workspaceId ?? job.destination?.workspaceId
  if (workspaceId === undefined) throw new AppError('history/workspace-needed', job.jobId)
  const table = request.table ?? job.destination?.table ?? guessTable(job.target.streamName)
  if (job.destination?.workspaceId !== workspaceId || job.destination.table !== table) {
    // Remember what the person told us for the next verify.
    await saveJobDefinition(jobPaths(deps.dataDir, job.jobId), {
      ...job,
      destination: { workspaceId, table },
    })
  }
  const own = union(await runWindows(jobPaths(deps.dataDir, job.jobId)))
  if (own.length === 0) throw new AppError('history/not-finished', `${job.jobId}: never ran`)
  const others: Array<{ id: string; windows: ReturnType<typeof union> }> = []
  for (const other of await listUploads(deps.dataDir, deps.live)) {
    if (other.job.jobId === job.jobId || !sameTable(other.job, job, workspaceId, table)) continue
    others.push({
      id: other.job.jobId,
      windows: union(await runWindows(jobPaths(deps.dataDir, other.job.jobId))),
    })
  }
  const windows = verifyWindows(
    own,
    others.flatMap((o) => o.windows),
  )
  const query = countQuery(table, windows)
  const config = await deps.auth.currentCloud()
  const token = await deps.auth.getToken('log-analytics', {
    ...((request.accountId ?? job.accountId)
      ? { accountId: request.accountId ?? job.accountId }
      : {}),
  })
  const dispatcher = createDispatcher(config.extraCaPem)
  let landed: number
  try {
    landed = await runCountQuery(query, queryTimespan(windows), {
      endpoint: config.endpoints.logAnalyticsEndpoint,
      workspaceId,
      token: token.token,
      dispatcher,
    })
  } finally {
    await dispatcher.close()
  }
  deps.logger.info('jobs', 'verify', { jobId: job.jobId, landed })
  return {
    jobId: job.jobId,
    landed,
    expected: status.summary?.records.accepted ?? 0,
    duplicatesPossible: status.summary?.duplicatesPossible.records ?? 0,
    workspaceId,
    table,
    query,
    windows: windows.map((w) => ({
      from: new Date(w.from).toISOString(),
      to: new Date(w.to).toISOString(),
    })),
    overlapping: others.filter((o) => intersects(o.windows, own)).map((o) => o.id),
    checkedAt: new Date().toISOString(),
    note: VERIFY_NOTE,
  }
}

/** The usual table of a custom stream: `Custom-X` → `X_CL`, `Custom-X_CL` → `X_CL`. */
export function guessTable(stream: string): string {
  const name = stream.replace(/^(Custom|Microsoft)-/, '')
  return name.endsWith('_CL') || stream.startsWith('Microsoft-') ? name : `${name}_CL`
}

function sameTable(
  other: JobDefinition,
  job: JobDefinition,
  workspaceId: string,
  table: string,
): boolean {
  if (other.destination !== undefined) {
    return (
      other.destination.workspaceId.toLowerCase() === workspaceId.toLowerCase() &&
      other.destination.table.toLowerCase() === table.toLowerCase()
    )
  }
  return (
    other.target.dcrImmutableId === job.target.dcrImmutableId &&
    other.target.streamName === job.target.streamName
  )
}
