import type { JobDefinition } from '../../../shared/models/upload-job'
import type { FailedStoreWriter } from '../common/journal/failed-store'
import type { RunStats } from './run-stats'
import type { LedgerWriter, ReplayedJob } from './ledger'
import type { WorkerLogLevel } from './protocol'

/** What the reading and the sending side of a run share (owned by UploadRun). */
export interface RunContext {
  readonly job: JobDefinition
  readonly replay: ReplayedJob
  readonly ledger: LedgerWriter
  readonly failed: FailedStoreWriter
  readonly stats: RunStats
  /** Aborted on cancel (and when the journal breaks). */
  readonly signal: AbortSignal
  readonly log: (level: WorkerLogLevel, message: string, fields?: Record<string, unknown>) => void
  /** True once the run was cancelled or stopped. */
  isHalted(): boolean
  /** Stops the run for a failure every further request would share. */
  halt(error: unknown): void
}
