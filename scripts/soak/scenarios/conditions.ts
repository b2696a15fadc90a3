import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { jobPaths, loadSummary } from '../../../electron/engine/common/journal/job-store'
import type { JobSummary, UploadOptions } from '../../../shared/models/upload-job'
import {
  addCounters,
  counterDelta,
  queryRows,
  readCounters,
  setFaults,
  type IngestionCounters,
} from '../emulator-client'
import type { EmulatorClock, EmulatorHandle } from '../emulator-handle'
import { fillDisk, makeUnwritable, mountSmallDisk } from '../fs-conditions'
import {
  ackedInRun,
  inFlightOfLastRun,
  readLedger,
  waitFor,
  type InFlight,
} from '../journal-inspect'
import {
  connectionArgs,
  runLogdrop,
  startLogdrop,
  summaryOf,
  type CliSummary,
  type LogdropExit,
  type LogdropProcess,
} from '../logdrop-process'
import {
  failedSet,
  mergeFailedSets,
  reconcile,
  type FailedSet,
  type Reconciliation,
} from '../reconcile'
import { SOAK_TABLE, type SoakFile } from '../soak-data'
import { createSoakJob, resumeArgs, uploadArgs } from '../soak-job'

/**
 * The conditions of issue 8 besides faults and kills: an unwritable data folder, a disk that
 * fills up mid-upload, the service going away (briefly, and for longer than the retry budget),
 * a token that expires mid-upload, and clock skew. Each has a defined behaviour, a message the
 * user can act on, and loses nothing.
 */

/** Where a condition runs. */
export interface ConditionInput {
  readonly handle: EmulatorHandle
  readonly file: SoakFile
  readonly workDir: string
  readonly tag: string
  /** Engine options for the job (small requests so a small file makes many). */
  readonly jobOptions: Partial<UploadOptions>
}

/** A condition that could not be set up here, and why. */
export interface Skipped {
  readonly skipped: string
}

/** The user-facing error a run printed with `--json`, if any. */
export function printedError(
  exit: LogdropExit,
): { code: string; message: string; detail?: string } | undefined {
  try {
    const parsed = JSON.parse(exit.stdout.trim()) as {
      error?: { code: string; message: string; detail?: string }
    }
    return parsed.error
  } catch {
    return undefined
  }
}

async function failedOf(dataDir: string, jobId: string): Promise<FailedSet> {
  return failedSet(jobPaths(dataDir, jobId).failed)
}

/**
 * Waits until a run has had a request acknowledged (the upload is under way). If that never
 * happens, the run is killed, so a failed check leaves no uploader behind.
 */
async function untilAcked(
  dataDir: string,
  jobId: string,
  run: number,
  running: LogdropProcess,
): Promise<void> {
  let exited = false
  void running.done.then(() => (exited = true))
  try {
    await waitFor(
      async () => (exited || ackedInRun(await readLedger(dataDir, jobId), run) ? true : undefined),
      60_000,
      `run ${run} to get an acknowledgement`,
    )
    if (exited) throw new Error(`run ${run} ended before the condition could be set up`)
  } catch (error) {
    running.child.kill('SIGKILL')
    throw error
  }
}

// ---- the data folder ----

export interface UnwritableResult {
  readonly how: string
  readonly exit: LogdropExit
  readonly error: ReturnType<typeof printedError>
  /** Rows that reached the table anyway (must be 0: nothing is sent without a journal). */
  readonly rows: number
}

/** `logdrop upload` into a data folder that cannot be written: refused before sending. */
export async function runUnwritableFolder(
  input: ConditionInput,
): Promise<UnwritableResult | Skipped> {
  const dataDir = join(input.workDir, 'data')
  const condition = await makeUnwritable(dataDir)
  if (!condition.ok) return { skipped: condition.why }
  try {
    const exit = await runLogdrop(
      await uploadArgs(input.handle, input.file.path, dataDir, input.tag),
    )
    const [row] = await queryRows(
      input.handle,
      `${SOAK_TABLE} | where Host == '${input.tag}' | count`,
    )
    return {
      how: condition.how,
      exit,
      error: printedError(exit),
      rows: Number(row?.['Count'] ?? 0),
    }
  } finally {
    await condition.undo()
  }
}

export interface DiskFullResult {
  readonly how: string
  /** The run that met the full disk. */
  readonly stopped: LogdropExit
  readonly stoppedSummary: CliSummary
  /** What was in flight when it stopped (may reach the table twice). */
  readonly inFlight: InFlight
  /** The resume after space was freed. */
  readonly resumed: LogdropExit
  readonly resumedSummary: CliSummary
  readonly reconciliation: Reconciliation
}

/**
 * The disk under the data folder fills up mid-upload: the job stops with a clear message and
 * keeps what it acknowledged; once space is freed, `logdrop resume` finishes it.
 */
