import type { AppErrorData } from '../../../../shared/errors/app-error'
import type {
  FailedPage,
  FailedRecordView,
  FailedSummary,
  RecordValidation,
} from '../../../../shared/models/history'
import type { FailureCause } from '../../../../shared/models/upload-job'
import type { Result } from '../../../../shared/util/result'
import { editStartText, parseEdit } from './record-edit'

/**
 * The Failed records screen's state for one upload: its groups by cause, the records of the
 * chosen group (paged), the selection for export and retry, and the record being edited. Pure.
 */

export interface EditState {
  readonly recordId: string
  readonly text: string
  /** Why the text cannot be sent (not JSON, not an object); null when it parses. */
  readonly parseError: string | null
  readonly saving: boolean
  /** The main side's check of the last saved text. */
  readonly validation: RecordValidation | null
  readonly error: AppErrorData | null
}

/** What narrows the list beyond the cause: a kind (code and column), a file, error text. */
export interface FailedNarrow {
  readonly code: string | null
  readonly column: string | null
  readonly fileIndex: number | null
  readonly text: string
}

export const NO_NARROW: FailedNarrow = { code: null, column: null, fileIndex: null, text: '' }

export interface FailedState {
  readonly jobId: string | null
  readonly summary: FailedSummary | null
  readonly summaryError: AppErrorData | null
  /** null: every cause. */
  readonly cause: FailureCause | null
  readonly narrow: FailedNarrow
  readonly records: readonly FailedRecordView[]
  readonly total: number
  readonly loading: boolean
  readonly pageError: AppErrorData | null
  readonly selected: readonly string[]
  /** The record whose details show. */
  readonly open: string | null
  readonly edit: EditState | null
}

export type FailedAction =
  | { readonly type: 'job-chosen'; readonly jobId: string }
  | {
      readonly type: 'summary-loaded'
      readonly jobId: string
      readonly result: Result<FailedSummary>
    }
  | { readonly type: 'cause-chosen'; readonly cause: FailureCause | null }
  /** One kind of a cause: its code and column. */
  | {
      readonly type: 'kind-chosen'
      readonly cause: FailureCause
      readonly code: string | null
      readonly column: string | null
    }
  | { readonly type: 'narrowed'; readonly fileIndex?: number | null; readonly text?: string }
  /** Records deleted on the main side (`all`: the whole store). */
  | { readonly type: 'deleted'; readonly ids: readonly string[] | 'all' }
  | { readonly type: 'page-requested' }
  | {
      readonly type: 'page-loaded'
      readonly jobId: string
      /** queryKey() of the state the page was asked for; a page for another filter is dropped. */
      readonly query: string
      readonly result: Result<FailedPage>
    }
  | { readonly type: 'toggled'; readonly recordId: string; readonly on: boolean }
  | { readonly type: 'all-toggled'; readonly on: boolean }
  | { readonly type: 'opened'; readonly recordId: string | null }
  | {
      readonly type: 'edit-started'
      readonly record: FailedRecordView
      /** The source mapped as far as it goes, when the upload's mapping is known here. */
      readonly prefill?: Readonly<Record<string, unknown>> | null
    }
  | { readonly type: 'edit-changed'; readonly text: string }
  | { readonly type: 'edit-saving' }
  | { readonly type: 'edit-saved'; readonly result: Result<RecordValidation> }
  | { readonly type: 'edit-closed' }

export const INITIAL_FAILED_STATE: FailedState = {
  jobId: null,
  summary: null,
  summaryError: null,
  cause: null,
  narrow: NO_NARROW,
  records: [],
  total: 0,
  loading: false,
  pageError: null,
  selected: [],
  open: null,
  edit: null,
}

const FRESH_LIST = {
  records: [],
  total: 0,
  selected: [],
  open: null,
  edit: null,
  loading: true,
} as const

/** Names the list the state asks for (cause and narrowing), so late pages can be told apart. */
export function queryKey(state: Pick<FailedState, 'cause' | 'narrow'>): string {
  return JSON.stringify([state.cause, state.narrow])
}

/** The `failed:list` / `failed:delete` filter fields for the state's list. */
export function listFilter(state: Pick<FailedState, 'cause' | 'narrow'>): {
  cause?: FailureCause
  code?: string
  column?: string
  fileIndex?: number
  text?: string
} {
  const { narrow } = state
  return {
    ...(state.cause === null ? {} : { cause: state.cause }),
    ...(narrow.code === null ? {} : { code: narrow.code }),
    ...(narrow.column === null ? {} : { column: narrow.column }),
    ...(narrow.fileIndex === null ? {} : { fileIndex: narrow.fileIndex }),
    ...(narrow.text.trim() === '' ? {} : { text: narrow.text.trim() }),
  }
}

/** True when the list shows less than the chosen cause (a kind, a file or text). */
export function isNarrowed(state: Pick<FailedState, 'narrow'>): boolean {
  const { narrow } = state
  return (
    narrow.code !== null ||
    narrow.column !== null ||
    narrow.fileIndex !== null ||
    narrow.text.trim() !== ''
  )
}

