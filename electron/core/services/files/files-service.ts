import { randomBytes } from 'node:crypto'
import { realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import type { Readable } from 'node:stream'
import { AppError, errorData } from '../../../../shared/errors/app-error'
import type { MappingInput, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { draftMapping, suggestMapping } from '../../../../shared/mapping/suggest-mapping'
import type { HostKind } from '../../../../shared/models/app-info'
import type {
  DryRunResult,
  FileEntry,
  FileOptions,
  FileOrigin,
  FilePreview,
  MappingSuggestResult,
} from '../../../../shared/models/files'
import type { EventPayload } from '../../../../shared/ipc/contract'
import type { SavedFile } from '../../../../shared/models/session'
import { previewFile } from '../../../engine/main/preview'
import type { Logger } from '../../../platform/logger'
import { headerSignature } from '../profiles/header-signature'
import { fittingMatch, type ProfileStore } from '../profiles/profile-store'
import { startDryRunWorker, type RunningDryRun } from './dry-run-runner'
import { inspectFile, parseOptionsOf, toDetectedFormat, toParseProblem } from './file-inspect'
import { toJsonSafe } from './json-safe'
import { nestedPaths } from './nested-paths'
import { removeStaged, stageUpload, sweepStaging, type StageOptions } from './staging'

/** Opens the native file dialog (Electron); resolves with the chosen paths ([] if cancelled). */
export type PickFilesDialog = (request: { readonly multiple: boolean }) => Promise<string[]>

/** A registered file, with what only the main side may know (its path). */
export interface RegisteredFile {
  readonly entry: FileEntry
  readonly path: string
  /** Size and modification time when last inspected (jobs record them for resume). */
  readonly mtimeMs: number
}

export interface FilesServiceOptions {
  readonly dataDir: string
  readonly host: HostKind
  readonly logger: Logger
  readonly profiles: ProfileStore
  readonly emit: (
    event: 'mapping:dry-run-progress',
    payload: EventPayload<'mapping:dry-run-progress'>,
  ) => void
  readonly pickFiles?: PickFilesDialog | undefined
  /** Upload size limit of the browser host. */
  readonly maxUploadBytes?: number | undefined
  /** Called after every change to the list, so it can be kept across restarts. */
  readonly onChange?: ((files: readonly SavedFile[]) => void) | undefined
}

/**
 * The session's allow-list of source files: the main side opens only what was dropped, picked
 * or uploaded, and the renderer refers to files by id only. Also previews, auto-matching and
 * whole-file dry runs.
 */
export class FilesService {
  private readonly files = new Map<string, RegisteredFile>()
  private readonly dryRuns = new Map<string, RunningDryRun>()
  private inUse: (path: string) => Promise<boolean> = () => Promise.resolve(false)

  constructor(private readonly options: FilesServiceOptions) {}

  /** Lets the jobs service keep uploaded copies that an upload still needs. */
  setInUseCheck(check: (path: string) => Promise<boolean>): void {
    this.inUse = check
  }

  /**
   * Removes uploaded copies that no registered file and no unfinished upload needs (at
   * start-up, once the jobs service can tell which uploads are unfinished).
   */
  async sweepStaged(startedMs: number = Date.now()): Promise<number> {
    const registered = (path: string) => [...this.files.values()].some((f) => f.path === path)
    const removed = await sweepStaging(
      this.options.dataDir,
      startedMs,
      async (path) => registered(path) || (await this.inUse(path)),
    )
    if (removed > 0) {
      this.options.logger.info('files', 'removed uploaded copies no upload needs', { removed })
    }
    return removed
  }

  /**
   * Registers the files kept from an earlier run under their old ids (before the staging sweep,
   * so their uploaded copies are kept). A file that is gone comes back rejected, saying so.
   */
  async restore(saved: readonly SavedFile[]): Promise<void> {
    for (const file of saved) {
      if (this.files.has(file.id)) continue
      await this.register(file.path, file.origin, file.name, file.options, file.id)
    }
  }

  /** The list as it is kept across restarts (paths included: main side only). */
  saved(): SavedFile[] {
    return [...this.files.values()].map(({ entry, path }) => ({
      id: entry.id,
      path,
      origin: entry.origin,
      name: entry.name,
      options: entry.options,
    }))
  }

  private changed(): void {
    this.options.onChange?.(this.saved())
  }

  /** Registers local files by path (Electron only: paths from drops and the dialog). */
  async addPaths(paths: readonly string[]): Promise<FileEntry[]> {
    if (this.options.host !== 'electron') {
      throw new AppError('files/paths-unavailable', 'files:add in the browser host')
    }
    const entries: FileEntry[] = []
    for (const path of paths) entries.push(await this.addLocal(path))
    return entries
  }

  /** The native open dialog, then registration of what was picked. */
  async pick(multiple: boolean): Promise<FileEntry[]> {
    if (this.options.pickFiles === undefined) {
      throw new AppError('files/pick-unavailable', `no dialog in the ${this.options.host} host`)
    }
    const paths = await this.options.pickFiles({ multiple })
    const entries: FileEntry[] = []
    for (const path of paths) entries.push(await this.addLocal(path))
    return entries
  }

  /** Streams an upload (browser host) into staging and registers the copy. */
  async addUpload(name: string, body: Readable, options: StageOptions = {}): Promise<FileEntry> {
    const staged = await stageUpload(this.options.dataDir, name, body, {
      ...options,
      ...(this.options.maxUploadBytes === undefined
        ? {}
        : { maxBytes: this.options.maxUploadBytes }),
    })
    this.options.logger.info('files', 'file uploaded', { bytes: staged.size })
    return this.register(staged.path, 'uploaded', basename(staged.path), {})
  }

  private async addLocal(rawPath: string): Promise<FileEntry> {
    const name = basename(rawPath) || rawPath
    if (!isAbsolute(rawPath)) {
      return this.rejected(rawPath, name, errorData('files/not-a-file', 'not an absolute path'))
    }
    let path: string
    try {
      path = await realpath(rawPath)
    } catch (error) {
      return this.rejected(rawPath, name, errorData('files/unreadable', String(error)))
    }
    const existing = [...this.files.values()].find((f) => f.path === path)
    return this.register(path, 'local', name, existing?.entry.options ?? {}, existing?.entry.id)
  }

  /** An entry for something that cannot even be opened (kept so the reason shows). */
  private rejected(
    path: string,
    name: string,
    rejection: FileEntry['rejection'],
    id: string = newFileId(),
    origin: FileOrigin = 'local',
  ): FileEntry {
    const entry: FileEntry = {
      id,
      name,
      size: 0,
      origin,
      addedAt: new Date().toISOString(),
      detected: null,
      options: {},
      headers: [],
      headerSignature: null,
      rejection,
      profileMatch: null,
    }
    this.files.set(entry.id, { entry, path, mtimeMs: 0 })
    this.changed()
    return entry
  }

  private async register(
    path: string,
    origin: FileOrigin,
    name: string,
    options: FileOptions,
    id: string = newFileId(),
  ): Promise<FileEntry> {
    let info
    try {
      info = await stat(path)
    } catch (error) {
      return this.rejected(path, name, errorData('files/unreadable', String(error)), id, origin)
    }
    if (!info.isFile()) {
      return this.rejected(
        path,
        name,
        errorData('files/not-a-file', 'not a regular file'),
        id,
        origin,
      )
    }
    const inspection = await inspectFile(path, options)
    const signature = inspection.headers.length > 0 ? headerSignature(inspection.headers) : null
    const best =
      inspection.rejection === null
        ? fittingMatch(await this.options.profiles.match(inspection.headers))
        : undefined
    const entry: FileEntry = {
      id,
      name,
      size: info.size,
      origin,
      addedAt: this.files.get(id)?.entry.addedAt ?? new Date().toISOString(),
      detected: inspection.detected,
      options,
      headers: inspection.headers,
      headerSignature: signature,
      rejection: inspection.rejection,
      profileMatch:
        best === undefined
          ? null
          : {
              profileId: best.profile.id,
              name: best.profile.name,
              stream: best.profile.stream,
              score: best.score,
            },
    }
    this.files.set(id, { entry, path, mtimeMs: info.mtimeMs })
    this.changed()
    this.options.logger.info('files', 'file registered', {
      id,
      origin,
      format: entry.detected?.format ?? null,
      rejected: entry.rejection?.code ?? null,
    })
    return entry
  }

  list(): FileEntry[] {
    return [...this.files.values()].map((f) => f.entry)
  }

  /** A registered file, or `files/not-registered`: the allow-list check. */
  get(fileId: string): RegisteredFile {
    const found = this.files.get(fileId)
    if (found === undefined) throw new AppError('files/not-registered', fileId)
    return found
  }

  /** A registered file that can be uploaded (not rejected). */
  usable(fileId: string): RegisteredFile {
    const found = this.get(fileId)
    if (found.entry.rejection !== null) {
      throw new AppError('jobs/file-rejected', `${found.entry.name}: ${found.entry.rejection.code}`)
    }
    return found
  }

  async remove(fileId: string): Promise<boolean> {
    const found = this.files.get(fileId)
    if (found === undefined) return false
    this.files.delete(fileId)
    this.changed()
    this.dryRuns.get(fileId)?.cancel()
    if (found.entry.origin === 'uploaded' && !(await this.inUse(found.path))) {
      await removeStaged(this.options.dataDir, found.path)
    }
    return true
  }

  async setOptions(fileId: string, options: FileOptions): Promise<FileEntry> {
    const found = this.get(fileId)
    return this.register(found.path, found.entry.origin, found.entry.name, options, fileId)
  }

  async preview(fileId: string, limit = 1000): Promise<FilePreview> {
    const found = this.get(fileId)
    const preview = await previewFile(found.path, {
      ...parseOptionsOf(found.entry.options),
      limit,
    })
    return {
      fileId,
      detected: toDetectedFormat(preview.detected),
      records: preview.records.map(toJsonSafe),
      lines: preview.lines,
      headers: preview.headers,
      columns: preview.columns,
      problems: [...preview.errors, ...preview.warnings].map(toParseProblem),
      truncated: preview.truncated,
    }
  }

  /** Auto-match on the first 1000 records, and a draft mapping from it. */
  async suggest(
    fileId: string,
    stream: string,
    streamColumns: readonly StreamColumn[],
  ): Promise<MappingSuggestResult> {
    const found = this.get(fileId)
    const preview = await previewFile(found.path, {
      ...parseOptionsOf(found.entry.options),
      limit: 1000,
    })
    const records = preview.records.map(toJsonSafe)
    const topLevel = new Set(preview.headers)
    const nested =
      found.entry.detected?.format === 'json' || found.entry.detected?.format === 'ndjson'
        ? nestedPaths(records).filter((path) => !topLevel.has(path))
        : []
    const sourceColumns = [...preview.headers, ...nested]
    const suggestions = suggestMapping(sourceColumns, streamColumns, records)
    const draft = draftMapping(stream, suggestions, records)
    const nestedSet = new Set(nested)
    // draftMapping reads each source as one literal key; nested paths read through the objects.
    for (const rule of Object.values(draft.columns)) {
      const path = rule.source.kind === 'field' ? rule.source.path : undefined
      if (Array.isArray(path) && path.length === 1 && nestedSet.has(path[0] as string)) {
        rule.source = { kind: 'field', path: path[0] as string }
      }
    }
    return { fileId, sourceColumns, suggestions, draft }
  }

  /** Maps the whole file in a worker; a newer dry run of the same file stops the older one. */
  async dryRun(
    fileId: string,
    mapping: MappingInput,
    streamColumns: readonly StreamColumn[] | undefined,
    top: number,
  ): Promise<DryRunResult> {
    const found = this.usable(fileId)
    this.dryRuns.get(fileId)?.cancel()
    const run = startDryRunWorker(
      {
        fileId,
        path: found.path,
        size: found.entry.size,
        mtimeMs: found.mtimeMs,
        options: found.entry.options,
        mapping,
        streamColumns,
        top,
      },
      (progress) =>
        this.options.emit('mapping:dry-run-progress', {
          fileId,
          bytesRead: progress.bytesRead,
          bytesTotal: found.entry.size,
          records: progress.records,
        }),
    )
    this.dryRuns.set(fileId, run)
    try {
      return await run.result
    } finally {
      if (this.dryRuns.get(fileId) === run) this.dryRuns.delete(fileId)
    }
  }

  cancelDryRun(fileId: string): boolean {
    const run = this.dryRuns.get(fileId)
    if (run === undefined) return false
    run.cancel()
    return true
  }

  /** Stops running dry runs. */
  shutdown(): void {
    for (const run of this.dryRuns.values()) run.cancel()
  }
}

function newFileId(): string {
  return `f-${randomBytes(12).toString('hex')}`
}