export async function runDiskFull(input: ConditionInput): Promise<DiskFullResult | Skipped> {
  const { handle, file, tag } = input
  const dataDir = join(input.workDir, 'data')
  const condition = await mountSmallDisk(dataDir, 1024)
  if (!condition.ok) return { skipped: condition.why }
  const filler = join(dataDir, 'filler.bin')
  try {
    const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
    await setFaults(handle, { latencyMs: 150 })
    const first = startLogdrop(resumeArgs(handle, job.jobId, dataDir))
    await untilAcked(dataDir, job.jobId, 1, first)
    fillDisk(filler)
    const stopped = await first.done
    const stoppedSummary = summaryOf(stopped)
    const inFlight = await inFlightOfLastRun(dataDir, job.jobId)
    await rm(filler, { force: true })
    await setFaults(handle, {})
    const resumed = await runLogdrop(resumeArgs(handle, job.jobId, dataDir))
    const resumedSummary = summaryOf(resumed)
    const reconciliation = await reconcile(
      handle,
      tag,
      file.records,
      await failedOf(dataDir, job.jobId),
    )
    return {
      how: condition.how,
      stopped,
      stoppedSummary,
      inFlight,
      resumed,
      resumedSummary,
      reconciliation,
    }
  } finally {
    await setFaults(handle, {}).catch(() => undefined)
    await condition.undo()
  }
}

// ---- the service goes away ----

export interface EmulatorAwayResult {
  readonly downMs: number
  readonly exit: LogdropExit
  readonly summary: CliSummary
  /** Requests refused or cut while it was down, as the verbose log tells them. */
  readonly networkRetriesLogged: number
  /** Ingestion counters before the stop and after the restart, added up. */
  readonly counters: IngestionCounters
  readonly reconciliation: Reconciliation
}

/**
 * The emulator stops mid-upload and starts again on the same port and data folder `downMs`
 * later: the upload retries with backoff, carries on, and finishes without losing a record.
 */
export async function runEmulatorAwayAndBack(
  input: ConditionInput & { readonly downMs: number },
): Promise<EmulatorAwayResult> {
  const { handle, file, tag } = input
  const dataDir = join(input.workDir, 'data')
  const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
  const before = await readCounters(handle)
  await setFaults(handle, { latencyMs: 150 })
  const running = startLogdrop(resumeArgs(handle, job.jobId, dataDir, ['--verbose']))
  await untilAcked(dataDir, job.jobId, 1, running)
  const untilStop = counterDelta(await readCounters(handle), before)
  await handle.stop()
  await new Promise((r) => setTimeout(r, input.downMs))
  await handle.start()
  const exit = await running.done
  const afterRestart = await readCounters(handle)
  const summary = summaryOf(exit)
  const reconciliation = await reconcile(
    handle,
    tag,
    file.records,
    await failedOf(dataDir, job.jobId),
  )
  const networkRetriesLogged = exit.stderr
    .split('\n')
    .filter(
      (line) => line.includes('"outcome":"network"') && line.includes('"action":"retry"'),
    ).length
  return {
    downMs: input.downMs,
    exit,
    summary,
    networkRetriesLogged,
    counters: addCounters(untilStop, afterRestart),
    reconciliation,
  }
}

export interface EmulatorGoneResult {
  /** The run that gave up: stopped, with the reason and what to do next. */
  readonly stopped: LogdropExit
  readonly stoppedSummary: CliSummary
  /** `logdrop resume` once the service is back: the records never sent. */
  readonly resumed: LogdropExit
  readonly resumedSummary: CliSummary
  /** `logdrop failed retry --cause network`: the records that failed while it was away. */
  readonly retried: LogdropExit
  readonly retriedSummary: CliSummary
  readonly reconciliation: Reconciliation
}

/**
 * The emulator goes away for longer than the retry budget: the job stops with
 * `upload/network-unreachable`; the refused records wait in the failed store. When it is back,
 * `logdrop resume` sends the rest and `logdrop failed retry` the refused ones: nothing lost.
 */
export async function runEmulatorGone(input: ConditionInput): Promise<EmulatorGoneResult> {
  const { handle, file, tag } = input
  const dataDir = join(input.workDir, 'data')
  const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
  await setFaults(handle, { latencyMs: 150 })
  const running = startLogdrop(resumeArgs(handle, job.jobId, dataDir))
  await untilAcked(dataDir, job.jobId, 1, running)
  await handle.stop()
  let stopped: LogdropExit
  try {
    stopped = await running.done
  } finally {
    await handle.start()
  }
  const stoppedSummary = summaryOf(stopped)
  const resumed = await runLogdrop(resumeArgs(handle, job.jobId, dataDir))
  const resumedSummary = summaryOf(resumed)
  const retried = await runLogdrop([
    'failed',
    'retry',
    job.jobId,
    '--cause',
    'network',
    '--json',
    ...connectionArgs(handle.dir, dataDir),
  ])
  const retriedSummary = summaryOf(retried)
  const failed = mergeFailedSets([
    await failedSet(jobPaths(dataDir, job.jobId).failed, { keep: (r) => r.cause !== 'network' }),
    await failedSet(jobPaths(dataDir, retriedSummary.jobId).failed, { retryJob: true }),
  ])
  const reconciliation = await reconcile(handle, tag, file.records, failed)
  return {
    stopped,
    stoppedSummary,
    resumed,
    resumedSummary,
    retried,
    retriedSummary,
    reconciliation,
  }
}