export function failedReducer(state: FailedState, action: FailedAction): FailedState {
  switch (action.type) {
    case 'job-chosen':
      return action.jobId === state.jobId
        ? state
        : { ...INITIAL_FAILED_STATE, jobId: action.jobId, loading: true }
    case 'summary-loaded':
      if (action.jobId !== state.jobId) return state
      return action.result.ok
        ? { ...state, summary: action.result.value, summaryError: null }
        : { ...state, summaryError: action.result.error }
    case 'cause-chosen':
      return action.cause === state.cause &&
        state.narrow.code === null &&
        state.narrow.column === null
        ? state
        : {
            ...state,
            ...FRESH_LIST,
            cause: action.cause,
            narrow: { ...state.narrow, code: null, column: null },
          }
    case 'kind-chosen':
      return {
        ...state,
        ...FRESH_LIST,
        cause: action.cause,
        narrow: { ...state.narrow, code: action.code, column: action.column },
      }
    case 'narrowed': {
      const narrow = {
        ...state.narrow,
        ...(action.fileIndex === undefined ? {} : { fileIndex: action.fileIndex }),
        ...(action.text === undefined ? {} : { text: action.text }),
      }
      return queryKey({ cause: state.cause, narrow }) === queryKey(state)
        ? state
        : { ...state, ...FRESH_LIST, narrow }
    }
    case 'deleted': {
      if (action.ids === 'all')
        return { ...state, records: [], total: 0, selected: [], open: null, edit: null }
      const gone = new Set(action.ids)
      const records = state.records.filter((r) => !gone.has(r.id))
      return {
        ...state,
        records,
        total: Math.max(0, state.total - (state.records.length - records.length)),
        selected: state.selected.filter((id) => !gone.has(id)),
        open: state.open !== null && gone.has(state.open) ? null : state.open,
        edit: state.edit !== null && gone.has(state.edit.recordId) ? null : state.edit,
      }
    }
    case 'page-requested':
      return { ...state, loading: true, pageError: null }
    case 'page-loaded': {
      if (action.jobId !== state.jobId || action.query !== queryKey(state)) return state
      const { result } = action
      if (!result.ok) return { ...state, loading: false, pageError: result.error }
      const page = result.value
      // Page 0 replaces (a reload after a retry or edit); later pages append.
      const records =
        page.offset === 0
          ? page.records
          : [
              ...state.records,
              ...page.records.filter((r) => !state.records.some((o) => o.id === r.id)),
            ]
      const ids = new Set(records.map((r) => r.id))
      return {
        ...state,
        loading: false,
        records,
        total: page.total,
        selected: state.selected.filter((id) => ids.has(id)),
        open: state.open !== null && ids.has(state.open) ? state.open : null,
        edit: state.edit !== null && ids.has(state.edit.recordId) ? state.edit : null,
      }
    }
    case 'toggled': {
      const without = state.selected.filter((id) => id !== action.recordId)
      return { ...state, selected: action.on ? [...without, action.recordId] : without }
    }
    case 'all-toggled':
      return { ...state, selected: action.on ? state.records.map((r) => r.id) : [] }
    case 'opened':
      return {
        ...state,
        open: action.recordId,
        edit: state.edit !== null && state.edit.recordId === action.recordId ? state.edit : null,
      }
    case 'edit-started':
      return {
        ...state,
        open: action.record.id,
        edit: {
          recordId: action.record.id,
          text: editStartText(action.record, action.prefill ?? null),
          parseError: null,
          saving: false,
          validation: null,
          error: null,
        },
      }
    case 'edit-changed': {
      if (state.edit === null) return state
      const parsed = parseEdit(action.text)
      return {
        ...state,
        edit: {
          ...state.edit,
          text: action.text,
          parseError: parsed.ok ? null : parsed.message,
          validation: null,
        },
      }
    }
    case 'edit-saving': {
      if (state.edit === null) return state
      const parsed = parseEdit(state.edit.text)
      if (!parsed.ok) return { ...state, edit: { ...state.edit, parseError: parsed.message } }
      return { ...state, edit: { ...state.edit, saving: true, error: null } }
    }
    case 'edit-saved': {
      if (state.edit === null) return state
      const { result } = action
      if (!result.ok)
        return { ...state, edit: { ...state.edit, saving: false, error: result.error } }
      const validation = result.value
      const recordId = state.edit.recordId
      return {
        ...state,
        edit: { ...state.edit, saving: false, validation },
        records: validation.valid
          ? state.records.map((r) => (r.id === recordId ? { ...r, edited: validation.record } : r))
          : state.records,
      }
    }
    case 'edit-closed':
      return { ...state, edit: null }
  }
}

/** What export and retry act on: the selection if any, else the chosen group (or everything). */
export function actionScope(state: FailedState): {
  readonly recordIds?: readonly string[]
  readonly cause?: FailureCause
  readonly count: number
} {
  if (state.selected.length > 0) return { recordIds: state.selected, count: state.selected.length }
  // Narrowed further than a cause: the records shown, once every one of them is loaded.
  if (isNarrowed(state)) {
    return state.records.length >= state.total
      ? { recordIds: state.records.map((r) => r.id), count: state.records.length }
      : { recordIds: [], count: 0 }
  }
  if (state.cause !== null) {
    const group = state.summary?.groups.find((g) => g.cause === state.cause)
    return { cause: state.cause, count: group?.count ?? state.total }
  }
  return { count: state.summary?.total ?? state.total }
}
