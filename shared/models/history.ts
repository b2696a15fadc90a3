import type { AppErrorCode, AppErrorData } from '../errors/app-error'
import type { ConnectionCheck, IngestionTarget } from './target'
import type { FailureCause, FileProgress, JobProgress, JobState, JobSummary } from './upload-job'

/**
 * Uploads as the desktop experience shows them: live progress, the finished summary, history,
 * failed records and the landed-rows check.
 *
 * One upload (`jobId`) is one engine job, each file with its own mapping; the shapes here are
 * the engine's, with file indexes and names as the person chose them and no paths.
 */

/** Where the upload's rows land, for `history:verify`. */
export interface UploadDestination {
  /** Log Analytics workspace id (the GUID "Customer ID", not the ARM id). */
  readonly workspaceId: string
  /** The table, e.g. `AppEvents_CL`. */
  readonly table: string
}

/** Progress of one file of an upload. */
export interface UploadFileProgress extends Omit<FileProgress, 'path'> {
  /** Index in the upload's file list (as given to `jobs:start`). */
  readonly index: number
  /** File name only. */
  readonly name: string
}

/**
 * `jobs:progress`: the engine's progress (records read/sent/accepted/failed, raw and wire bytes,
 * rate, elapsed, ETA) summed over the upload; at most about five events a second per upload,
 * and one on every state change.
 */
export interface UploadProgress extends Omit<JobProgress, 'files'> {
  readonly files: readonly UploadFileProgress[]
  readonly label: string
}

/** `jobs:finished` and the history's summary: the engine's summary summed over the upload. */
export interface UploadSummary extends Omit<JobSummary, 'files' | 'target'> {
  readonly label: string
  readonly target: IngestionTarget
  readonly files: readonly UploadFileProgress[]
}

/** One upload in `history:list`, newest first. */
export interface HistoryEntry {
  readonly jobId: string
  readonly label: string
  readonly createdAt: string
  /**
   * `running`/`paused` while this app runs it; `interrupted` after a crash or a restart (the
   * journal has no finished marker); the rest as the last run ended.
   */
  readonly state: JobState
  readonly target: IngestionTarget
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number }>
  readonly records: UploadSummary['records'] | null
  readonly failedByCause: Readonly<Partial<Record<FailureCause, number>>>
  /** First run's start and last run's end (null while running or when interrupted). */
  readonly startedAt: string | null
  readonly finishedAt: string | null
  /** `history:resume` can continue it (interrupted, cancelled or stopped). */
  readonly resumable: boolean
  /** It has failed records (`failed:*` apply). */
  readonly hasFailed: boolean
  /** Set when this upload re-sends failed records of another upload. */
  readonly retryOf: string | null
  /** Known destination for `history:verify`; null when the verify must be told the workspace. */
  readonly destination: UploadDestination | null
  /** Why the last run stopped early, when it did. */
  readonly error: AppErrorData | null
  /** The full summary when the upload finished at least once. */
  readonly summary: UploadSummary | null
}

/** `jobs:start`/`history:resume`/`failed:retry`: the upload that now runs. */
export interface StartedUpload {
  readonly jobId: string
  /** The connection check that was passed just before starting. */
  readonly check: ConnectionCheck
  /** failed:retry only: records in the retry, and malformed ones left out (nothing to send). */
  readonly records?: number
  readonly skipped?: number
}

/** `jobs:pause|resume|cancel`: the state after the request was passed on. */
export interface JobControlResult {
  readonly jobId: string
  readonly state: JobState
}

/** Failed records of one cause, for the grouped view. */
export interface FailedGroupView {
  readonly cause: FailureCause
  readonly count: number
  readonly exampleMessage: string
  readonly statuses: readonly number[]
}

/**
 * Failed records of one cause split by what went wrong and where: "Did not fit the stream"
 * becomes "TimeGenerated: value does not convert", "Message: over 64 KB" and so on. `code` and
 * `column` are null for causes (and older records) that do not carry them.
 */
export interface FailedKindView {
  readonly cause: FailureCause
  readonly code: string | null
  readonly column: string | null
  readonly count: number
  readonly exampleMessage: string
}

