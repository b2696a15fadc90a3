import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { Settings } from '../../../../shared/models/settings'
import {
  checkDraft,
  draftFromSettings,
  mergeIncoming,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
} from './settings-form'

/** Settings as the whole app sees them, plus the Settings screen's form. */
export interface SettingsState {
  readonly load: 'loading' | 'ready' | 'failed'
  /** The settings in force (null until loaded); the theme follows these, not the form. */
  readonly saved: Settings | null
  /** The form's values (null until loaded). */
  readonly draft: SettingsDraft | null
  readonly fieldErrors: FieldErrors
  readonly saving: boolean
  /** Why loading or the last save failed. */
  readonly error: AppErrorData | null
  /** Counts successful saves from the form, so the screen can confirm each one. */
  readonly savedCount: number
}

export type SettingsAction =
  | { readonly type: 'loaded'; readonly settings: Settings }
  | { readonly type: 'load-failed'; readonly error: AppErrorData }
  | { readonly type: 'edited'; readonly field: SettingsField; readonly value: string }
  | { readonly type: 'discarded' }
  /** Validates the form; starts saving only when it passes. */
  | { readonly type: 'save-requested' }
  | { readonly type: 'saved'; readonly settings: Settings }
  | { readonly type: 'save-failed'; readonly error: AppErrorData }
  /** Settings changed outside the form (the header's theme menu, another window). */
  | { readonly type: 'changed'; readonly settings: Settings }

export const INITIAL_SETTINGS_STATE: SettingsState = {
  load: 'loading',
  saved: null,
  draft: null,
  fieldErrors: {},
  saving: false,
  error: null,
  savedCount: 0,
}

/** Fields checked as they are edited (text fields wait for Save, not to nag mid-word). */
const LIVE_FIELDS: readonly SettingsField[] = ['concurrency', 'gzipLevel']

export function settingsReducer(state: SettingsState, action: SettingsAction): SettingsState {
  switch (action.type) {
    case 'loaded':
    case 'changed':
      return {
        ...state,
        load: 'ready',
        saved: action.settings,
        draft: incomingDraft(state, action.settings),
        error: action.type === 'loaded' ? null : state.error,
      }
    case 'load-failed':
      // Keep what we have: a failed reload after a reconnect must not blank the form.
      return { ...state, load: state.saved === null ? 'failed' : state.load, error: action.error }
    case 'edited': {
      if (state.draft === null) return state
      const draft = { ...state.draft, [action.field]: action.value }
      const fieldErrors = { ...state.fieldErrors }
      delete fieldErrors[action.field]
      // A number out of range says so at once (a spin button shows no other sign of it).
      if (LIVE_FIELDS.includes(action.field)) {
        const check = checkDraft(draft)
        const message = check.ok ? undefined : check.fieldErrors[action.field]
        if (message !== undefined) fieldErrors[action.field] = message
      }
      return { ...state, draft, fieldErrors }
    }
    case 'discarded':
      return state.saved === null
        ? state
        : { ...state, draft: draftFromSettings(state.saved), fieldErrors: {}, error: null }
    case 'save-requested': {
      if (state.draft === null) return state
      const check = checkDraft(state.draft)
      return check.ok
        ? { ...state, saving: true, fieldErrors: {}, error: null }
        : { ...state, fieldErrors: check.fieldErrors }
    }
    case 'saved':
      return {
        ...state,
        saving: false,
        saved: action.settings,
        draft: draftFromSettings(action.settings),
        fieldErrors: {},
        error: null,
        savedCount: state.savedCount + 1,
      }
    case 'save-failed':
      return { ...state, saving: false, error: action.error }
  }
}

function incomingDraft(state: SettingsState, incoming: Settings): SettingsDraft {
  if (state.draft === null || state.saved === null) return draftFromSettings(incoming)
  return mergeIncoming(state.draft, state.saved, incoming)
}
