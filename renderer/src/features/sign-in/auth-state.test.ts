import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { AccountSummary, AuthState, PendingSignIn } from '../../../../shared/models/auth'
import { err, ok } from '../../../../shared/util/result'
import {
  INITIAL_AUTH_VIEW,
  activeAccount,
  authReducer,
  emulatorStatus,
  isOpenableSignInUrl,
  pendingBrowserUrl,
  pendingDeviceCode,
  pendingMethod,
  signInPhase,
  type AuthAction,
  type AuthViewState,
} from './auth-state'

const adele: AccountSummary = {
  id: 'oid-a.tid',
  kind: 'microsoft',
  name: 'Adele Vance',
  username: 'adele@contoso.example',
  tenantId: 'tid',
  active: true,
  needsSignIn: false,
}
const ben: AccountSummary = {
  ...adele,
  id: 'oid-b.tid',
  name: 'Ben Walters',
  username: 'ben@contoso.example',
  active: false,
}

function authState(overrides: Partial<AuthState> = {}): AuthState {
  return {
    cloud: 'LocalEmulator',
    cloudName: 'Local emulator',
    tenant: 'tid',
    accounts: [adele, ben],
    activeAccountId: adele.id,
    pending: null,
    tokenCache: {
      storage: 'memory',
      encryptionAvailable: false,
      plaintextOptIn: false,
      warning: 'w',
    },
    problem: null,
    ...overrides,
  }
}

const URL_ON_AUTHORITY = 'https://localhost:4443/tid/oauth2/v2.0/authorize?client_id=x'

function pending(overrides: Partial<PendingSignIn> = {}): PendingSignIn {
  return {
    method: 'interactive',
    startedAt: '2025-01-01T10:00:00.000Z',
    expiresAt: '2025-01-01T10:05:00.000Z',
    browserUrl: null,
    deviceCode: null,
    ...overrides,
  }
}

const deviceCode = {
  userCode: 'ABCD23456',
  verificationUri: 'https://localhost:4443/devicelogin',
  expiresAt: '2025-01-01T10:15:00.000Z',
  message: 'To sign in, open the page and enter the code.',
}

function run(actions: readonly AuthAction[], from: AuthViewState = INITIAL_AUTH_VIEW) {
  return actions.reduce(authReducer, from)
}

