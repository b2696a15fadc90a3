import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { SessionPatch, SessionState } from '../../../../shared/models/session'
import type { Result } from '../../../../shared/util/result'

/**
 * The saved session as the renderer holds it: what `session:get` answered on the open link,
 * with the renderer's own changes laid over it at once (so a screen reads what it just saved).
 * Pure; the provider carries the requests.
 */
export interface SessionViewState {
  /** null until `session:get` answered on this link. */
  readonly saved: SessionState | null
  /** Counts answers of `session:get`, so each restore runs once per connect. */
  readonly loads: number
  /** The last save or load failed (shown, never silent). */
  readonly error: AppErrorData | null
}

export type SessionAction =
  | { readonly type: 'loaded'; readonly result: Result<SessionState> }
  | { readonly type: 'patched'; readonly patch: SessionPatch }
  | { readonly type: 'save-failed'; readonly error: AppErrorData }
  | { readonly type: 'error-dismissed' }

export const INITIAL_SESSION_VIEW: SessionViewState = { saved: null, loads: 0, error: null }

const EMPTY: SessionState = { target: null, mappings: {}, uploadJobId: null }

export function sessionReducer(state: SessionViewState, action: SessionAction): SessionViewState {
  switch (action.type) {
    case 'loaded':
      // A session that cannot be read starts empty, and says so.
      return action.result.ok
        ? { saved: action.result.value, loads: state.loads + 1, error: null }
        : { saved: EMPTY, loads: state.loads + 1, error: action.result.error }
    case 'patched':
      return state.saved === null
        ? state
        : { ...state, saved: applyPatch(state.saved, action.patch) }
    case 'save-failed':
      return { ...state, error: action.error }
    case 'error-dismissed':
      return { ...state, error: null }
  }
}

/** The session with each given field of the patch replacing the saved one. */
export function applyPatch(saved: SessionState, patch: SessionPatch): SessionState {
  return {
    target: patch.target === undefined ? saved.target : patch.target,
    mappings: patch.mappings ?? saved.mappings,
    uploadJobId: patch.uploadJobId === undefined ? saved.uploadJobId : patch.uploadJobId,
  }
}
