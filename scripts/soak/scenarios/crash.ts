import { join } from 'node:path'
import type { FaultSettings } from '../../../emulator/data/faults/fault-settings'
import { jobPaths } from '../../../electron/engine/common/journal/job-store'
import type { UploadOptions } from '../../../shared/models/upload-job'
import { setFaults } from '../emulator-client'
import type { EmulatorHandle } from '../emulator-handle'
import {
  acknowledged,
  inFlightOfLastRun,
  onlyJobId,
  readLedger,
  sentInRun,
  waitFor,
  type InFlight,
} from '../journal-inspect'
import { startLogdrop, summaryOf, type CliSummary, type LogdropExit } from '../logdrop-process'
import { failedSet, reconcile, type Reconciliation } from '../reconcile'
import { mulberry32, type SoakFile } from '../soak-data'
import { createSoakJob, resumeArgs, uploadArgs } from '../soak-job'

/** Kill-and-resume over one job. */
export interface CrashInput {
  readonly handle: EmulatorHandle
  readonly file: SoakFile
  readonly workDir: string
  readonly tag: string
  readonly kills: number
  /** Seeds the kill moments, so a run can be repeated. */
  readonly seed: number
  /**
   * Each kill lands this many milliseconds (uniform in the range) after the run's first
   * request went out.
   */
  readonly killAfterMs: readonly [number, number]
  /** Faults while the kills happen (e.g. latency, so requests are in flight); lifted after. */
  readonly slowdown: FaultSettings
  /** See FaultsInput.jobOptions. */
  readonly jobOptions?: Partial<UploadOptions>
  readonly cliArgs?: readonly string[]
  readonly log?: (line: string) => void
}

/** One SIGKILL and what it left behind. */
export interface KillRecord {
  readonly kill: number
  /** The run the kill ended (1 = the first upload). */
  readonly run: number
  /** Milliseconds from the run's first request to the kill. */
  readonly afterFirstRequestMs: number
  /** Requests and records sent but not acknowledged at the kill. */
  readonly inFlight: InFlight
  /** Records acknowledged by all runs up to the kill. */
  readonly acknowledged: number
}

export interface CrashResult {
  readonly jobId: string
  readonly kills: readonly KillRecord[]
  /** The run that finished the job. */
  readonly final: LogdropExit
  readonly summary: CliSummary
  /** Records in flight at the kills, summed: the most that may be duplicated. */
  readonly inFlightRecords: number
  readonly inFlightRequests: number
  readonly reconciliation: Reconciliation
}

/**
 * Uploads a soak file and kills the uploading process with SIGKILL at random moments, resuming
 * with `logdrop resume` each time; then lets the last run finish and reconciles.
 */
export async function runCrashScenario(input: CrashInput): Promise<CrashResult> {
  const { handle, file, workDir, tag } = input
  const dataDir = join(workDir, 'data')
  const random = mulberry32(input.seed)
  const log = input.log ?? (() => undefined)
  await setFaults(handle, input.slowdown)

  let jobId: string | undefined
  let current
  if (input.jobOptions === undefined) {
    current = startLogdrop(await uploadArgs(handle, file.path, dataDir, tag, input.cliArgs ?? []))
  } else {
    const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
    jobId = job.jobId
    current = startLogdrop(resumeArgs(handle, jobId, dataDir, input.cliArgs ?? []))
  }

  const kills: KillRecord[] = []
  try {
    let runsBefore = 0
    for (let k = 1; k <= input.kills; k++) {
      const running = current
      let exited = false
      void running.done.then(() => (exited = true))
      // The kill lands a random time after this run's first request went out.
      const firstSendAt = await waitFor(
        async () => {
          if (exited) return -1
          jobId ??= await onlyJobId(dataDir)
          if (jobId === undefined) return undefined
          return sentInRun(await readLedger(dataDir, jobId), runsBefore + 1)
            ? Date.now()
            : undefined
        },
        120_000,
        `run ${runsBefore + 1} to send`,
      )
      if (firstSendAt < 0 || jobId === undefined) break
      const [low, high] = input.killAfterMs
      const delay = Math.round(low + random() * (high - low))
      await new Promise((r) => setTimeout(r, delay))
      if (exited) break
      running.child.kill('SIGKILL')
      const ended = await running.done
      if (ended.signal !== 'SIGKILL') break
      const inFlight = await inFlightOfLastRun(dataDir, jobId)
      const entries = await readLedger(dataDir, jobId)
      kills.push({
        kill: k,
        run: inFlight.run,
        afterFirstRequestMs: Date.now() - firstSendAt,
        inFlight,
        acknowledged: acknowledged(entries),
      })
      log(
        `  kill ${k}: run ${inFlight.run} after ${delay} ms, ${inFlight.requests} requests ` +
          `(${inFlight.records} records) in flight, ${acknowledged(entries)} acknowledged so far`,
      )
      runsBefore = inFlight.run
      current = startLogdrop(resumeArgs(handle, jobId, dataDir, input.cliArgs ?? []))
    }
    // The rest at full speed.
    await setFaults(handle, {})
    const final = await current.done
    const summary = summaryOf(final)
    jobId ??= summary.jobId
    const failed = await failedSet(jobPaths(dataDir, jobId).failed)
    const reconciliation = await reconcile(handle, tag, file.records, failed)
    return {
      jobId,
      kills,
      final,
      summary,
      inFlightRecords: kills.reduce((sum, k) => sum + k.inFlight.records, 0),
      inFlightRequests: kills.reduce((sum, k) => sum + k.inFlight.requests, 0),
      reconciliation,
    }
  } finally {
    current.child.kill('SIGKILL')
    await setFaults(handle, {}).catch(() => undefined)
  }
}
