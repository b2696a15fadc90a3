import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  type ReactNode,
} from 'react'
import type { FileEntry, FileId, FileOptions } from '../../../../shared/models/files'
import { useApi, useOpenGeneration, useTransport } from '../../app/api-context'
import { pathForFileCapability, realPaths } from '../../lib/file-paths'
import { uploadToHost, type HostUpload } from '../../lib/host-upload'
import { DropOverlay } from './drop-overlay'
import { INITIAL_FILES_STATE, filesReducer, type FilesState } from './files-state'
import { previewKey, previewsReducer, type PreviewSlot, type PreviewsState } from './previews-state'

export interface FilesContextValue {
  readonly state: FilesState
  readonly previews: PreviewsState
  /** Adds dropped or chosen files: real paths in Electron, uploads to the browser host. */
  addFiles(files: readonly File[]): void
  /** Electron's native file dialog (null in the browser host: use a file input). */
  readonly pickFiles: (() => void) | null
  remove(fileId: FileId): void
  setOptions(fileId: FileId, options: FileOptions): void
  select(fileId: FileId): void
  /** Stops a browser upload still on its way, or clears a failed one. */
  dismissUpload(key: string): void
  dismissError(): void
  /** Fetches a file's preview unless the current one fits (`force`: fetch again anyway). */
  ensurePreview(entry: FileEntry, force?: boolean): void
}

const FilesContext = createContext<FilesContextValue | null>(null)

let nextUploadKey = 1

/**
 * The files of this session for the whole renderer (Files, Map and Upload read them). The main
 * side owns the list (`files:list` on every open link); this adds, removes and re-reads files,
 * and keeps their previews. It also listens for files dropped anywhere on the window.
 */
export function FilesProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const transport = useTransport()
  const generation = useOpenGeneration()
  const [state, dispatch] = useReducer(filesReducer, INITIAL_FILES_STATE)
  const [previews, dispatchPreview] = useReducer(previewsReducer, {})
  const uploads = useRef(new Map<string, HostUpload>())
  /** The preview key last asked for per file (so two callers do not fetch twice). */
  const requested = useRef(new Map<FileId, string>())

  useEffect(() => {
    if (generation === null) return
    let current = true
    void api.invoke('files:list').then((result) => {
      if (current) dispatch({ type: 'listed', result })
    })
    return () => {
      current = false
    }
  }, [api, generation])

  useEffect(() => {
    const pending = uploads.current
    return () => {
      for (const upload of pending.values()) upload.abort()
    }
  }, [])

  const addFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return
      const pathFor = transport === 'bridge' ? pathForFileCapability() : null
      if (pathFor !== null) {
        const paths = realPaths(files, pathFor)
        if (paths.length === 0) return
        void api
          .invoke('files:add', { paths })
          .then((result) =>
            dispatch(
              result.ok
                ? { type: 'added', entries: result.value }
                : { type: 'add-failed', error: result.error },
            ),
          )
        return
      }
      for (const file of files) {
        const key = `upload-${nextUploadKey++}`
        dispatch({ type: 'upload-started', key, name: file.name, size: file.size })
        let lastShown = 0
        const upload = uploadToHost(file, document.baseURI, (loaded) => {
          // Enough for a smooth bar without a render per network packet.
          const now = performance.now()
          if (now - lastShown < 100 && loaded < file.size) return
          lastShown = now
          dispatch({ type: 'upload-progress', key, loaded })
        })
        uploads.current.set(key, upload)
        void upload.result.then((result) => {
          uploads.current.delete(key)
          dispatch({ type: 'upload-finished', key, result })
        })
      }
    },
    [api, transport],
  )

  const pickFiles = useMemo(
    () =>
      transport === 'bridge'
        ? () =>
            void api
              .invoke('files:pick', { multiple: true })
              .then((result) =>
                dispatch(
                  result.ok
                    ? { type: 'added', entries: result.value }
                    : { type: 'add-failed', error: result.error },
                ),
              )
        : null,
    [api, transport],
  )

  const remove = useCallback(
    (fileId: FileId) => {
      void api.invoke('files:remove', { fileId }).then((result) => {
        if (!result.ok) {
          dispatch({ type: 'add-failed', error: result.error })
          return
        }
        dispatch({ type: 'removed', fileId })
        requested.current.delete(fileId)
        dispatchPreview({ type: 'forgotten', fileId })
      })
    },
    [api],
  )

  const setOptions = useCallback(
    (fileId: FileId, options: FileOptions) => {
      dispatch({ type: 'options-requested', fileId })
      void api
        .invoke('files:set-options', { fileId, options })
        .then((result) => dispatch({ type: 'options-set', fileId, result }))
    },
    [api],
  )

  const ensurePreview = useCallback(
    (entry: FileEntry, force = false) => {
      if (entry.rejection !== null) return
      const key = previewKey(entry)
      if (!force && requested.current.get(entry.id) === key) return
      requested.current.set(entry.id, key)
      dispatchPreview({ type: 'requested', fileId: entry.id, key })
      void api
        .invoke('files:preview', { fileId: entry.id })
        .then((result) => dispatchPreview({ type: 'answered', fileId: entry.id, key, result }))
    },
    [api],
  )

  const dismissUpload = useCallback((key: string) => {
    uploads.current.get(key)?.abort()
    uploads.current.delete(key)
    dispatch({ type: 'upload-dismissed', key })
  }, [])

  const value = useMemo<FilesContextValue>(
    () => ({
      state,
      previews,
      addFiles,
      pickFiles,
      remove,
      setOptions,
      select: (fileId) => dispatch({ type: 'selected', fileId }),
      dismissUpload,
      dismissError: () => dispatch({ type: 'error-dismissed' }),
      ensurePreview,
    }),
    [state, previews, addFiles, pickFiles, remove, setOptions, dismissUpload, ensurePreview],
  )

  return (
    <FilesContext value={value}>
      {children}
      <DropOverlay onDrop={addFiles} />
    </FilesContext>
  )
}

/** The session's files and what can be done with them. */
export function useFiles(): FilesContextValue {
  const value = use(FilesContext)
  if (value === null) throw new Error('useFiles() needs a <FilesProvider> above it')
  return value
}

/** The preview of one file, fetched when needed (null for none or a rejected file). */
export function usePreview(entry: FileEntry | null): PreviewSlot | null {
  const { previews, ensurePreview } = useFiles()
  useEffect(() => {
    if (entry !== null) ensurePreview(entry)
  }, [entry, ensurePreview])
  if (entry === null || entry.rejection !== null) return null
  const slot = previews[entry.id]
  return slot !== undefined && slot.key === previewKey(entry) ? slot : null
}
