import { join } from 'node:path'
import type { FaultSettings } from '../../../emulator/data/faults/fault-settings'
import { jobPaths } from '../../../electron/engine/common/journal/job-store'
import type { UploadOptions } from '../../../shared/models/upload-job'
import { counterDelta, readCounters, setFaults, type IngestionCounters } from '../emulator-client'
import type { EmulatorHandle } from '../emulator-handle'
import { onlyJobId } from '../journal-inspect'
import { runLogdrop, summaryOf, type CliSummary, type LogdropExit } from '../logdrop-process'
import { failedSet, reconcile, type Reconciliation } from '../reconcile'
import type { SoakFile } from '../soak-data'
import { createSoakJob, resumeArgs, uploadArgs } from '../soak-job'

/** One upload under injected faults. */
export interface FaultsInput {
  readonly handle: EmulatorHandle
  readonly file: SoakFile
  /** A folder of its own for the LogDrop data folder and the mapping. */
  readonly workDir: string
  /** Marks this run's rows in the table. */
  readonly tag: string
  readonly faults: FaultSettings
  /**
   * Absent: `logdrop upload` as a person types it. Present: a job with these engine options,
   * run by `logdrop resume`.
   */
  readonly jobOptions?: Partial<UploadOptions>
  /** Extra arguments for `logdrop upload` (e.g. `--concurrency 8`). */
  readonly cliArgs?: readonly string[]
}

/** What the run did and how it reconciled. */
export interface FaultsResult {
  readonly jobId: string
  readonly exit: LogdropExit
  readonly summary: CliSummary
  /** The emulator's counters for this run: requests, faults by kind, throttling. */
  readonly counters: IngestionCounters
  readonly reconciliation: Reconciliation
}

/**
 * Uploads a soak file with every fault on at once, then reconciles the table and the failed
 * store with the source, record by record.
 */
export async function runFaultsScenario(input: FaultsInput): Promise<FaultsResult> {
  const { handle, file, workDir, tag } = input
  const dataDir = join(workDir, 'data')
  const before = await readCounters(handle)
  await setFaults(handle, input.faults)
  let exit: LogdropExit
  try {
    if (input.jobOptions === undefined) {
      exit = await runLogdrop(
        await uploadArgs(handle, file.path, dataDir, tag, input.cliArgs ?? []),
      )
    } else {
      const job = await createSoakJob(handle, file.path, dataDir, tag, input.jobOptions)
      exit = await runLogdrop(resumeArgs(handle, job.jobId, dataDir, input.cliArgs ?? []))
    }
  } finally {
    await setFaults(handle, {})
  }
  const counters = counterDelta(await readCounters(handle), before)
  const summary = summaryOf(exit)
  const jobId = (await onlyJobId(dataDir)) ?? summary.jobId
  const failed = await failedSet(jobPaths(dataDir, jobId).failed)
  const reconciliation = await reconcile(handle, tag, file.records, failed)
  return { jobId, exit, summary, counters, reconciliation }
}
