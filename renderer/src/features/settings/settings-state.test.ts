import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/models/settings'
import { draftFromSettings } from './settings-form'
import {
  INITIAL_SETTINGS_STATE,
  settingsReducer,
  type SettingsAction,
  type SettingsState,
} from './settings-state'

function run(...actions: SettingsAction[]): SettingsState {
  return actions.reduce(settingsReducer, INITIAL_SETTINGS_STATE)
}

const loaded: SettingsAction = { type: 'loaded', settings: DEFAULT_SETTINGS }

describe('settingsReducer', () => {
  it('fills the form from loaded settings', () => {
    const state = run(loaded)
    expect(state).toMatchObject({
      load: 'ready',
      saved: DEFAULT_SETTINGS,
      draft: draftFromSettings(DEFAULT_SETTINGS),
      error: null,
    })
  })

  it('reports a failed first load, but keeps the form when a later reload fails', () => {
    const error = errorData('ipc/disconnected')
    expect(run({ type: 'load-failed', error })).toMatchObject({ load: 'failed', error })
    expect(run(loaded, { type: 'load-failed', error })).toMatchObject({
      load: 'ready',
      saved: DEFAULT_SETTINGS,
      error,
    })
  })

  it('does not start saving an invalid form and shows why per field', () => {
    const state = run(
      loaded,
      { type: 'edited', field: 'concurrency', value: '0' },
      { type: 'save-requested' },
    )
    expect(state.saving).toBe(false)
    expect(state.fieldErrors).toEqual({ concurrency: 'Enter a whole number from 1 to 64.' })
  })

  it('says at once when Requests in flight is out of range, and clears it when fixed', () => {
    const zero = run(loaded, { type: 'edited', field: 'concurrency', value: '0' })
    expect(zero.fieldErrors).toEqual({ concurrency: 'Enter a whole number from 1 to 64.' })
    const fixed = settingsReducer(zero, { type: 'edited', field: 'concurrency', value: '4' })
    expect(fixed.fieldErrors).toEqual({})
  })

  it('clears a field error as soon as that field is edited', () => {
    const state = run(
      loaded,
      { type: 'edited', field: 'concurrency', value: '0' },
      { type: 'edited', field: 'tenant', value: '' },
      { type: 'save-requested' },
      { type: 'edited', field: 'concurrency', value: '8' },
    )
    expect(Object.keys(state.fieldErrors)).toEqual(['tenant'])
  })

  it('saves a valid form and resets the form to what the main side stored', () => {
    const stored: Settings = { ...DEFAULT_SETTINGS, concurrency: 8 }
    const saving = run(
      loaded,
      { type: 'edited', field: 'concurrency', value: ' 8' },
      { type: 'save-requested' },
    )
    expect(saving.saving).toBe(true)
    const saved = settingsReducer(saving, { type: 'saved', settings: stored })
    expect(saved).toMatchObject({
      saving: false,
      saved: stored,
      draft: draftFromSettings(stored),
      savedCount: 1,
    })
  })

  it('keeps the edits and shows the error when the main side refuses', () => {
    const error = errorData('settings/unwritable')
    const state = run(
      loaded,
      { type: 'edited', field: 'tenant', value: 'common' },
      { type: 'save-requested' },
      { type: 'save-failed', error },
    )
    expect(state).toMatchObject({ saving: false, error, savedCount: 0 })
    expect(state.draft?.tenant).toBe('common')
  })

  it('applies a change made elsewhere without losing the edits in progress', () => {
    const state = run(
      loaded,
      { type: 'edited', field: 'tenant', value: 'contoso.com' },
      { type: 'changed', settings: { ...DEFAULT_SETTINGS, theme: 'dark' } },
    )
    expect(state.saved?.theme).toBe('dark')
    expect(state.draft).toMatchObject({ theme: 'dark', tenant: 'contoso.com' })
  })

  it('discards edits back to the saved values', () => {
    const state = run(
      loaded,
      { type: 'edited', field: 'clientId', value: 'x' },
      { type: 'save-requested' },
      { type: 'discarded' },
    )
    expect(state.draft).toEqual(draftFromSettings(DEFAULT_SETTINGS))
    expect(state.fieldErrors).toEqual({})
  })

  it('ignores edits before anything is loaded', () => {
    const state = run({ type: 'edited', field: 'tenant', value: 'x' }, { type: 'save-requested' })
    expect(state).toEqual(INITIAL_SETTINGS_STATE)
  })
})
