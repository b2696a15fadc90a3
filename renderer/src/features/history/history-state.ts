import { formatCount } from '../../lib/units'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { HistoryEntry, VerifyResult } from '../../../../shared/models/history'
import type { JobState } from '../../../../shared/models/upload-job'
import type { Result } from '../../../../shared/util/result'

/**
 * The History screen's state: the uploads (newest first), and per upload a resume or a verify
 * on its way and the verify's answer. Pure.
 */

export interface VerifyState {
  readonly status: 'running' | 'done' | 'failed'
  readonly result: VerifyResult | null
  readonly error: AppErrorData | null
}

export interface HistoryState {
  readonly load: 'loading' | 'ready' | 'failed'
  readonly entries: readonly HistoryEntry[]
  readonly error: AppErrorData | null
  readonly verify: Readonly<Record<string, VerifyState>>
  readonly resuming: readonly string[]
  readonly resumeError: { readonly jobId: string; readonly error: AppErrorData } | null
}

export type HistoryAction =
  | { readonly type: 'listed'; readonly result: Result<readonly HistoryEntry[]> }
  | { readonly type: 'verify-started'; readonly jobId: string }
  | { readonly type: 'verified'; readonly jobId: string; readonly result: Result<VerifyResult> }
  | { readonly type: 'resume-started'; readonly jobId: string }
  | { readonly type: 'resumed'; readonly jobId: string; readonly error: AppErrorData | null }

export const INITIAL_HISTORY_STATE: HistoryState = {
  load: 'loading',
  entries: [],
  error: null,
  verify: {},
  resuming: [],
  resumeError: null,
}

export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
  switch (action.type) {
    case 'listed':
      return action.result.ok
        ? { ...state, load: 'ready', entries: action.result.value, error: null }
        : {
            ...state,
            load: state.load === 'ready' ? 'ready' : 'failed',
            error: action.result.error,
          }
    case 'verify-started':
      return {
        ...state,
        verify: {
          ...state.verify,
          [action.jobId]: { status: 'running', result: null, error: null },
        },
      }
    case 'verified': {
      const { result } = action
      return {
        ...state,
        verify: {
          ...state.verify,
          [action.jobId]: result.ok
            ? { status: 'done', result: result.value, error: null }
            : { status: 'failed', result: null, error: result.error },
        },
      }
    }
    case 'resume-started':
      return { ...state, resuming: [...state.resuming, action.jobId], resumeError: null }
    case 'resumed':
      return {
        ...state,
        resuming: state.resuming.filter((id) => id !== action.jobId),
        resumeError: action.error === null ? null : { jobId: action.jobId, error: action.error },
      }
  }
}

/** How an outcome is shown: words and a badge colour. */
export interface Outcome {
  readonly label: string
  readonly color: 'success' | 'warning' | 'danger' | 'informative' | 'brand' | 'subtle'
}

export const OUTCOMES: Readonly<Record<JobState, Outcome>> = {
  running: { label: 'Uploading', color: 'brand' },
  paused: { label: 'Paused', color: 'informative' },
  completed: { label: 'Completed', color: 'success' },
  'completed-with-failures': { label: 'Completed with failures', color: 'warning' },
  stopped: { label: 'Stopped', color: 'danger' },
  cancelled: { label: 'Cancelled', color: 'subtle' },
  interrupted: { label: 'Interrupted', color: 'danger' },
}

/** True when the upload ended, so its rows can be counted in the workspace. */
export function canVerify(entry: HistoryEntry): boolean {
  return entry.state !== 'running' && entry.state !== 'paused' && (entry.records?.accepted ?? 0) > 0
}

/** One sentence comparing landed rows with what the service accepted. */
export function verifySentence(result: VerifyResult): string {
  const { landed, expected } = result
  const [found, accepted] = [formatCount(landed), formatCount(expected)]
  if (landed === expected) return `All ${accepted} accepted records are in ${result.table}.`
  if (landed < expected) {
    return `${found} of ${accepted} accepted records are in ${result.table} so far.`
  }
  return `${found} rows found in ${result.table}: ${formatCount(landed - expected)} more than the ${accepted} accepted (other uploads at the same time, or records sent twice).`
}

/**
 * How a verify reads: success only when the rows match exactly; extra rows are a warning (they
 * may be duplicates in the table), too few so far is information (ingestion can lag).
 */
export function verifyIntent(
  result: Pick<VerifyResult, 'landed' | 'expected'>,
): 'success' | 'warning' | 'info' {
  if (result.landed === result.expected) return 'success'
  return result.landed > result.expected ? 'warning' : 'info'
}

/** Uploads with failed records (for the Failed records screen's picker), newest first. */
export function withFailures(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((entry) => entry.hasFailed)
}
