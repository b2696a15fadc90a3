import type { ColumnFormat, Mapping } from '../../../../shared/mapping/mapping-schema'
import {
  draftFromMapping,
  sameRule,
  type ColumnDraft,
  type MappingDraft,
  type SourceChoice,
} from './mapping-draft'

/**
 * The Map screen's state: the draft being edited, the automatic draft it started from, and the
 * profile applied on open (if any). Pure, so every edit is tested without a screen.
 */

export interface AppliedProfile {
  readonly id: string
  readonly name: string
  /** `applied`: laid over the automatic match (on open or on request); `saved`: saved from here. */
  readonly how: 'applied' | 'saved'
  /** Columns of the profile this stream does not have (or types it declares differently). */
  readonly ignored: readonly string[]
}

export interface MappingState {
  /** What the draft was made for (stream and source headers); a new key starts over. */
  readonly key: string | null
  readonly draft: MappingDraft | null
  readonly automatic: MappingDraft | null
  readonly profile: AppliedProfile | null
  /** Edits since open or since the profile was applied (saving resets it). */
  readonly edited: boolean
}

export type MappingAction =
  | {
      readonly type: 'opened'
      readonly key: string
      readonly automatic: MappingDraft
      readonly profile?: { readonly id: string; readonly name: string; readonly mapping: Mapping }
      /** The draft to start from (a file split from its group keeps the group's edits). */
      readonly start?: MappingDraft
      /** The person's edits kept by the session (a reload or restart): they win over a profile. */
      readonly restored?: Mapping
    }
  | {
      readonly type: 'source-changed'
      readonly column: string
      readonly source: SourceChoice
      /** A format that suits the new source (e.g. a guessed date pattern). */
      readonly format?: ColumnFormat
    }
  | { readonly type: 'format-changed'; readonly column: string; readonly format: ColumnFormat }
  | { readonly type: 'required-changed'; readonly column: string; readonly required: boolean }
  | { readonly type: 'reset-column'; readonly column: string }
  | { readonly type: 'reset-all' }
  | { readonly type: 'time-column-changed'; readonly column: string }
  | {
      readonly type: 'time-policy-changed'
      readonly outsideWindow?: 'send' | 'fail'
      readonly missing?: 'fail' | 'service-time'
    }
  | { readonly type: 'oversized-changed'; readonly oversizedValue: 'send' | 'fail' }
  /** The dynamic column that keeps the fields no column reads (null: drop them, counted). */
  | { readonly type: 'unmapped-changed'; readonly column: string | null }
  | {
      readonly type: 'profile-applied'
      readonly id: string
      readonly name: string
      readonly mapping: Mapping
    }
  | { readonly type: 'profile-saved'; readonly id: string; readonly name: string }

export const INITIAL_MAPPING_STATE: MappingState = {
  key: null,
  draft: null,
  automatic: null,
  profile: null,
  edited: false,
}

function updateRow(
  draft: MappingDraft,
  column: string,
  change: (row: ColumnDraft) => ColumnDraft,
): MappingDraft {
  return {
    ...draft,
    columns: draft.columns.map((row) => (row.column === column ? change(row) : row)),
  }
}

function withProfile(
  automatic: MappingDraft,
  profile: { id: string; name: string; mapping: Mapping },
): Pick<MappingState, 'draft' | 'profile'> {
  const { draft, ignored } = draftFromMapping(profile.mapping, automatic)
  return { draft, profile: { id: profile.id, name: profile.name, how: 'applied', ignored } }
}

export function mappingReducer(state: MappingState, action: MappingAction): MappingState {
  if (action.type === 'opened') {
    if (action.start !== undefined) {
      return {
        key: action.key,
        automatic: action.automatic,
        draft: action.start,
        profile: null,
        edited: true,
      }
    }
    const base = { key: action.key, automatic: action.automatic, edited: false }
    if (action.restored !== undefined) {
      const { draft } = draftFromMapping(action.restored, action.automatic)
      // The person's own edits, not a profile's: rows that differ from the match are theirs.
      const columns = draft.columns.map((row) => {
        const auto = action.automatic.columns.find((candidate) => candidate.column === row.column)
        return auto !== undefined && sameRule(row, auto)
          ? auto
          : { ...row, origin: 'user' as const }
      })
      return { ...base, draft: { ...draft, columns }, profile: null, edited: true }
    }
    return action.profile === undefined
      ? { ...base, draft: action.automatic, profile: null }
      : { ...base, ...withProfile(action.automatic, action.profile) }
  }
  const { draft, automatic } = state
  if (draft === null || automatic === null) return state
  const edit = (next: MappingDraft): MappingState => ({ ...state, draft: next, edited: true })
  switch (action.type) {
    case 'source-changed':
      return edit(
        updateRow(draft, action.column, (row) => ({
          ...row,
          source: action.source,
          format: action.format ?? (action.source.kind === 'field' ? row.format : {}),
          origin: 'user',
        })),
      )
    case 'format-changed':
      return edit(
        updateRow(draft, action.column, (row) => ({
          ...row,
          format: action.format,
          origin: 'user',
        })),
      )
    case 'required-changed':
      return edit(updateRow(draft, action.column, (row) => ({ ...row, required: action.required })))
    case 'reset-column': {
      const original = automatic.columns.find((row) => row.column === action.column)
      return original === undefined ? state : edit(updateRow(draft, action.column, () => original))
    }
    case 'reset-all':
      return { ...state, draft: automatic, profile: null, edited: false }
    case 'time-column-changed':
      return edit({ ...draft, timePolicy: { ...draft.timePolicy, column: action.column } })
    case 'time-policy-changed':
      return edit({
        ...draft,
        timePolicy: {
          ...draft.timePolicy,
          ...(action.outsideWindow === undefined ? {} : { outsideWindow: action.outsideWindow }),
          ...(action.missing === undefined ? {} : { missing: action.missing }),
        },
      })
    case 'oversized-changed':
      return edit({ ...draft, oversizedValue: action.oversizedValue })
    case 'unmapped-changed': {
      // The column that keeps the unmapped fields reads nothing else.
      const next = { ...draft, unmappedTo: action.column }
      if (action.column === null) return edit(next)
      return edit(
        updateRow(next, action.column, (row) => ({
          ...row,
          source: { kind: 'none' },
          format: {},
          required: false,
          origin: 'user',
        })),
      )
    }
    case 'profile-applied':
      return { ...state, ...withProfile(automatic, action), edited: false }
    case 'profile-saved':
      return {
        ...state,
        profile: { id: action.id, name: action.name, how: 'saved', ignored: [] },
        edited: false,
      }
  }
}
