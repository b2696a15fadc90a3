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
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { InvokeRequest } from '../../../../shared/ipc/contract'
import type { StartedUpload } from '../../../../shared/models/history'
import type { Result } from '../../../../shared/util/result'
import { useApi, useOpenGeneration } from '../../app/api-context'
import { useSession } from '../session/session-provider'
import {
  INITIAL_UPLOAD_STATE,
  uploadReducer,
  type ControlKind,
  type UploadState,
} from './upload-state'

export interface UploadContextValue {
  readonly state: UploadState
  /** Starts an upload (the main side checks the connection first); resolves to the error, if any. */
  start(request: InvokeRequest<'jobs:start'>): Promise<AppErrorData | null>
  control(jobId: string, kind: ControlKind): void
  /**
   * Shows an upload started elsewhere (History's resume, Failed records' retry) on the Upload
   * screen, with its progress.
   */
  show(started: Result<StartedUpload>): Result<StartedUpload>
  dismissError(): void
}

const UploadContext = createContext<UploadContextValue | null>(null)

const CONTROL_CHANNEL = {
  pause: 'jobs:pause',
  resume: 'jobs:resume',
  cancel: 'jobs:cancel',
} as const

/**
 * Follows every upload of this app for the whole renderer: progress and finished events are
 * folded in wherever the person is, and a reloaded page picks up running uploads with
 * `jobs:active`.
 */
export function UploadProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const [state, dispatch] = useReducer(uploadReducer, INITIAL_UPLOAD_STATE)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('jobs:active').then((result) => {
      if (current && result.ok) dispatch({ type: 'active', list: result.value })
    })
    return () => {
      current = false
    }
  }, [api, generation])

  useEffect(() => {
    const off = [
      api.on('jobs:progress', (progress) => dispatch({ type: 'progress', progress })),
      api.on('jobs:finished', (summary) => dispatch({ type: 'finished', summary })),
    ]
    return () => {
      for (const unsubscribe of off) unsubscribe()
    }
  }, [api])

  // The upload shown is kept, so a reloaded page or a restarted host can show how it ended.
  const { update: updateSession } = useSession()
  const current = state.current
  const shown = useRef(current)
  useEffect(() => {
    if (shown.current === current) return
    shown.current = current
    updateSession({ uploadJobId: current })
  }, [current, updateSession])

  const start = useCallback(
    async (request: InvokeRequest<'jobs:start'>) => {
      dispatch({ type: 'start-requested' })
      const result = await api.invoke('jobs:start', request)
      if (!result.ok) {
        dispatch({ type: 'start-failed', error: result.error })
        return result.error
      }
      dispatch({ type: 'started', jobId: result.value.jobId })
      return null
    },
    [api],
  )

  const control = useCallback(
    (jobId: string, kind: ControlKind) => {
      dispatch({ type: 'control-requested', jobId, kind })
      void api
        .invoke(CONTROL_CHANNEL[kind], { jobId })
        .then((result) => dispatch({ type: 'control-done', result }))
    },
    [api],
  )

  const show = useCallback((started: Result<StartedUpload>) => {
    if (started.ok) dispatch({ type: 'started', jobId: started.value.jobId })
    return started
  }, [])

  const value = useMemo<UploadContextValue>(
    () => ({
      state,
      start,
      control,
      show,
      dismissError: () => dispatch({ type: 'error-dismissed' }),
    }),
    [state, start, control, show],
  )
  return <UploadContext value={value}>{children}</UploadContext>
}

/** The uploads of this app and their controls. */
export function useUploads(): UploadContextValue {
  const value = use(UploadContext)
  if (value === null) throw new Error('useUploads() needs an <UploadProvider> above it')
  return value
}