/** Narrows `failed:list` (and `failed:delete`): every field given must match. */
export interface FailedFilter {
  readonly cause?: FailureCause | undefined
  readonly code?: string | undefined
  readonly column?: string | undefined
  readonly fileIndex?: number | undefined
  /** Case-insensitive text in the error message. */
  readonly text?: string | undefined
}

/** `failed:summary`. */
export interface FailedSummary {
  readonly jobId: string
  readonly total: number
  /** Most frequent first. */
  readonly groups: readonly FailedGroupView[]
  /** The groups split by code and column, most frequent first. */
  readonly kinds: readonly FailedKindView[]
  /** The upload's files that have failed records, for the file filter. */
  readonly files: ReadonlyArray<{
    readonly fileIndex: number
    readonly name: string
    readonly count: number
  }>
  /** Records edited with `failed:update` (sent as edited by `failed:retry`). */
  readonly edited: number
}

/** One failed record, with where it came from and why it failed. */
export interface FailedRecordView {
  /** Stable id within the upload; pass it to `failed:update` and `failed:retry`. */
  readonly id: string
  readonly cause: FailureCause
  /** The source file (name only) and its index in the upload. */
  readonly fileName: string
  readonly fileIndex: number
  /** Position in the file (0-based, counting malformed entries). */
  readonly ordinal: number
  readonly line: number | null
  readonly byteOffset: number | null
  /** The source record, or the raw text of a malformed entry. */
  readonly source: unknown
  /** The stream record as it was sent (null when mapping failed). */
  readonly mapped: Readonly<Record<string, unknown>> | null
  /** The record as edited with `failed:update` (null when not edited). */
  readonly edited: Readonly<Record<string, unknown>> | null
  readonly status: number | null
  readonly code: string | null
  /** The stream column(s) that failed (validation), else null. */
  readonly column: string | null
  readonly message: string
  /** `x-ms-request-id` of the request that carried it. */
  readonly requestId: string | null
  readonly clientRequestId: string | null
  readonly time: string
}

/** `failed:list`: one page. */
export interface FailedPage {
  readonly jobId: string
  /** Records matching the filter (all pages). */
  readonly total: number
  readonly offset: number
  readonly records: readonly FailedRecordView[]
}

/** One column that failed revalidation. */
export interface RecordIssue {
  readonly column: string
  readonly code: AppErrorCode
  readonly reason: string
}

/**
 * `failed:update`: the edited stream record checked with the same rules as the upload (column
 * names, types and coercion, the time policy, the 64 KB limit). Saved only when valid; `record`
 * is then the value that will be sent (coerced).
 */
export type RecordValidation =
  | { readonly valid: true; readonly record: Readonly<Record<string, unknown>> }
  | { readonly valid: false; readonly issues: readonly RecordIssue[] }

/**
 * Where an export or a saved file went. Electron: a save dialog (`saved` or `cancelled`).
 * Browser host: a one-time download, `url` relative to the page's base (the secret path), e.g.
 * `exports/<token>`; it works once and expires after ten minutes.
 */
export type SaveOutcome =
  | {
      readonly kind: 'saved'
      /** Where it was saved: the full path the person chose in the dialog. */
      readonly fileName: string
      readonly records?: number
    }
  | { readonly kind: 'cancelled' }
  | {
      readonly kind: 'download'
      readonly url: string
      readonly fileName: string
      readonly records?: number
    }

/** `history:verify`: rows of the job found in the workspace through the query API. */
export interface VerifyResult {
  readonly jobId: string
  /** Rows counted in the table within the job's receive-time windows. */
  readonly landed: number
  /** Records the service accepted for this upload. */
  readonly expected: number
  /** Records that may have been sent twice (in flight during a crash); landed may exceed. */
  readonly duplicatesPossible: number
  readonly workspaceId: string
  readonly table: string
  /** The KQL that was run (for the person to run it again in the portal). */
  readonly query: string
  /** The receive-time windows counted, ISO 8601. */
  readonly windows: ReadonlyArray<{ readonly from: string; readonly to: string }>
  /** Other uploads of this app that sent to the same table at the same time (counted too). */
  readonly overlapping: readonly string[]
  readonly checkedAt: string
  /** Always: "A brand-new table can take minutes to show data." */
  readonly note: string
}

/** The note every verify result carries. */
export const VERIFY_NOTE =
  'A brand-new table can take minutes to show data: if fewer rows have landed than expected, check again in 5 to 15 minutes.'
