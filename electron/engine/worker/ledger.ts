import {
  FAILURE_CAUSES,
  type FailedRecord,
  type FailureCause,
  type JobState,
} from '../../../shared/models/upload-job'
import { AppendLog, readLogLines } from '../common/journal/append-log'
import { countRanges, OrdinalSet, type OrdinalRange } from '../common/journal/interval-set'

/**
 * One line of `ledger.ndjson`, the job's append-only memory.
 *
 * - `run`: a run (first start or a resume) began.
 * - `send`: a request is about to go out for the first time, with the records it holds.
 * - `ack`: the service accepted that request (204); its records are done for good.
 * - `split`: a 413 split the request; its halves get their own `send` lines.
 * - `unsure`: the request is retried after a network error that may have happened after the
 *   service stored it (a reset or a timeout), so its `n` records may end up there twice.
 * - `file`: a file was read to the end and held `total` entries.
 * - `end`: a run finished in an orderly way (not written when the process is killed).
 */
export type LedgerEntry =
  | { readonly t: 'run'; readonly run: number; readonly at: string; readonly pid: number }
  | { readonly t: 'send'; readonly c: string; readonly r: readonly OrdinalRange[] }
  | {
      readonly t: 'ack'
      readonly c: string
      readonly r: readonly OrdinalRange[]
      readonly rid?: string
    }
  | { readonly t: 'split'; readonly c: string }
  | { readonly t: 'unsure'; readonly c: string; readonly n: number }
  | { readonly t: 'file'; readonly f: number; readonly total: number }
  | { readonly t: 'end'; readonly state: JobState; readonly at: string }

/** What earlier runs of a job achieved, rebuilt from the ledger and the failed store. */
export interface ReplayedJob {
  /** Records accepted or in the failed store: never sent again. */
  readonly done: OrdinalSet
  readonly accepted: number
  readonly failedByCause: Partial<Record<FailureCause, number>>
  readonly failed: number
  /** Entries per file, for files read to the end. */
  readonly fileTotals: ReadonlyMap<number, number>
  readonly runs: number
  /**
   * Requests that went out but were never answered in an earlier run (killed or cancelled):
   * their records are sent again and may be in the table twice. Cumulative over all runs.
   */
  readonly unansweredRequests: number
  readonly unansweredRecords: number
  /** Retries after ambiguous network errors in earlier runs (see `unsure`). */
  readonly unsureRequests: number
  readonly unsureRecords: number
  readonly lastEnd: JobState | undefined
  /** Lines that could not be read (a torn tail); informational. */
  readonly unreadableLines: number
}

/** Appends ledger entries. */
export class LedgerWriter {
  private constructor(private readonly log: AppendLog) {}

  static async open(path: string): Promise<LedgerWriter> {
    return new LedgerWriter(await AppendLog.open(path))
  }

  write(entry: LedgerEntry): void {
    this.log.append(JSON.stringify(entry))
  }

  sync(): void {
    this.log.sync()
  }

  close(): void {
    this.log.close()
  }
}

/**
 * Rebuilds a job's progress from `ledger.ndjson` and `failed.ndjson`. Both are read as
 * streams, so a failed store of millions of lines does not need millions of bytes per line.
 */
export async function replayJob(ledgerPath: string, failedPath: string): Promise<ReplayedJob> {
  const done = new OrdinalSet()
  const failedSet = new OrdinalSet()
  const sends = new Map<string, readonly OrdinalRange[]>()
  const fileTotals = new Map<number, number>()
  let accepted = 0
  let runs = 0
  let lastEnd: JobState | undefined
  let unreadableLines = 0
  let unsureRequests = 0
  let unsureRecords = 0

  for await (const line of readLogLines<LedgerEntry>(ledgerPath)) {
    if (!line.ok) {
      unreadableLines += 1
      continue
    }
    const entry = line.value
    switch (entry.t) {
      case 'run':
        runs = Math.max(runs, entry.run)
        lastEnd = undefined
        break
      case 'send':
        sends.set(entry.c, entry.r)
        break
      case 'ack':
        sends.delete(entry.c)
        done.addRanges(entry.r)
        accepted += countRanges(entry.r)
        break
      case 'split':
        sends.delete(entry.c)
        break
      case 'unsure':
        unsureRequests += 1
        unsureRecords += entry.n
        break
      case 'file':
        fileTotals.set(entry.f, entry.total)
        break
      case 'end':
        lastEnd = entry.state
        break
      default:
        unreadableLines += 1
    }
  }

  const failedByCause: Partial<Record<FailureCause, number>> = {}
  let failed = 0
  const causes = new Set<string>(FAILURE_CAUSES)
  for await (const line of readLogLines<FailedRecord>(failedPath)) {
    if (!line.ok) {
      unreadableLines += 1
      continue
    }
    const record = line.value
    done.add(record.fileIndex, record.ordinal)
    failedSet.add(record.fileIndex, record.ordinal)
    failed += 1
    if (causes.has(record.cause)) {
      failedByCause[record.cause] = (failedByCause[record.cause] ?? 0) + 1
    }
  }

  let unansweredRequests = 0
  let unansweredRecords = 0
  for (const ranges of sends.values()) {
    // Records of an unanswered request that did not end up in the failed store were either
    // sent again later or will be now: both copies may be in the table.
    const missing = failedSet.countMissing(ranges)
    if (missing > 0) {
      unansweredRequests += 1
      unansweredRecords += missing
    }
  }

  return {
    done,
    accepted,
    failedByCause,
    failed,
    fileTotals,
    runs,
    unansweredRequests,
    unansweredRecords,
    unsureRequests,
    unsureRecords,
    lastEnd,
    unreadableLines,
  }
}
