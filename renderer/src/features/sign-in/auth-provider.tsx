import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  type Dispatch,
  type ReactNode,
  type RefObject,
} from 'react'
import type { SignInMethod } from '../../../../shared/models/auth'
import type { LogDropApi } from '../../../../shared/ipc/contract'
import { useApi, useOpenGeneration, useTransport } from '../../app/api-context'
import type { TransportKind } from '../../lib/api'
import {
  INITIAL_AUTH_VIEW,
  authReducer,
  isOpenableSignInUrl,
  type AccountTask,
  type AuthAction,
  type AuthViewState,
} from './auth-state'

export interface AuthContextValue {
  readonly state: AuthViewState
  /** Starts a sign-in; the outcome lands in `state.outcome`. */
  signIn(method: SignInMethod, loginHint?: string): void
  cancelSignIn(): void
  switchAccount(accountId: string): void
  signOut(accountId: string): void
  addDeveloperCredentials(): void
  setPlaintextCache(enabled: boolean): void
  dismissOutcome(): void
}

const AuthContext = createContext<AuthContextValue | null>(null)

/**
 * Follows the main side's sign-in events for as long as the component lives: `auth:state`,
 * `auth:device-code`, and (browser host) `auth:browser-url`, whose page opens in a new tab.
 * Every subscription is removed on unmount.
 */
export function useAuthEvents(
  api: LogDropApi,
  dispatch: Dispatch<AuthAction>,
  transport: TransportKind,
  askedHere: RefObject<boolean>,
): void {
  useEffect(() => {
    const unsubscribe = [
      api.on('auth:state', (auth) => dispatch({ type: 'pushed', auth })),
      api.on('auth:device-code', (prompt) => dispatch({ type: 'device-code', prompt })),
      api.on('auth:browser-url', ({ url }) => {
        if (!isOpenableSignInUrl(url)) return
        dispatch({ type: 'browser-url', url })
        // Electron opened the system browser already; the browser host plays that part with a
        // new tab, from the window that asked only (other windows show the link). A blocked
        // pop-up is covered by that link too.
        if (transport === 'socket' && askedHere.current) window.open(url, '_blank', 'noopener')
      }),
    ]
    return () => {
      for (const off of unsubscribe) off()
    }
  }, [api, dispatch, transport, askedHere])
}

/**
 * Owns the sign-in state for the whole renderer: the Sign in screen shows and changes it, and
 * other screens read the active account. Loads on every open link.
 */
export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const transport = useTransport()
  const generation = useOpenGeneration()
  const [state, dispatch] = useReducer(authReducer, INITIAL_AUTH_VIEW)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('auth:get-state').then((result) => {
      if (!current) return
      dispatch(
        result.ok
          ? { type: 'loaded', auth: result.value }
          : { type: 'load-failed', error: result.error },
      )
    })
    return () => {
      current = false
    }
  }, [api, generation])

  // True while a sign-in this window started is waiting: only then does its page open here.
  const askedHere = useRef(false)
  useAuthEvents(api, dispatch, transport, askedHere)

  const signIn = useCallback(
    (method: SignInMethod, loginHint?: string) => {
      askedHere.current = true
      dispatch({ type: 'sign-in-started', method })
      void api
        .invoke('auth:sign-in', { method, ...(loginHint === undefined ? {} : { loginHint }) })
        .then((result) => {
          askedHere.current = false
          dispatch({ type: 'sign-in-finished', result })
        })
    },
    [api],
  )

  const cancelSignIn = useCallback(() => {
    dispatch({ type: 'cancel-started' })
    void api.invoke('auth:cancel').then((result) => dispatch({ type: 'cancel-finished', result }))
  }, [api])

  const runTask = useCallback(
    (task: AccountTask) => {
      dispatch({ type: 'task-started', task })
      const request = (() => {
        switch (task.kind) {
          case 'developer':
            return api.invoke('auth:use-developer-credentials')
          case 'switch':
            return api.invoke('auth:switch-account', { accountId: task.accountId })
          case 'sign-out':
            return api.invoke('auth:sign-out', { accountId: task.accountId })
          case 'plaintext-cache':
            return api.invoke('auth:set-plaintext-cache', { enabled: task.enabled })
        }
      })()
      void request.then((result) => dispatch({ type: 'task-finished', task, result }))
    },
    [api],
  )

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      signIn,
      cancelSignIn,
      switchAccount: (accountId) => runTask({ kind: 'switch', accountId }),
      signOut: (accountId) => runTask({ kind: 'sign-out', accountId }),
      addDeveloperCredentials: () => runTask({ kind: 'developer' }),
      setPlaintextCache: (enabled) => runTask({ kind: 'plaintext-cache', enabled }),
      dismissOutcome: () => dispatch({ type: 'outcome-dismissed' }),
    }),
    [state, signIn, cancelSignIn, runTask],
  )

  return <AuthContext value={value}>{children}</AuthContext>
}

/** Sign-in state and the requests that change it. */
export function useAuth(): AuthContextValue {
  const value = use(AuthContext)
  if (value === null) throw new Error('useAuth() needs an <AuthProvider> above it')
  return value
}
