import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  type ReactNode,
} from 'react'
import type { SessionPatch } from '../../../../shared/models/session'
import { useApi, useOpenGeneration } from '../../app/api-context'
import { INITIAL_SESSION_VIEW, sessionReducer, type SessionViewState } from './session-state'

export interface SessionContextValue {
  readonly state: SessionViewState
  /** Saves the fields given on the main side (shown at once here). */
  update(patch: SessionPatch): void
  dismissError(): void
}

const SessionContext = createContext<SessionContextValue | null>(null)

/**
 * The person's place in the journey, kept on the main side (`session:get` on every open link,
 * `session:update` as they work), so a reload or a host restart reattaches to it. The target,
 * mapping and upload providers read and write it through useSession().
 */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const [state, dispatch] = useReducer(sessionReducer, INITIAL_SESSION_VIEW)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('session:get').then((result) => {
      if (current) dispatch({ type: 'loaded', result })
    })
    return () => {
      current = false
    }
  }, [api, generation])

  const update = useCallback(
    (patch: SessionPatch) => {
      dispatch({ type: 'patched', patch })
      void api.invoke('session:update', patch).then((result) => {
        if (!result.ok) dispatch({ type: 'save-failed', error: result.error })
      })
    },
    [api],
  )

  const value = useMemo<SessionContextValue>(
    () => ({ state, update, dismissError: () => dispatch({ type: 'error-dismissed' }) }),
    [state, update],
  )
  return <SessionContext value={value}>{children}</SessionContext>
}

/** The saved session and how to change it. */
export function useSession(): SessionContextValue {
  const value = use(SessionContext)
  if (value === null) throw new Error('useSession() needs a <SessionProvider> above it')
  return value
}
