import type { AppErrorData } from '../../../../shared/errors/app-error'
import type {
  AccountSummary,
  AuthState,
  DeviceCodePrompt,
  SignInMethod,
} from '../../../../shared/models/auth'
import type { Result } from '../../../../shared/util/result'

/**
 * Sign-in as the renderer holds it: the main side's AuthState, plus what this window asked for
 * and how that ended. Pure, so every transition is unit-tested without React.
 */

/** A request the Sign in screen makes besides a sign-in itself. */
export type AccountTask =
  | { readonly kind: 'developer' }
  | { readonly kind: 'switch'; readonly accountId: string }
  | { readonly kind: 'sign-out'; readonly accountId: string }
  | { readonly kind: 'plaintext-cache'; readonly enabled: boolean }

/** How the last request of this window ended, for the message under the buttons. */
export type AuthOutcome =
  | { readonly kind: 'signed-in'; readonly account: AccountSummary }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'switched'; readonly name: string }
  | { readonly kind: 'signed-out'; readonly name: string }
  | { readonly kind: 'cache-changed'; readonly enabled: boolean }
  | { readonly kind: 'failed'; readonly what: FailedWhat; readonly error: AppErrorData }

/** Which request failed, to title the error. */
export type FailedWhat = 'sign-in' | 'cancel' | AccountTask['kind']

export interface AuthViewState {
  readonly load: 'loading' | 'ready' | 'failed'
  /** The main side's state (null until loaded). */
  readonly auth: AuthState | null
  readonly loadError: AppErrorData | null
  /** A sign-in this window asked for whose answer has not come yet. */
  readonly requested: SignInMethod | null
  readonly cancelling: boolean
  /** From `auth:browser-url`, in case the state has not caught up yet. */
  readonly browserUrl: string | null
  /** From `auth:device-code`, in case the state has not caught up yet. */
  readonly deviceCode: DeviceCodePrompt | null
  /** An account request in flight (one at a time). */
  readonly task: AccountTask | null
  /**
   * The name of the account the request is about, taken when it starts: the main side pushes
   * the new state (without a signed-out account) before the request answers.
   */
  readonly taskAccountName: string | null
  readonly outcome: AuthOutcome | null
}

export type AuthAction =
  | { readonly type: 'loaded'; readonly auth: AuthState }
  | { readonly type: 'load-failed'; readonly error: AppErrorData }
  /** `auth:state` from the main side. */
  | { readonly type: 'pushed'; readonly auth: AuthState }
  | { readonly type: 'browser-url'; readonly url: string }
  | { readonly type: 'device-code'; readonly prompt: DeviceCodePrompt }
  | { readonly type: 'sign-in-started'; readonly method: SignInMethod }
  | { readonly type: 'sign-in-finished'; readonly result: Result<AccountSummary> }
  | { readonly type: 'cancel-started' }
  | { readonly type: 'cancel-finished'; readonly result: Result<{ readonly cancelled: boolean }> }
  | { readonly type: 'task-started'; readonly task: AccountTask }
  | {
      readonly type: 'task-finished'
      readonly task: AccountTask
      readonly result: Result<AuthState | AccountSummary>
    }
  | { readonly type: 'outcome-dismissed' }

export const INITIAL_AUTH_VIEW: AuthViewState = {
  load: 'loading',
  auth: null,
  loadError: null,
  requested: null,
  cancelling: false,
  browserUrl: null,
  deviceCode: null,
  task: null,
  taskAccountName: null,
  outcome: null,
}

function isAuthState(value: AuthState | AccountSummary): value is AuthState {
  return 'accounts' in value
}

function accountName(auth: AuthState | null, accountId: string): string {
  const account = auth?.accounts.find((a) => a.id === accountId)
  return account === undefined ? 'the account' : account.name
}

/** Drops the sign-in page and code once nothing is pending any more. */
function withState(state: AuthViewState, auth: AuthState): AuthViewState {
  const idle = auth.pending === null && state.requested === null
  return {
    ...state,
    load: 'ready',
    auth,
    loadError: null,
    browserUrl: idle ? null : state.browserUrl,
    deviceCode: idle ? null : state.deviceCode,
  }
}

function taskOutcome(
  task: AccountTask,
  value: AuthState | AccountSummary,
  name: string,
): AuthOutcome {
  switch (task.kind) {
    case 'developer':
      return isAuthState(value)
        ? { kind: 'switched', name: 'your developer credentials' }
        : { kind: 'signed-in', account: value }
    case 'switch':
      return { kind: 'switched', name }
    case 'sign-out':
      return { kind: 'signed-out', name }
    case 'plaintext-cache':
      return { kind: 'cache-changed', enabled: task.enabled }
  }
}

