import { useCallback, useEffect, useReducer } from 'react'
import type { IngestionTarget } from '../../../../shared/models/target'
import { useApi, useOpenGeneration } from '../../app/api-context'
import {
  initialManualForm,
  manualFormReducer,
  type ManualField,
  type ManualFormState,
} from './manual-form'

export interface ManualFormValue {
  readonly form: ManualFormState
  edit(field: ManualField, value: string): void
  leave(field: ManualField): void
  submit(): void
  fill(target: IngestionTarget): void
}

/**
 * The manual target form, prefilled from `target:manual-defaults` (AZURE_DCE_ENDPOINT…) unless
 * it starts from a target the person typed before.
 */
export function useManualForm(start: IngestionTarget | null): ManualFormValue {
  const api = useApi()
  const generation = useOpenGeneration()
  const [form, dispatch] = useReducer(manualFormReducer, start, initialManualForm)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('target:manual-defaults').then((result) => {
      if (current && result.ok) dispatch({ type: 'defaults-loaded', defaults: result.value })
    })
    return () => {
      current = false
    }
  }, [api, generation])

  const edit = useCallback(
    (field: ManualField, value: string) => dispatch({ type: 'edited', field, value }),
    [],
  )
  const leave = useCallback((field: ManualField) => dispatch({ type: 'left', field }), [])
  const submit = useCallback(() => dispatch({ type: 'submitted' }), [])
  const fill = useCallback((target: IngestionTarget) => dispatch({ type: 'filled', target }), [])
  return { form, edit, leave, submit, fill }
}
