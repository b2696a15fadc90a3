import { useEffect, useState } from 'react'
import type { RecentTarget } from '../../../../shared/models/target'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import { useApi, useOpenGeneration } from '../../app/api-context'

export interface RecentTargetsValue {
  /** null until loaded. */
  readonly targets: readonly RecentTarget[] | null
  readonly error: AppErrorData | null
}

/**
 * Targets used before (`target:recent`), loaded on an open link and again whenever `refreshKey`
 * changes (a successful check adds its target to the list).
 */
export function useRecentTargets(refreshKey: string | null): RecentTargetsValue {
  const api = useApi()
  const generation = useOpenGeneration()
  const [value, setValue] = useState<RecentTargetsValue>({ targets: null, error: null })

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('target:recent').then((result) => {
      if (!current) return
      setValue((previous) =>
        result.ok
          ? { targets: result.value, error: null }
          : { targets: previous.targets, error: result.error },
      )
    })
    return () => {
      current = false
    }
  }, [api, generation, refreshKey])

  return value
}
