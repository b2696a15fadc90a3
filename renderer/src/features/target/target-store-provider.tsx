import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  type ReactNode,
} from 'react'
import { useApi } from '../../app/api-context'
import { useSession } from '../session/session-provider'
import { useAuth } from '../sign-in/auth-provider'
import {
  INITIAL_TARGET_STORE,
  checkForAccount,
  chosenFromSaved,
  savedFromChosen,
  targetStoreReducer,
  type CheckState,
  type ChosenTarget,
} from './target-store'

/** What the journey's screens (Target, Files, Map, Upload) know about where logs go. */
export interface ChosenTargetValue {
  /** null until the person picks a stream or enters a target. */
  readonly chosen: ChosenTarget | null
  /** The connection check, as it stands for the active account. */
  readonly check: CheckState
  choose(chosen: ChosenTarget): void
  clear(): void
  /** Runs `target:check-connection` on the chosen target with the active account. */
  checkConnection(): void
}

const ChosenTargetContext = createContext<ChosenTargetValue | null>(null)

/**
 * Keeps the chosen target for the whole renderer (it survives moving between screens). Needs
 * the AuthProvider above it: checks belong to the active account.
 */
export function TargetStoreProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const activeAccountId = useAuth().state.auth?.activeAccountId ?? null
  const [state, dispatch] = useReducer(targetStoreReducer, INITIAL_TARGET_STORE)

  const choose = useCallback(
    (chosen: ChosenTarget) => {
      dispatch({ type: 'chosen', chosen })
      // A recent target knows its DCR's id but not its columns: ask ARM (silently; manual
      // targets and accounts without read access simply go without).
      if (chosen.dcrId !== null && chosen.stream === null) {
        void api.invoke('target:get-dcr', { dcrId: chosen.dcrId }).then((result) => {
          if (result.ok) dispatch({ type: 'details-loaded', dcr: result.value })
        })
      }
    },
    [api],
  )

  const { chosen } = state
  useSavedTarget(chosen, choose)
  const attempt = state.check.attempt
  const checkConnection = useCallback(() => {
    if (chosen === null) return
    const sent = attempt + 1
    dispatch({ type: 'check-started', accountId: activeAccountId })
    void api
      .invoke('target:check-connection', {
        target: chosen.target,
        label: chosen.label,
        ...(chosen.dcrId === null ? {} : { dcrId: chosen.dcrId }),
        ...(activeAccountId === null ? {} : { accountId: activeAccountId }),
      })
      .then((result) => dispatch({ type: 'check-finished', attempt: sent, result }))
  }, [api, chosen, attempt, activeAccountId])

  const value = useMemo<ChosenTargetValue>(
    () => ({
      chosen,
      check: checkForAccount(state, activeAccountId),
      choose,
      clear: () => dispatch({ type: 'cleared' }),
      checkConnection,
    }),
    [state, chosen, activeAccountId, choose, checkConnection],
  )

  return <ChosenTargetContext value={value}>{children}</ChosenTargetContext>
}

/**
 * Keeps the chosen target in the session: restored once per connect when none is chosen (a
 * reloaded page), saved whenever the person picks or clears one.
 */
function useSavedTarget(chosen: ChosenTarget | null, choose: (chosen: ChosenTarget) => void) {
  const session = useSession()
  const { saved, loads } = session.state
  const update = session.update
  const restoredAt = useRef(0)
  const last = useRef<ChosenTarget | null>(chosen)

  useEffect(() => {
    if (saved === null || restoredAt.current === loads) return
    restoredAt.current = loads
    if (chosen === null && saved.target !== null) choose(chosenFromSaved(saved.target))
  }, [saved, loads, chosen, choose])

  useEffect(() => {
    if (last.current === chosen) return
    last.current = chosen
    update({ target: chosen === null ? null : savedFromChosen(chosen) })
  }, [chosen, update])
}

/**
 * The chosen target and its connection check. Screens after Target read `chosen.target` (where
 * to upload) and `chosen.stream.columns` (what to map to, when discovery knew them).
 */
export function useChosenTarget(): ChosenTargetValue {
  const value = use(ChosenTargetContext)
  if (value === null) throw new Error('useChosenTarget() needs a <TargetStoreProvider> above it')
  return value
}
