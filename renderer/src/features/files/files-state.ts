import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { FileEntry, FileId } from '../../../../shared/models/files'
import type { Result } from '../../../../shared/util/result'

/**
 * The Files screen's state: the files the main side has registered (it owns the list, so a
 * reload shows them again), the browser host's uploads still on their way, which file is
 * previewed, and the last thing that went wrong.
 */

/** A file being sent to the browser host (before it is registered). */
export interface UploadingFile {
  /** Local key (the host assigns the file id only at the end). */
  readonly key: string
  readonly name: string
  readonly size: number
  readonly loaded: number
  readonly error: AppErrorData | null
}

export interface FilesState {
  readonly load: 'loading' | 'ready' | 'failed'
  readonly entries: readonly FileEntry[]
  readonly uploading: readonly UploadingFile[]
  /** The file shown in the preview. */
  readonly selected: FileId | null
  /** Files whose format or delimiter change is on its way. */
  readonly changing: readonly FileId[]
  readonly error: AppErrorData | null
  /** Files that arrived in the last add (for "3 files added" and focus). */
  readonly lastAdded: readonly FileId[]
}

export type FilesAction =
  | { readonly type: 'listed'; readonly result: Result<readonly FileEntry[]> }
  | { readonly type: 'added'; readonly entries: readonly FileEntry[] }
  | { readonly type: 'add-failed'; readonly error: AppErrorData }
  | { readonly type: 'removed'; readonly fileId: FileId }
  | { readonly type: 'options-requested'; readonly fileId: FileId }
  | { readonly type: 'options-set'; readonly fileId: FileId; readonly result: Result<FileEntry> }
  | {
      readonly type: 'upload-started'
      readonly key: string
      readonly name: string
      readonly size: number
    }
  | { readonly type: 'upload-progress'; readonly key: string; readonly loaded: number }
  | { readonly type: 'upload-finished'; readonly key: string; readonly result: Result<FileEntry> }
  | { readonly type: 'upload-dismissed'; readonly key: string }
  | { readonly type: 'selected'; readonly fileId: FileId }
  | { readonly type: 'error-dismissed' }

export const INITIAL_FILES_STATE: FilesState = {
  load: 'loading',
  entries: [],
  uploading: [],
  selected: null,
  changing: [],
  error: null,
  lastAdded: [],
}

/** Adds or replaces entries by id, keeping the order they were first added in. */
export function mergeEntries(
  current: readonly FileEntry[],
  incoming: readonly FileEntry[],
): FileEntry[] {
  const byId = new Map(incoming.map((entry) => [entry.id, entry]))
  const merged = current.map((entry) => byId.get(entry.id) ?? entry)
  const known = new Set(current.map((entry) => entry.id))
  for (const entry of incoming) if (!known.has(entry.id)) merged.push(entry)
  return merged
}

/** Files that can be uploaded (not rejected). */
export function acceptedFiles(entries: readonly FileEntry[]): FileEntry[] {
  return entries.filter((entry) => entry.rejection === null)
}

/** The selection, kept valid: the chosen file if it is still there, else the first usable one. */
function validSelection(entries: readonly FileEntry[], wanted: FileId | null): FileId | null {
  if (wanted !== null && entries.some((entry) => entry.id === wanted)) return wanted
  return acceptedFiles(entries)[0]?.id ?? null
}

function withEntries(state: FilesState, entries: readonly FileEntry[]): FilesState {
  return { ...state, entries, selected: validSelection(entries, state.selected) }
}

export function filesReducer(state: FilesState, action: FilesAction): FilesState {
  switch (action.type) {
    case 'listed':
      if (!action.result.ok) {
        return {
          ...state,
          load: state.load === 'ready' ? 'ready' : 'failed',
          error: action.result.error,
        }
      }
      return { ...withEntries(state, action.result.value), load: 'ready' }
    case 'added': {
      const next = withEntries(state, mergeEntries(state.entries, action.entries))
      const firstNew = acceptedFiles(action.entries)[0]?.id
      return {
        ...next,
        // Show the first new file that can be read: that is what the person wants to see.
        selected: firstNew ?? next.selected,
        lastAdded: action.entries.map((entry) => entry.id),
        error: null,
      }
    }
    case 'add-failed':
      return { ...state, error: action.error }
    case 'removed':
      return withEntries(
        { ...state, lastAdded: state.lastAdded.filter((id) => id !== action.fileId) },
        state.entries.filter((entry) => entry.id !== action.fileId),
      )
    case 'options-requested':
      return { ...state, changing: [...state.changing, action.fileId] }
    case 'options-set': {
      const changing = state.changing.filter((id) => id !== action.fileId)
      if (!action.result.ok) return { ...state, changing, error: action.result.error }
      return { ...withEntries(state, mergeEntries(state.entries, [action.result.value])), changing }
    }
    case 'upload-started':
      return {
        ...state,
        uploading: [
          ...state.uploading,
          { key: action.key, name: action.name, size: action.size, loaded: 0, error: null },
        ],
      }
    case 'upload-progress':
      return {
        ...state,
        uploading: state.uploading.map((file) =>
          file.key === action.key ? { ...file, loaded: action.loaded } : file,
        ),
      }
    case 'upload-finished': {
      if (!action.result.ok) {
        const { error } = action.result
        return {
          ...state,
          uploading: state.uploading.map((file) =>
            file.key === action.key ? { ...file, error } : file,
          ),
        }
      }
      const uploading = state.uploading.filter((file) => file.key !== action.key)
      return filesReducer(
        { ...state, uploading },
        { type: 'added', entries: [action.result.value] },
      )
    }
    case 'upload-dismissed':
      return { ...state, uploading: state.uploading.filter((file) => file.key !== action.key) }
    case 'selected':
      return { ...state, selected: validSelection(state.entries, action.fileId) }
    case 'error-dismissed':
      return { ...state, error: null }
  }
}
