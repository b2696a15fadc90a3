import { createContext, use, useEffect, useReducer, type ReactNode } from 'react'
import type { AppInfo } from '../../../../shared/models/app-info'
import type { Result } from '../../../../shared/util/result'
import { useApi, useOpenGeneration } from '../../app/api-context'
import { initialRequest, settleRequest, type RequestState } from '../../lib/request-state'

const AppInfoContext = createContext<RequestState<AppInfo> | null>(null)

function appInfoReducer(state: RequestState<AppInfo>, result: Result<AppInfo>) {
  return settleRequest(state, result)
}

/** Loads `app:get-info` once per open link, for the header and the Diagnostics screen. */
export function AppInfoProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const [state, settle] = useReducer(appInfoReducer, undefined, initialRequest<AppInfo>)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('app:get-info').then((result) => {
      if (current) settle(result)
    })
    return () => {
      current = false
    }
  }, [api, generation])

  return <AppInfoContext value={state}>{children}</AppInfoContext>
}

/** What the main side says about the running app. */
export function useAppInfo(): RequestState<AppInfo> {
  const state = use(AppInfoContext)
  if (state === null) throw new Error('useAppInfo() needs an <AppInfoProvider> above it')
  return state
}
