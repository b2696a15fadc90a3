import { useCallback, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { InvokeRequest } from '../../../../shared/ipc/contract'
import type { DryRunResult } from '../../../../shared/models/files'
import { useApi } from '../../app/api-context'
import { preflightSummary, type PreflightSummary } from './preflight'

export type PreflightState =
  | { readonly status: 'idle' }
  | { readonly status: 'checking'; readonly checked: number; readonly total: number }
  | { readonly status: 'ready'; readonly summary: PreflightSummary }
  | { readonly status: 'failed'; readonly error: AppErrorData }

/**
 * Runs the whole-file check of every file of an upload request with the mapping it would send,
 * one file after the other, and sums them (what would be sent, what would fail and why).
 */
export function usePreflight(): {
  readonly state: PreflightState
  run(request: InvokeRequest<'jobs:start'>): Promise<PreflightSummary | null>
  reset(): void
} {
  const api = useApi()
  const [state, setState] = useState<PreflightState>({ status: 'idle' })
  const runs = useRef(0)

  const run = useCallback(
    async (request: InvokeRequest<'jobs:start'>) => {
      const runId = ++runs.current
      const files = request.files.filter((file) => file.mapping !== null)
      const results: DryRunResult[] = []
      for (const [index, file] of files.entries()) {
        setState({ status: 'checking', checked: index, total: files.length })
        if (file.mapping === null) continue
        const result = await api.invoke('mapping:dry-run', {
          fileId: file.fileId,
          mapping: file.mapping,
          ...(request.streamColumns === undefined ? {} : { streamColumns: request.streamColumns }),
        })
        if (runId !== runs.current) return null
        if (!result.ok) {
          setState({ status: 'failed', error: result.error })
          return null
        }
        results.push(result.value)
      }
      const summary = preflightSummary(results)
      setState({ status: 'ready', summary })
      return summary
    },
    [api],
  )

  const reset = useCallback(() => {
    runs.current++
    setState({ status: 'idle' })
  }, [])

  return { state, run, reset }
}
