import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { FileEntry, FileId, FilePreview } from '../../../../shared/models/files'
import type { Result } from '../../../../shared/util/result'

/**
 * Previews fetched from the main side, kept per file so the Files and Map screens share them.
 * A preview belongs to the file as it was read (format and delimiter): when those change, its
 * key changes and it is fetched again; a late answer for an old key is dropped.
 */

export interface PreviewSlot {
  readonly key: string
  readonly status: 'loading' | 'ready' | 'failed'
  readonly value: FilePreview | null
  readonly error: AppErrorData | null
}

export type PreviewsState = Readonly<Partial<Record<FileId, PreviewSlot>>>

export type PreviewsAction =
  | { readonly type: 'requested'; readonly fileId: FileId; readonly key: string }
  | {
      readonly type: 'answered'
      readonly fileId: FileId
      readonly key: string
      readonly result: Result<FilePreview>
    }
  | { readonly type: 'forgotten'; readonly fileId: FileId }

/** What a preview depends on: how the file is read. */
export function previewKey(entry: FileEntry): string {
  return JSON.stringify([
    entry.size,
    entry.options.format ?? null,
    entry.options.delimiter ?? null,
    entry.detected?.format ?? null,
    entry.detected?.delimiter ?? null,
  ])
}

export function previewsReducer(state: PreviewsState, action: PreviewsAction): PreviewsState {
  switch (action.type) {
    case 'requested':
      return {
        ...state,
        [action.fileId]: { key: action.key, status: 'loading', value: null, error: null },
      }
    case 'answered': {
      const slot = state[action.fileId]
      if (slot === undefined || slot.key !== action.key) return state
      const { result } = action
      return {
        ...state,
        [action.fileId]: result.ok
          ? { key: action.key, status: 'ready', value: result.value, error: null }
          : { key: action.key, status: 'failed', value: null, error: result.error },
      }
    }
    case 'forgotten': {
      const next = { ...state }
      delete next[action.fileId]
      return next
    }
  }
}