function taskAccountId(task: AccountTask): string | null {
  return task.kind === 'switch' || task.kind === 'sign-out' ? task.accountId : null
}

export function authReducer(state: AuthViewState, action: AuthAction): AuthViewState {
  switch (action.type) {
    case 'loaded':
    case 'pushed':
      return withState(state, action.auth)
    case 'load-failed':
      return {
        ...state,
        load: state.auth === null ? 'failed' : state.load,
        loadError: action.error,
      }
    case 'browser-url':
      return { ...state, browserUrl: action.url }
    case 'device-code':
      return { ...state, deviceCode: action.prompt }
    case 'sign-in-started':
      return {
        ...state,
        requested: action.method,
        cancelling: false,
        browserUrl: null,
        deviceCode: null,
        outcome: null,
      }
    case 'sign-in-finished': {
      const { result } = action
      const outcome: AuthOutcome = result.ok
        ? { kind: 'signed-in', account: result.value }
        : result.error.code === 'auth/cancelled'
          ? { kind: 'cancelled' }
          : { kind: 'failed', what: 'sign-in', error: result.error }
      const stillPending = (state.auth?.pending ?? null) !== null
      return {
        ...state,
        requested: null,
        cancelling: false,
        browserUrl: stillPending ? state.browserUrl : null,
        deviceCode: stillPending ? state.deviceCode : null,
        outcome,
      }
    }
    case 'cancel-started':
      return { ...state, cancelling: true }
    case 'cancel-finished':
      return action.result.ok
        ? { ...state, cancelling: state.cancelling && action.result.value.cancelled }
        : {
            ...state,
            cancelling: false,
            outcome: { kind: 'failed', what: 'cancel', error: action.result.error },
          }
    case 'task-started': {
      const id = taskAccountId(action.task)
      return {
        ...state,
        task: action.task,
        taskAccountName: id === null ? null : accountName(state.auth, id),
        outcome: null,
      }
    }
    case 'task-finished': {
      const { result, task } = action
      if (!result.ok) {
        return {
          ...state,
          task: null,
          taskAccountName: null,
          outcome: { kind: 'failed', what: task.kind, error: result.error },
        }
      }
      const id = taskAccountId(task)
      const name =
        state.taskAccountName ??
        (id === null ? '' : accountName(isAuthState(result.value) ? result.value : state.auth, id))
      const outcome = taskOutcome(task, result.value, name)
      const next = { ...state, task: null, taskAccountName: null, outcome }
      return isAuthState(result.value) ? withState(next, result.value) : next
    }
    case 'outcome-dismissed':
      return { ...state, outcome: null }
  }
}

/** Where a sign-in stands: nothing, asked for (no page or code yet), or waiting for the person. */
export type SignInPhase = 'idle' | 'starting' | 'waiting'

export function signInPhase(state: AuthViewState): SignInPhase {
  const pending = state.auth?.pending ?? null
  if (pending !== null) {
    const shown = pending.browserUrl ?? pending.deviceCode ?? state.browserUrl ?? state.deviceCode
    return shown === null ? 'starting' : 'waiting'
  }
  return state.requested === null ? 'idle' : 'starting'
}

/** The method of the sign-in in progress (this window's or another's), or null. */
export function pendingMethod(state: AuthViewState): SignInMethod | null {
  return state.auth?.pending?.method ?? state.requested
}

/** The sign-in page to offer as a link while an interactive sign-in waits. */
export function pendingBrowserUrl(state: AuthViewState): string | null {
  if (signInPhase(state) === 'idle') return null
  return state.auth?.pending?.browserUrl ?? state.browserUrl
}

/** The device code to show while a device-code sign-in waits. */
export function pendingDeviceCode(state: AuthViewState): DeviceCodePrompt | null {
  if (signInPhase(state) === 'idle') return null
  return state.auth?.pending?.deviceCode ?? state.deviceCode
}

/** The active account, or null when nobody is signed in. */
export function activeAccount(auth: AuthState | null): AccountSummary | null {
  if (auth === null || auth.activeAccountId === null) return null
  return auth.accounts.find((a) => a.id === auth.activeAccountId) ?? null
}

/**
 * For the Local emulator cloud: whether LogDrop found a running emulator; null for other clouds.
 */
export function emulatorStatus(auth: AuthState): 'running' | 'not-running' | null {
  if (auth.cloud !== 'LocalEmulator') return null
  return auth.problem?.code === 'auth/emulator-not-running' ? 'not-running' : 'running'
}

/**
 * Only https pages are opened for the person: the main side sends its authority's sign-in page,
 * and anything else (a javascript: or file: URL) is refused here too.
 */
export function isOpenableSignInUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}
