import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { Mapping, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type { DryRunResult, FileId, FilePreview } from '../../../../shared/models/files'
import type { MappingProfile } from '../../../../shared/models/profiles'
import type { Result } from '../../../../shared/util/result'
import { useApi, useOpenGeneration } from '../../app/api-context'
import { initialRequest, settleRequest, type RequestState } from '../../lib/request-state'
import { useFiles } from '../files/files-provider'
import { previewKey } from '../files/previews-state'
import { useSession } from '../session/session-provider'
import { useChosenTarget } from '../target/target-store-provider'
import { savedMappingsAfter } from '../session/saved-mappings'
import { draftFromSuggestions, fieldPathText, toMapping } from './mapping-draft'
import {
  fileShapes,
  profileForShape,
  sessionKey,
  targetColumns,
  type FileShape,
  type TargetColumns,
} from './mapping-session'
import {
  INITIAL_MAPPING_STATE,
  mappingReducer,
  type MappingAction,
  type MappingState,
} from './mapping-state'
import { nestedPaths } from './source-paths'

/** A whole-file dry run of one file. */
export interface DryRunState {
  readonly status: 'running' | 'done' | 'failed'
  readonly bytesRead: number
  readonly bytesTotal: number
  readonly records: number
  readonly result: DryRunResult | null
  readonly error: AppErrorData | null
}

/** Everything one shape's mapping is made from, once its preview is read. */
export interface ShapeSession {
  readonly shape: FileShape
  readonly stream: string
  readonly target: TargetColumns
  /** Previews of the shape's files that are read (records of all of them are checked). */
  readonly previews: readonly FilePreview[]
  /** Name and record lines of each preview, in the same order (for "events.csv line 8"). */
  readonly parts: ReadonlyArray<{ readonly name: string; readonly lines: readonly number[] }>
  /** Top-level fields and nested paths offered as sources. */
  readonly sources: readonly string[]
  readonly transforms: readonly string[]
  readonly state: MappingState
}

interface ProviderState {
  readonly mappings: Readonly<Record<string, MappingState>>
  readonly profiles: RequestState<readonly MappingProfile[]>
  readonly dryRuns: Readonly<Partial<Record<FileId, DryRunState>>>
}

type ProviderAction =
  | { readonly type: 'mapping'; readonly shape: string; readonly action: MappingAction }
  | { readonly type: 'profiles'; readonly result: Result<readonly MappingProfile[]> }
  | { readonly type: 'dry-run-started'; readonly fileId: FileId }
  | {
      readonly type: 'dry-run-progress'
      readonly fileId: FileId
      readonly bytesRead: number
      readonly bytesTotal: number
      readonly records: number
    }
  | {
      readonly type: 'dry-run-finished'
      readonly fileId: FileId
      readonly result: Result<DryRunResult>
    }

function providerReducer(state: ProviderState, action: ProviderAction): ProviderState {
  switch (action.type) {
    case 'mapping':
      return {
        ...state,
        mappings: {
          ...state.mappings,
          [action.shape]: mappingReducer(
            state.mappings[action.shape] ?? INITIAL_MAPPING_STATE,
            action.action,
          ),
        },
      }
    case 'profiles':
      return { ...state, profiles: settleRequest(state.profiles, action.result) }
    case 'dry-run-started':
      return {
        ...state,
        dryRuns: {
          ...state.dryRuns,
          [action.fileId]: {
            status: 'running',
            bytesRead: 0,
            bytesTotal: 0,
            records: 0,
            result: null,
            error: null,
          },
        },
      }
    case 'dry-run-progress': {
      const run = state.dryRuns[action.fileId]
      if (run?.status !== 'running') return state
      const { bytesRead, bytesTotal, records } = action
      return {
        ...state,
        dryRuns: { ...state.dryRuns, [action.fileId]: { ...run, bytesRead, bytesTotal, records } },
      }
    }
    case 'dry-run-finished': {
      const run = state.dryRuns[action.fileId]
      if (run === undefined) return state
      const { result } = action
      // A newer run of the same file stopped this one: its own answer follows.
      if (result.ok && result.value.cancelled) return state
      return {
        ...state,
        dryRuns: {
          ...state.dryRuns,
          [action.fileId]: result.ok
            ? { ...run, status: 'done', result: result.value, error: null }
            : { ...run, status: 'failed', result: null, error: result.error },
        },
      }
    }
  }
}

export interface MappingContextValue {
  /** One session per shape of file whose preview is read (in the order files were added). */
  readonly sessions: readonly ShapeSession[]
  /** Shapes still waiting for their preview. */
  readonly waiting: readonly FileShape[]
  /**
   * Shapes whose kept edits were made for other stream columns or headers, so the automatic
   * match replaced them (shown on Upload until the person reviews Map or accepts it).
   */
  readonly discarded: readonly FileShape[]
  /** Forgets the kept edits of a discarded shape (the person accepted the new match). */
  acceptDiscarded(shape: string): void
  readonly profiles: RequestState<readonly MappingProfile[]>
  readonly dryRuns: ProviderState['dryRuns']
  dispatch(shape: string, action: MappingAction): void
  /** Saves the mapping as a profile for the shape's headers; resolves to the error, if any. */
  saveProfile(session: ShapeSession, name: string, mapping: Mapping): Promise<AppErrorData | null>
  dryRun(fileId: FileId, mapping: Mapping, columns: readonly StreamColumn[]): void
  /** Header signatures whose files are mapped one by one instead of sharing a mapping. */
  readonly separate: ReadonlySet<string>
  /** Maps the files of a signature one by one (true) or with one shared mapping (false). */
  setSeparate(signature: string, separate: boolean): void
}

const MappingContext = createContext<MappingContextValue | null>(null)

/**
 * Keeps one mapping per shape of file for the whole renderer, made automatically as soon as a
 * target is chosen and the file's preview is read (so Upload works even if Map was never
 * opened), with the saved profile applied when the headers match. The Map screen edits them.
 */
export function MappingProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const generation = useOpenGeneration()
  const files = useFiles()
  const { chosen } = useChosenTarget()
  const [state, dispatchRaw] = useReducer(providerReducer, {
    mappings: {},
    profiles: initialRequest<readonly MappingProfile[]>(),
    dryRuns: {},
  })

  const loadProfiles = useCallback(async () => {
    const result = await api.invoke('profiles:list')
    dispatchRaw({ type: 'profiles', result })
  }, [api])

  useEffect(() => {
    if (generation !== null) void loadProfiles()
  }, [generation, loadProfiles])

  useEffect(
    () =>
      api.on('mapping:dry-run-progress', (event) =>
        dispatchRaw({
          type: 'dry-run-progress',
          fileId: event.fileId,
          bytesRead: event.bytesRead,
          bytesTotal: event.bytesTotal,
          records: event.records,
        }),
      ),
    [api],
  )

  const [separate, setSeparateSet] = useState<ReadonlySet<string>>(new Set())
  const setSeparate = useCallback((signature: string, on: boolean) => {
    setSeparateSet((current) => {
      const next = new Set(current)
      if (on) next.add(signature)
      else next.delete(signature)
      return next
    })
  }, [])
  const { entries } = files.state
  const { previews, ensurePreview } = files
  const shapes = useMemo(() => fileShapes(entries, separate), [entries, separate])

  useEffect(() => {
    for (const shape of shapes) for (const file of shape.files) ensurePreview(file)
  }, [shapes, ensurePreview])

  const stream = chosen?.target.streamName ?? null
  const declared = chosen?.stream?.columns ?? null
  const flows = chosen?.stream?.flows
  const transforms = useMemo(() => (flows ?? []).map((flow) => flow.transformKql), [flows])

  const built = useMemo(() => {
    const sessions: Omit<ShapeSession, 'state'>[] = []
    const waiting: FileShape[] = []
    for (const shape of shapes) {
      const readyFiles = shape.files.flatMap((file) => {
        const slot = previews[file.id]
        return slot?.status === 'ready' && slot.value !== null && slot.key === previewKey(file)
          ? [{ file, preview: slot.value }]
          : []
      })
      const ready = readyFiles.map((item) => item.preview)
      const first = ready[0]
      if (first === undefined || stream === null) {
        waiting.push(shape)
        continue
      }
      const records = ready.flatMap((preview) => preview.records)
      sessions.push({
        shape,
        stream,
        target: targetColumns(declared, first.columns),
        previews: ready,
        parts: readyFiles.map((item) => ({ name: item.file.name, lines: item.preview.lines })),
        sources: [...first.headers.map(fieldPathText), ...nestedPaths(records.slice(0, 200))],
        transforms,
      })
    }
    return { sessions, waiting }
  }, [shapes, previews, stream, declared, transforms])

  const profileList = state.profiles.value
  const profilesSettled = state.profiles.status !== 'loading'
  const { state: sessionState, update: updateSession } = useSession()
  const savedMappings = sessionState.saved?.mappings ?? null
  useEffect(() => {
    // Wait for the kept session too: a mapping opened before it answered would lose the edits.
    if (!profilesSettled || savedMappings === null) return
    for (const session of built.sessions) {
      const key = sessionKey(session.stream, session.target.columns, session.shape)
      if (state.mappings[session.shape.key]?.key === key) continue
      const kept = savedMappings[session.shape.key]
      const automatic = draftFromSuggestions({
        stream: session.stream,
        columns: session.target.columns,
        sources: session.sources,
        samples: session.previews.flatMap((preview) => preview.records),
        transforms: session.transforms,
      })
      const { apply } = profileForShape(session.shape, profileList ?? [], session.stream)
      // A file split from its group starts from the group's draft, edits included.
      const groupKey = sessionKey(session.stream, session.target.columns, {
        ...session.shape,
        key: session.shape.signature,
      })
      const group =
        session.shape.key === session.shape.signature
          ? undefined
          : state.mappings[session.shape.signature]
      const start = group?.key === groupKey ? (group.draft ?? undefined) : undefined
      dispatchRaw({
        type: 'mapping',
        shape: session.shape.key,
        action: {
          type: 'opened',
          key,
          automatic,
          ...(start !== undefined && group?.edited === true
            ? { start }
            : apply === null
              ? {}
              : { profile: { id: apply.id, name: apply.name, mapping: apply.mapping } }),
          ...(kept?.key === key ? { restored: kept.mapping } : {}),
        },
      })
    }
  }, [built.sessions, profilesSettled, profileList, state.mappings, savedMappings])

  // Keeps the edits in the session (after a short pause in typing: one write per burst).
  const lastMappings = useRef(state.mappings)
  useEffect(() => {
    if (savedMappings === null || lastMappings.current === state.mappings) return
    lastMappings.current = state.mappings
    const next = savedMappingsAfter(savedMappings, state.mappings, (draft) => {
      const built = toMapping(draft)
      return built.ok ? built.mapping : null
    })
    if (next === savedMappings) return
    const timer = setTimeout(() => updateSession({ mappings: next }), 300)
    return () => clearTimeout(timer)
  }, [state.mappings, savedMappings, updateSession])

  const discarded = useMemo(
    () =>
      savedMappings === null
        ? []
        : built.sessions
            .filter((session) => {
              const kept = savedMappings[session.shape.key]
              const open = state.mappings[session.shape.key]
              return kept !== undefined && open !== undefined && kept.key !== open.key
            })
            .map((session) => session.shape),
    [built.sessions, savedMappings, state.mappings],
  )

  const acceptDiscarded = useCallback(
    (shape: string) => {
      if (savedMappings === null) return
      updateSession({
        mappings: Object.fromEntries(
          Object.entries(savedMappings).filter(([key]) => key !== shape),
        ),
      })
    },
    [savedMappings, updateSession],
  )

  const sessions = useMemo(
    () =>
      built.sessions.flatMap((session) => {
        const mapping = state.mappings[session.shape.key]
        const key = sessionKey(session.stream, session.target.columns, session.shape)
        return mapping === undefined || mapping.key !== key ? [] : [{ ...session, state: mapping }]
      }),
    [built.sessions, state.mappings],
  )

  const saveProfile = useCallback(
    async (session: ShapeSession, name: string, mapping: Mapping) => {
      const file = session.shape.files[0]
      const existing = session.state.profile
      const result = await api.invoke('profiles:save', {
        name,
        mapping,
        ...(existing !== null && existing.name === name ? { id: existing.id } : {}),
        ...(file === undefined ? { headers: [...session.shape.headers] } : { fileId: file.id }),
      })
      if (!result.ok) return result.error
      dispatchRaw({
        type: 'mapping',
        shape: session.shape.key,
        action: { type: 'profile-saved', id: result.value.id, name: result.value.name },
      })
      void loadProfiles()
      return null
    },
    [api, loadProfiles],
  )

  const dryRun = useCallback(
    (fileId: FileId, mapping: Mapping, columns: readonly StreamColumn[]) => {
      dispatchRaw({ type: 'dry-run-started', fileId })
      void api
        .invoke('mapping:dry-run', { fileId, mapping, streamColumns: [...columns] })
        .then((result) => dispatchRaw({ type: 'dry-run-finished', fileId, result }))
    },
    [api],
  )

  const value = useMemo<MappingContextValue>(
    () => ({
      sessions,
      waiting: built.waiting,
      discarded,
      acceptDiscarded,
      profiles: state.profiles,
      dryRuns: state.dryRuns,
      dispatch: (shape, action) => dispatchRaw({ type: 'mapping', shape, action }),
      saveProfile,
      dryRun,
      separate,
      setSeparate,
    }),
    [
      sessions,
      built.waiting,
      discarded,
      acceptDiscarded,
      state.profiles,
      state.dryRuns,
      saveProfile,
      dryRun,
      separate,
      setSeparate,
    ],
  )

  return <MappingContext value={value}>{children}</MappingContext>
}

/** The mappings of the session's files, and what can be done with them. */
export function useMappings(): MappingContextValue {
  const value = use(MappingContext)
  if (value === null) throw new Error('useMappings() needs a <MappingProvider> above it')
  return value
}