describe('auth view state', () => {
  it('loads the main side’s state, and keeps it when a reload fails', () => {
    const loaded = run([{ type: 'loaded', auth: authState() }])
    expect(loaded.load).toBe('ready')
    expect(activeAccount(loaded.auth)?.name).toBe('Adele Vance')

    const failed = authReducer(loaded, {
      type: 'load-failed',
      error: errorData('ipc/disconnected'),
    })
    expect(failed.load).toBe('ready')
    expect(failed.auth).toBe(loaded.auth)
    expect(failed.loadError?.code).toBe('ipc/disconnected')

    const never = authReducer(INITIAL_AUTH_VIEW, {
      type: 'load-failed',
      error: errorData('ipc/disconnected'),
    })
    expect(never.load).toBe('failed')
  })

  it('walks an interactive sign-in from asked, to waiting on the page, to signed in', () => {
    const asked = run([
      { type: 'loaded', auth: authState() },
      { type: 'sign-in-started', method: 'interactive' },
    ])
    expect(signInPhase(asked)).toBe('starting')
    expect(pendingMethod(asked)).toBe('interactive')
    expect(pendingBrowserUrl(asked)).toBeNull()

    // The page may arrive as an event before the state that carries it.
    const opened = authReducer(asked, { type: 'browser-url', url: URL_ON_AUTHORITY })
    const pushed = authReducer(opened, { type: 'pushed', auth: authState({ pending: pending() }) })
    expect(signInPhase(pushed)).toBe('waiting')
    expect(pendingBrowserUrl(pushed)).toBe(URL_ON_AUTHORITY)

    const done = run(
      [
        { type: 'pushed', auth: authState({ pending: null }) },
        { type: 'sign-in-finished', result: ok(adele) },
      ],
      pushed,
    )
    expect(signInPhase(done)).toBe('idle')
    expect(pendingBrowserUrl(done)).toBeNull()
    expect(done.browserUrl).toBeNull()
    expect(done.outcome).toEqual({ kind: 'signed-in', account: adele })
  })

  it('shows a device code from the event or the state, and forgets it afterwards', () => {
    const waiting = run([
      { type: 'loaded', auth: authState() },
      { type: 'sign-in-started', method: 'device-code' },
      { type: 'pushed', auth: authState({ pending: pending({ method: 'device-code' }) }) },
    ])
    expect(signInPhase(waiting)).toBe('starting')
    const withCode = authReducer(waiting, { type: 'device-code', prompt: deviceCode })
    expect(signInPhase(withCode)).toBe('waiting')
    expect(pendingDeviceCode(withCode)).toEqual(deviceCode)
    expect(pendingMethod(withCode)).toBe('device-code')

    const fromState = run([
      {
        type: 'loaded',
        auth: authState({ pending: pending({ method: 'device-code', deviceCode }) }),
      },
    ])
    // Started in another window: this one still shows the code and the phase.
    expect(fromState.requested).toBeNull()
    expect(signInPhase(fromState)).toBe('waiting')
    expect(pendingDeviceCode(fromState)?.userCode).toBe('ABCD23456')

    const ended = authReducer(withCode, {
      type: 'sign-in-finished',
      result: err(errorData('auth/timed-out')),
    })
    expect(ended.outcome).toMatchObject({ kind: 'failed', what: 'sign-in' })
    // The main side still said "pending" in its last push: keep showing until it says otherwise.
    expect(ended.deviceCode).toEqual(deviceCode)
    const idle = authReducer(ended, { type: 'pushed', auth: authState() })
    expect(idle.deviceCode).toBeNull()
    expect(signInPhase(idle)).toBe('idle')
  })

  it('treats a cancelled sign-in as an outcome of its own, not an error', () => {
    const cancelling = run([
      { type: 'loaded', auth: authState() },
      { type: 'sign-in-started', method: 'interactive' },
      { type: 'cancel-started' },
    ])
    expect(cancelling.cancelling).toBe(true)
    const cancelled = run(
      [
        { type: 'cancel-finished', result: ok({ cancelled: true }) },
        { type: 'sign-in-finished', result: err(errorData('auth/cancelled')) },
        { type: 'pushed', auth: authState() },
      ],
      cancelling,
    )
    expect(cancelled.outcome).toEqual({ kind: 'cancelled' })
    expect(cancelled.cancelling).toBe(false)
    expect(signInPhase(cancelled)).toBe('idle')
  })

  it('stops "cancelling" when nothing was pending, and reports a failed cancel', () => {
    const nothing = run([
      { type: 'cancel-started' },
      { type: 'cancel-finished', result: ok({ cancelled: false }) },
    ])
    expect(nothing.cancelling).toBe(false)
    const failed = run([
      { type: 'cancel-started' },
      { type: 'cancel-finished', result: err(errorData('ipc/disconnected')) },
    ])
    expect(failed.outcome).toMatchObject({ kind: 'failed', what: 'cancel' })
  })

  it('applies account requests and names who they were about', () => {
    const loaded = run([{ type: 'loaded', auth: authState() }])
    const switching = authReducer(loaded, {
      type: 'task-started',
      task: { kind: 'switch', accountId: ben.id },
    })
    expect(switching.task).toEqual({ kind: 'switch', accountId: ben.id })
    const switched = authReducer(switching, {
      type: 'task-finished',
      task: { kind: 'switch', accountId: ben.id },
      result: ok(authState({ activeAccountId: ben.id })),
    })
    expect(switched.task).toBeNull()
    expect(activeAccount(switched.auth)?.name).toBe('Ben Walters')
    expect(switched.outcome).toEqual({ kind: 'switched', name: 'Ben Walters' })

    // Signing out names the account as it was when asked, although the main side's push
    // (without it) arrives before the answer.
    const after = authState({ accounts: [adele], activeAccountId: adele.id })
    const signedOut = run(
      [
        { type: 'task-started', task: { kind: 'sign-out', accountId: ben.id } },
        { type: 'pushed', auth: after },
        { type: 'task-finished', task: { kind: 'sign-out', accountId: ben.id }, result: ok(after) },
      ],
      switched,
    )
    expect(signedOut.outcome).toEqual({ kind: 'signed-out', name: 'Ben Walters' })
    expect(signedOut.auth?.accounts).toHaveLength(1)

    const developer = { ...adele, id: 'developer', kind: 'developer' as const, name: 'az cli' }
    const viaCli = authReducer(signedOut, {
      type: 'task-finished',
      task: { kind: 'developer' },
      result: ok(developer),
    })
    expect(viaCli.outcome).toEqual({ kind: 'signed-in', account: developer })

    const refused = authReducer(viaCli, {
      type: 'task-finished',
      task: { kind: 'developer' },
      result: err(errorData('auth/developer-credentials-unavailable')),
    })
    expect(refused.outcome).toMatchObject({
      kind: 'failed',
      what: 'developer',
      error: { code: 'auth/developer-credentials-unavailable' },
    })
    expect(authReducer(refused, { type: 'outcome-dismissed' }).outcome).toBeNull()
  })

  it('says whether the local emulator is running, only for that cloud', () => {
    expect(emulatorStatus(authState())).toBe('running')
    expect(
      emulatorStatus(authState({ problem: errorData('auth/emulator-not-running', 'no file') })),
    ).toBe('not-running')
    expect(emulatorStatus(authState({ cloud: 'AzurePublic' }))).toBeNull()
  })

  it('opens only https sign-in pages', () => {
    expect(isOpenableSignInUrl(URL_ON_AUTHORITY)).toBe(true)
    expect(isOpenableSignInUrl('javascript:alert(1)')).toBe(false)
    expect(isOpenableSignInUrl('http://localhost:1234/')).toBe(false)
    expect(isOpenableSignInUrl('not a url')).toBe(false)
  })
})
