import {
  validateManualTarget,
  type ManualTargetDraft,
  type ManualTargetValidation,
} from '../../../../shared/models/manual-target'
import type { IngestionTarget, ManualTargetDefaults } from '../../../../shared/models/target'

/**
 * The "Enter manually" form: endpoint, DCR immutable id and stream, checked with the same
 * validator the main side runs. A field's problem shows once the person left it or submitted.
 */

export type ManualField = keyof ManualTargetDraft

export const MANUAL_FIELDS: readonly ManualField[] = ['endpoint', 'dcrImmutableId', 'streamName']

export interface ManualFormState {
  readonly draft: ManualTargetDraft
  readonly touched: Readonly<Record<ManualField, boolean>>
  readonly submitted: boolean
  /** True once the person typed or a target filled the form: defaults no longer apply. */
  readonly edited: boolean
  /** The environment variables the values came from (shown as a note). */
  readonly prefilledFrom: readonly string[]
}

export type ManualFormAction =
  | { readonly type: 'defaults-loaded'; readonly defaults: ManualTargetDefaults }
  | { readonly type: 'edited'; readonly field: ManualField; readonly value: string }
  | { readonly type: 'left'; readonly field: ManualField }
  | { readonly type: 'submitted' }
  /** Fills the form from a target (the chosen one), e.g. to adjust it by hand. */
  | { readonly type: 'filled'; readonly target: IngestionTarget }

const UNTOUCHED: Readonly<Record<ManualField, boolean>> = {
  endpoint: false,
  dcrImmutableId: false,
  streamName: false,
}

export const EMPTY_MANUAL_FORM: ManualFormState = {
  draft: { endpoint: '', dcrImmutableId: '', streamName: '' },
  touched: UNTOUCHED,
  submitted: false,
  edited: false,
  prefilledFrom: [],
}

/** The form for a screen that opens with a target already chosen by hand (or none). */
export function initialManualForm(target: IngestionTarget | null): ManualFormState {
  if (target === null) return EMPTY_MANUAL_FORM
  return manualFormReducer(EMPTY_MANUAL_FORM, { type: 'filled', target })
}

export function manualFormReducer(
  state: ManualFormState,
  action: ManualFormAction,
): ManualFormState {
  switch (action.type) {
    case 'defaults-loaded': {
      if (state.edited) return state
      const { endpoint, dcrImmutableId, streamName, fromEnvironment } = action.defaults
      return {
        ...state,
        draft: { endpoint, dcrImmutableId, streamName },
        prefilledFrom: fromEnvironment,
      }
    }
    case 'edited':
      return { ...state, draft: { ...state.draft, [action.field]: action.value }, edited: true }
    case 'left':
      return state.touched[action.field]
        ? state
        : { ...state, touched: { ...state.touched, [action.field]: true } }
    case 'submitted':
      return { ...state, submitted: true }
    case 'filled':
      return {
        draft: {
          endpoint: action.target.endpoint,
          dcrImmutableId: action.target.dcrImmutableId,
          streamName: action.target.streamName,
        },
        touched: UNTOUCHED,
        submitted: false,
        edited: true,
        prefilledFrom: [],
      }
  }
}

export function manualValidation(state: ManualFormState): ManualTargetValidation {
  return validateManualTarget(state.draft)
}

/**
 * The problems to show now: for fields the person filled in and left, or all after a submit.
 * A field left empty is not flagged before the submit: tabbing through the form should not
 * light it up (nor move the button under the pointer).
 */
export function visibleIssues(state: ManualFormState): Partial<Record<ManualField, string>> {
  const validation = manualValidation(state)
  if (validation.valid) return {}
  const shown: Partial<Record<ManualField, string>> = {}
  for (const issue of validation.issues) {
    const left = state.touched[issue.field] && state.draft[issue.field].trim() !== ''
    if (state.submitted || left) shown[issue.field] ??= issue.message
  }
  return shown
}
