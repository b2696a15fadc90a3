import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  type ReactNode,
} from 'react'
import type { ThemeChoice } from '../../../../shared/models/settings'
import { useApi, useOpenGeneration } from '../../app/api-context'
import { checkDraft, settingsPatch, type SettingsField } from './settings-form'
import { INITIAL_SETTINGS_STATE, settingsReducer, type SettingsState } from './settings-state'
import type { AppErrorData } from '../../../../shared/errors/app-error'

export interface SettingsContextValue {
  readonly state: SettingsState
  edit(field: SettingsField, value: string): void
  discard(): void
  /** Validates the form, then sends only the changed fields. */
  save(): void
  /** Changes the theme at once (the header's theme menu); resolves to the error, if any. */
  chooseTheme(theme: ThemeChoice): Promise<AppErrorData | null>
}

const SettingsContext = createContext<SettingsContextValue | null>(null)

/**
 * Owns the settings for the whole renderer: the theme follows them and the Settings screen
 * edits them. Loads on every open link and follows `settings:changed` from the main side.
 */
export function SettingsProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const [state, dispatch] = useReducer(settingsReducer, INITIAL_SETTINGS_STATE)

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('settings:get').then((result) => {
      if (!current) return
      dispatch(
        result.ok
          ? { type: 'loaded', settings: result.value }
          : { type: 'load-failed', error: result.error },
      )
    })
    return () => {
      current = false
    }
  }, [api, generation])

  useEffect(
    () => api.on('settings:changed', (settings) => dispatch({ type: 'changed', settings })),
    [api],
  )

  const { draft, saved } = state
  const save = useCallback(() => {
    dispatch({ type: 'save-requested' })
    if (draft === null || saved === null) return
    const check = checkDraft(draft)
    if (!check.ok) return
    void api
      .invoke('settings:update', settingsPatch(saved, check.settings))
      .then((result) =>
        dispatch(
          result.ok
            ? { type: 'saved', settings: result.value }
            : { type: 'save-failed', error: result.error },
        ),
      )
  }, [api, draft, saved])

  const chooseTheme = useCallback(
    async (theme: ThemeChoice) => {
      const result = await api.invoke('settings:update', { theme })
      if (!result.ok) return result.error
      dispatch({ type: 'changed', settings: result.value })
      return null
    },
    [api],
  )

  const value = useMemo<SettingsContextValue>(
    () => ({
      state,
      edit: (field, text) => dispatch({ type: 'edited', field, value: text }),
      discard: () => dispatch({ type: 'discarded' }),
      save,
      chooseTheme,
    }),
    [state, save, chooseTheme],
  )

  return <SettingsContext value={value}>{children}</SettingsContext>
}

/** Settings state and the actions that change it. */
export function useSettings(): SettingsContextValue {
  const value = use(SettingsContext)
  if (value === null) throw new Error('useSettings() needs a <SettingsProvider> above it')
  return value
}
