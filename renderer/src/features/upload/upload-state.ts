import type { AppErrorData } from '../../../../shared/errors/app-error'
import type {
  JobControlResult,
  UploadProgress,
  UploadSummary,
} from '../../../../shared/models/history'
import type { Result } from '../../../../shared/util/result'
import { isFinal, nextWireRate, type RateSample } from './progress-math'

/**
 * Uploads as the renderer follows them: the latest progress of each (from the throttled
 * `jobs:progress` events), its smoothed wire rate, its summary once finished, and which one the
 * Upload screen shows. Pure: every event is folded in here.
 */

export interface UploadRun {
  readonly progress: UploadProgress | null
  readonly wire: RateSample | null
  readonly summary: UploadSummary | null
}

export type ControlKind = 'pause' | 'resume' | 'cancel'

export interface UploadState {
  /** The upload the Upload screen shows (the last one started, resumed or retried). */
  readonly current: string | null
  readonly runs: Readonly<Record<string, UploadRun>>
  readonly starting: boolean
  readonly startError: AppErrorData | null
  /** A pause, resume or cancel on its way. */
  readonly control: { readonly jobId: string; readonly kind: ControlKind } | null
  readonly controlError: AppErrorData | null
}

export type UploadAction =
  | { readonly type: 'start-requested' }
  | { readonly type: 'started'; readonly jobId: string }
  | { readonly type: 'start-failed'; readonly error: AppErrorData }
  | { readonly type: 'progress'; readonly progress: UploadProgress }
  | { readonly type: 'active'; readonly list: readonly UploadProgress[] }
  | { readonly type: 'finished'; readonly summary: UploadSummary }
  | { readonly type: 'shown'; readonly jobId: string }
  | { readonly type: 'control-requested'; readonly jobId: string; readonly kind: ControlKind }
  | { readonly type: 'control-done'; readonly result: Result<JobControlResult> }
  | { readonly type: 'error-dismissed' }

export const INITIAL_UPLOAD_STATE: UploadState = {
  current: null,
  runs: {},
  starting: false,
  startError: null,
  control: null,
  controlError: null,
}

const EMPTY_RUN: UploadRun = { progress: null, wire: null, summary: null }

function withProgress(state: UploadState, progress: UploadProgress): UploadState {
  const run = state.runs[progress.jobId] ?? EMPTY_RUN
  // A new run of the same upload (resumed) starts its clock again: start the rate afresh.
  const restarted = run.progress !== null && progress.elapsedMs < run.progress.elapsedMs
  return {
    ...state,
    runs: {
      ...state.runs,
      [progress.jobId]: {
        progress,
        wire: nextWireRate(restarted ? null : run.wire, progress),
        summary: progress.state === 'running' || progress.state === 'paused' ? null : run.summary,
      },
    },
  }
}

export function uploadReducer(state: UploadState, action: UploadAction): UploadState {
  switch (action.type) {
    case 'start-requested':
      return { ...state, starting: true, startError: null }
    case 'started':
      return {
        ...state,
        starting: false,
        current: action.jobId,
        runs: { ...state.runs, [action.jobId]: state.runs[action.jobId] ?? EMPTY_RUN },
      }
    case 'start-failed':
      return { ...state, starting: false, startError: action.error }
    case 'progress':
      return withProgress(state, action.progress)
    case 'active': {
      // An upload this page saw running that the main side no longer runs (a host restart)
      // stopped: show it interrupted, never a stale "Uploading 47 %".
      const live = new Set(action.list.map((p) => p.jobId))
      const settled = Object.fromEntries(
        Object.entries(state.runs).map(([jobId, run]) => [
          jobId,
          run.progress !== null && !live.has(jobId) && !isFinal(run.progress.state)
            ? { ...run, progress: { ...run.progress, state: 'interrupted' as const } }
            : run,
        ]),
      )
      const next = action.list.reduce(withProgress, { ...state, runs: settled })
      const running = action.list.find((p) => p.state === 'running' || p.state === 'paused')
      return next.current === null && running !== undefined
        ? { ...next, current: running.jobId }
        : next
    }
    case 'finished': {
      const { summary } = action
      const run = state.runs[summary.jobId] ?? EMPTY_RUN
      const progress = run.progress === null ? null : { ...run.progress, state: summary.state }
      return {
        ...state,
        runs: { ...state.runs, [summary.jobId]: { ...run, progress, summary } },
        control: state.control?.jobId === summary.jobId ? null : state.control,
      }
    }
    case 'shown':
      return { ...state, current: action.jobId, startError: null }
    case 'control-requested':
      return { ...state, control: { jobId: action.jobId, kind: action.kind }, controlError: null }
    case 'control-done': {
      const { result } = action
      if (!result.ok) return { ...state, control: null, controlError: result.error }
      const run = state.runs[result.value.jobId]
      const progress = run?.progress ?? null
      return {
        ...state,
        control: null,
        runs:
          run === undefined || progress === null
            ? state.runs
            : {
                ...state.runs,
                [result.value.jobId]: {
                  ...run,
                  progress: { ...progress, state: result.value.state },
                },
              },
      }
    }
    case 'error-dismissed':
      return { ...state, startError: null, controlError: null }
  }
}

/** The run the Upload screen shows. */
export function currentRun(state: UploadState): UploadRun | null {
  return state.current === null ? null : (state.runs[state.current] ?? null)
}