// ---- tokens and clocks ----

export interface ExpiredTokenResult {
  readonly jumpMs: number
  readonly exit: LogdropExit
  readonly summary: CliSummary
  /** Attempts answered 401 (the expired token), from the uploader's log. */
  readonly refused401: number
  /** Verbose log lines that name ExpiredAuthenticationToken and the refresh that followed. */
  readonly expiredLogged: number
  readonly reconciliation: Reconciliation
}

/**
 * The emulator's clock jumps past the lifetime of the token the uploader holds (plus the
 * service's five minutes of clock tolerance): its requests come back 401
 * ExpiredAuthenticationToken, the engine fetches a new token once and goes on.
 */
export async function runExpiredToken(
  input: ConditionInput & { readonly clock: EmulatorClock; readonly jumpMs: number },
): Promise<ExpiredTokenResult> {
  const { handle, file, tag } = input
  const dataDir = join(input.workDir, 'data')
  const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
  await setFaults(handle, { latencyMs: 100 })
  const running = startLogdrop(resumeArgs(handle, job.jobId, dataDir, ['--verbose']))
  await untilAcked(dataDir, job.jobId, 1, running)
  input.clock.offsetMs += input.jumpMs
  await setFaults(handle, {})
  const exit = await running.done
  const summary = summaryOf(exit)
  const reconciliation = await reconcile(
    handle,
    tag,
    file.records,
    await failedOf(dataDir, job.jobId),
  )
  // The emulator refuses a bad token before its data plane counts the request, so the
  // uploader's own log (every attempt, with --verbose) is where the 401s are seen.
  const log = await readFile(join(dataDir, 'logs', 'logdrop.log'), 'utf8')
  const attempts = log.split('\n').filter((l) => l.includes('"message":"request attempt"'))
  return {
    jumpMs: input.jumpMs,
    exit,
    summary,
    refused401: attempts.filter((l) => l.includes('"status":401')).length,
    expiredLogged: attempts.filter(
      (l) => l.includes('ExpiredAuthenticationToken') && l.includes('"action":"refresh-token"'),
    ).length,
    reconciliation,
  }
}

/** Which clock-skew case a run is. */
export type ClockSkewKind = 'records-outside-send' | 'records-outside-fail' | 'service-clock-ahead'

export interface ClockSkewRun {
  /** What the run was about. */
  readonly label: string
  readonly kind: ClockSkewKind
  readonly exit: LogdropExit
  readonly summary: JobSummary
  /** The CLI's words for a person (no --json). */
  readonly text: string
  /** Rows whose TimeGenerated the service replaced with the time of arrival. */
  readonly replaced: number
  readonly reconciliation: Reconciliation
  readonly failed: FailedSet
}

/**
 * One upload of `file` for the clock-skew checks: run as a person would (no --json), so the
 * printed words can be checked; the summary comes from the job's `summary.json`.
 */
export async function runClockSkewUpload(
  input: Omit<ConditionInput, 'jobOptions'> & {
    readonly label: string
    readonly kind: ClockSkewKind
  },
): Promise<ClockSkewRun> {
  const outsideWindow = input.kind === 'records-outside-fail' ? 'fail' : 'send'
  const { handle, file, tag } = input
  const dataDir = join(input.workDir, 'data')
  const args = (await uploadArgs(handle, file.path, dataDir, tag, [], outsideWindow)).filter(
    (arg) => arg !== '--json',
  )
  const exit = await runLogdrop(args)
  const jobId = /Job (\S+) started/.exec(exit.stderr)?.[1]
  if (jobId === undefined) throw new Error(`no job started: ${exit.stderr}`)
  const summary = await loadSummary(jobPaths(dataDir, jobId))
  if (summary === undefined) throw new Error(`job ${jobId} left no summary`)
  const failed = await failedOf(dataDir, jobId)
  const [row] = await queryRows(
    handle,
    `${SOAK_TABLE} | where Host == '${tag}' | summarize replaced = countif(TimeGenerated != Time)`,
  )
  return {
    label: input.label,
    kind: input.kind,
    exit,
    summary,
    text: exit.stdout,
    replaced: Number(row?.['replaced'] ?? 0),
    reconciliation: await reconcile(handle, tag, file.records, failed),
    failed,
  }
}
