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
import { useApi, useOpenGeneration } from '../../app/api-context'
import { useAuth } from '../sign-in/auth-provider'
import { useUploads } from '../upload/upload-provider'
import { INITIAL_HISTORY_STATE, historyReducer, type HistoryState } from './history-state'

export interface HistoryContextValue {
  readonly state: HistoryState
  reload(): void
  /** Continues an interrupted, cancelled or stopped upload; true when it started. */
  resume(jobId: string): Promise<boolean>
  verify(jobId: string, where?: { workspaceId: string; table: string }): void
}

const HistoryContext = createContext<HistoryContextValue | null>(null)

/** How long to gather `history:changed` events before reloading the list once. */
const RELOAD_DELAY_MS = 300

/**
 * The upload history for the whole renderer (History and Failed records read it), reloaded on
 * every open link and whenever the main side says an upload changed.
 */
export function HistoryProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const uploads = useUploads()
  const accountId = useAuth().state.auth?.activeAccountId ?? null
  const [state, dispatch] = useReducer(historyReducer, INITIAL_HISTORY_STATE)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const reload = useCallback(() => {
    void api.invoke('history:list').then((result) => dispatch({ type: 'listed', result }))
  }, [api])

  useEffect(() => {
    if (generation !== null) reload()
  }, [generation, reload])

  useEffect(() => {
    const soon = () => {
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        timer.current = null
        reload()
      }, RELOAD_DELAY_MS)
    }
    const off = [api.on('history:changed', soon), api.on('jobs:finished', soon)]
    return () => {
      for (const unsubscribe of off) unsubscribe()
      if (timer.current !== null) clearTimeout(timer.current)
    }
  }, [api, reload])

  const { show } = uploads
  const resume = useCallback(
    async (jobId: string) => {
      dispatch({ type: 'resume-started', jobId })
      const result = show(
        await api.invoke('history:resume', { jobId, ...(accountId === null ? {} : { accountId }) }),
      )
      dispatch({ type: 'resumed', jobId, error: result.ok ? null : result.error })
      if (result.ok) reload()
      return result.ok
    },
    [api, accountId, show, reload],
  )

  const verify = useCallback(
    (jobId: string, where?: { workspaceId: string; table: string }) => {
      dispatch({ type: 'verify-started', jobId })
      void api
        .invoke('history:verify', {
          jobId,
          ...(where ?? {}),
          ...(accountId === null ? {} : { accountId }),
        })
        .then((result) => dispatch({ type: 'verified', jobId, result }))
    },
    [api, accountId],
  )

  const value = useMemo<HistoryContextValue>(
    () => ({ state, reload, resume, verify }),
    [state, reload, resume, verify],
  )
  return <HistoryContext value={value}>{children}</HistoryContext>
}

/** The upload history and its actions. */
export function useHistory(): HistoryContextValue {
  const value = use(HistoryContext)
  if (value === null) throw new Error('useHistory() needs a <HistoryProvider> above it')
  return value
}
