import { rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError, isAppError } from '../../../../shared/errors/app-error'
import type { EventName, EventPayload, InvokeParsed } from '../../../../shared/ipc/contract'
import {
  DEFAULT_TIME_POLICY,
  type Mapping,
  type StreamColumn,
} from '../../../../shared/mapping/mapping-schema'
import type {
  FailedPage,
  FailedSummary,
  HistoryEntry,
  JobControlResult,
  RecordValidation,
  SaveOutcome,
  StartedUpload,
  UploadProgress,
  VerifyResult,
} from '../../../../shared/models/history'
import { VERIFY_NOTE } from '../../../../shared/models/history'
import type { Settings } from '../../../../shared/models/settings'
import type { ConnectionCheck, IngestionTarget } from '../../../../shared/models/target'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import type { AuthService } from '../../auth/auth-service'
import { createDispatcher } from '../../auth/tls-trust'
import { createRetryJob } from '../../../engine/main/failed-retry'
import { createJob, listJobs, type TokenProvider } from '../../../engine/main/job-runner'
import { jobPaths, loadJobDefinition } from '../../../engine/common/journal/job-store'
import type { Logger } from '../../platform/logger'
import type { Downloads } from '../files/downloads'
import type { FilesService } from '../files/files-service'
import type { TargetService } from '../target/target-service'
import {
  exportFailed,
  findFailed,
  listFailed,
  parseRecordId,
  summarizeFailed,
  uploadRecordId,
} from './failed-records'
import { deleteFailed } from './failed-delete'
import { filterOf } from './failed-kinds'
import { aggregateSummary, overallState } from './progress-aggregate'
import { validateEditedRecord } from './record-validation'
import {
  findUpload,
  readCatalog,
  runWindows,
  withFileSizes,
  type CatalogEntry,
} from './upload-catalog'
import { UploadMetaStore, type UploadMeta } from './upload-meta'
import { ActiveUpload, isFinished, notRunning } from './upload-run'
import { countQuery, queryTimespan, runCountQuery } from './verify-query'
import { intersects, union, verifyWindows } from './verify-windows'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface JobsServiceOptions {
  readonly dataDir: string
  readonly logger: Logger
  readonly auth: AuthService
  readonly targets: TargetService
  readonly files: FilesService
  readonly downloads: Downloads
  readonly settings: () => Settings
  readonly emit: Emit
}

/** How long a shutdown waits for running uploads to write their journals. */
const SHUTDOWN_WAIT_MS = 15_000

/**
 * Uploads started from the app: start after a connection check, pause, resume, cancel, history
 * (with interrupted uploads after a restart), failed records and the landed-rows verify.
 *
 * The engine does the work in its worker threads; this service hands it tokens, keeps what the
 * engine does not know (the upload's files as named, its destination, its runs) and joins
 * several engine jobs into one upload when files have different mappings.
 */
export class JobsService {
  private readonly active = new Map<string, ActiveUpload>()
  private readonly metaStore: UploadMetaStore

  constructor(private readonly options: JobsServiceOptions) {
    this.metaStore = new UploadMetaStore(options.dataDir)
    options.files.setInUseCheck((path) => this.isPathInUse(path))
  }

  private isActive = (uploadId: string): boolean => this.active.has(uploadId)

  /** Starts an upload of registered files after a passing connection check. */
  async start(request: InvokeParsed<'jobs:start'>): Promise<StartedUpload> {
    const ids = request.files.map((f) => f.fileId)
    if (new Set(ids).size !== ids.length) {
      throw new AppError('upload/invalid-job', 'the same file is listed twice')
    }
    const files = request.files.map((f) => ({
      file: this.options.files.usable(f.fileId),
      mapping: f.mapping,
    }))
    const check = await this.checkConnection(request.target, request.dcrId, request.accountId)
    const settings = this.options.settings()
    const config = await this.options.auth.currentCloud()
    const streamColumns = request.streamColumns?.map((c) => ({ name: c.name, type: c.type }))
    const override = request.options?.timePolicy
    // The engine compiles one mapping per job: files that share a mapping share a job.
    const groups: Array<{ key: string; mapping: Mapping | null; members: number[] }> = []
    files.forEach(({ mapping }, index) => {
      const effective: Mapping | null =
        mapping === null || override === undefined
          ? mapping
          : { ...mapping, timePolicy: { ...mapping.timePolicy, ...override } }
      const key = JSON.stringify(effective)
      const group = groups.find((g) => g.key === key)
      if (group === undefined) groups.push({ key, mapping: effective, members: [index] })
      else group.members.push(index)
    })
    const label =
      request.label ??
      (files.length === 1 ? files[0]?.file.entry.name : `${files.length} files`) ??
      'Upload'
    const created: JobDefinition[] = []
    try {
      for (const group of groups) {
        created.push(
          await createJob(
            {
              files: group.members.map((index) => {
                const { file } = files[index] as (typeof files)[number]
                return {
                  path: file.path,
                  ...(file.entry.options.format === undefined
                    ? {}
                    : { format: file.entry.options.format }),
                  ...(file.entry.options.delimiter === undefined
                    ? {}
                    : { delimiter: file.entry.options.delimiter }),
                }
              }),
              target: {
                endpoint: request.target.endpoint,
                dcrImmutableId: request.target.dcrImmutableId,
                stream: request.target.streamName,
              },
              ...(group.mapping === null ? {} : { mapping: group.mapping }),
              ...(streamColumns === undefined ? {} : { streamColumns }),
              options: {
                concurrency: request.options?.concurrency ?? settings.concurrency,
                gzipLevel: request.options?.gzipLevel ?? settings.gzipLevel,
              },
              label,
              ...(config.extraCaPem === null ? {} : { caCertPem: config.extraCaPem }),
            },
            this.options.dataDir,
          ),
        )
      }
    } catch (error) {
      for (const definition of created) {
        await rm(jobPaths(this.options.dataDir, definition.jobId).dir, {
          recursive: true,
          force: true,
        })
      }
      throw error
    }
    const meta: UploadMeta = {
      version: 1,
      uploadId: (created[0] as JobDefinition).jobId,
      label,
      createdAt: new Date().toISOString(),
      children: created.map((d) => d.jobId),
      files: files.map(({ file }, index) => {
        const child = groups.findIndex((g) => g.members.includes(index))
        return {
          name: file.entry.name,
          size: file.entry.size,
          child,
          childFileIndex: (groups[child] as (typeof groups)[number]).members.indexOf(index),
        }
      }),
      target: request.target,
      ...(request.dcrId === undefined ? {} : { dcrId: request.dcrId }),
      ...(streamColumns === undefined ? {} : { streamColumns }),
      ...(request.destination === undefined ? {} : { destination: request.destination }),
      ...(request.accountId === undefined ? {} : { accountId: request.accountId }),
      runs: [],
    }
    await this.metaStore.save(meta)
    this.run(meta)
    return { jobId: meta.uploadId, check }
  }

  /**
   * Runs the connection check; anything but ready stops the start with the check's advice. The
   * recent target keeps the name the Target screen gave it: an upload's label ("a.csv and 1
   * more → stream") is not a target's name.
   */
  private async checkConnection(
    target: IngestionTarget,
    dcrId: string | undefined,
    accountId: string | undefined,
  ): Promise<ConnectionCheck> {
    const check = await this.options.targets.checkConnection({
      target,
      ...(dcrId === undefined ? {} : { dcrId }),
      ...(accountId === undefined ? {} : { accountId }),
    })
    if (!check.ready) {
      throw new AppError(check.problem.code, check.problem.detail ?? 'connection check failed', {
        userText: check.problem.message,
        retryable: check.problem.retryable,
      })
    }
    return check
  }

  private tokenProvider(accountId: string | undefined): TokenProvider {
    return async ({ forceRefresh }) => {
      const result = await this.options.auth.getToken('monitor', {
        forceRefresh,
        ...(accountId === undefined ? {} : { accountId }),
      })
      return { token: result.token, expiresOnMs: result.expiresOn.getTime() }
    }
  }

  private run(meta: UploadMeta): ActiveUpload {
    const upload = new ActiveUpload(meta, {
      dataDir: this.options.dataDir,
      logger: this.options.logger,
      metaStore: this.metaStore,
      tokenProvider: this.tokenProvider(meta.accountId),
      onProgress: (progress) => this.options.emit('jobs:progress', progress),
      onFinished: (summary) => {
        this.active.delete(meta.uploadId)
        this.options.emit('jobs:finished', summary)
        this.options.emit('history:changed', { jobId: meta.uploadId })
      },
    })
    this.active.set(meta.uploadId, upload)
    void upload.done.finally(() => {
      if (this.active.get(meta.uploadId) === upload) this.active.delete(meta.uploadId)
    })
    this.options.emit('history:changed', { jobId: meta.uploadId })
    this.options.logger.info('jobs', 'upload started', {
      jobId: meta.uploadId,
      files: meta.files.length,
      jobs: meta.children.length,
    })
    return upload
  }

  private activeUpload(jobId: string): ActiveUpload {
    const upload = this.active.get(jobId)
    if (upload === undefined) throw notRunning(jobId)
    return upload
  }

  pause(jobId: string): JobControlResult {
    const upload = this.activeUpload(jobId)
    upload.pause()
    return { jobId, state: upload.currentState() }
  }

  resume(jobId: string): JobControlResult {
    const upload = this.activeUpload(jobId)
    upload.resume()
    return { jobId, state: upload.currentState() }
  }

  cancel(jobId: string): JobControlResult {
    const upload = this.activeUpload(jobId)
    upload.cancel()
    return { jobId, state: upload.currentState() }
  }

  activeProgress(): UploadProgress[] {
    return [...this.active.values()].map((u) => u.progress())
  }

  private stateOf(entry: CatalogEntry) {
    const active = this.active.get(entry.meta.uploadId)
    if (active !== undefined) return active.currentState()
    if (entry.meta.interrupted === true) return 'interrupted'
    return overallState(entry.states)
  }

  /** Every upload, newest first. */
  async history(): Promise<HistoryEntry[]> {
    const catalog = await readCatalog(this.options.dataDir, this.metaStore, this.isActive)
    return catalog.map((entry) => this.toHistory(entry))
  }

  private toHistory(entry: CatalogEntry): HistoryEntry {
    const { meta } = entry
    const state = this.stateOf(entry)
    const finished = entry.summaries.filter((s) => s !== undefined)
    const runStarts = meta.runs.map((r) => r.startedAt).sort()
    const startedAt = runStarts[0] ?? finished.map((s) => s.startedAt).sort()[0] ?? null
    const ends = [...meta.runs.map((r) => r.endedAt ?? ''), ...finished.map((s) => s.finishedAt)]
      .filter((e) => e !== '')
      .sort()
    const finishedAt =
      state === 'running' || state === 'paused' || state === 'interrupted'
        ? null
        : (ends.at(-1) ?? null)
    const summary =
      finished.length === 0
        ? null
        : aggregateSummary(meta, entry.summaries, state, {
            startedAt: startedAt ?? meta.createdAt,
            finishedAt: finishedAt ?? new Date().toISOString(),
          })
    return {
      jobId: meta.uploadId,
      label: meta.label,
      createdAt: meta.createdAt,
      state,
      target: meta.target,
      files: meta.files.map((f) => ({ name: f.name, size: f.size })),
      records: summary?.records ?? null,
      failedByCause: summary?.failedByCause ?? {},
      startedAt,
      finishedAt,
      resumable:
        !this.active.has(meta.uploadId) &&
        (state === 'interrupted' || state === 'cancelled' || state === 'stopped'),
      hasFailed: (summary?.records.failed ?? 0) > 0,
      retryOf: meta.retryOf ?? null,
      destination: meta.destination ?? null,
      error: summary?.error ?? null,
      summary,
    }
  }

  private async upload(jobId: string): Promise<CatalogEntry> {
    const found = await findUpload(this.options.dataDir, this.metaStore, jobId, this.isActive)
    if (found === undefined) throw new AppError('jobs/not-found', jobId)
    return found
  }

  /** Continues an interrupted, cancelled or stopped upload after a connection check. */
  async resumeUpload(jobId: string, accountId: string | undefined): Promise<StartedUpload> {
    const entry = await this.upload(jobId)
    if (this.active.has(entry.meta.uploadId)) {
      throw new AppError('jobs/already-running', entry.meta.uploadId)
    }
    const state = this.stateOf(entry)
    if (state === 'running') throw new AppError('jobs/already-running', entry.meta.uploadId)
    if (state !== 'interrupted' && state !== 'cancelled' && state !== 'stopped') {
      throw new AppError('jobs/not-resumable', `${entry.meta.uploadId}: ${state}`)
    }
    const meta = await withFileSizes(entry.meta, this.options.dataDir)
    const check = await this.checkConnection(meta.target, meta.dcrId, accountId ?? meta.accountId)
    // Runs a crash left open end with their journal's last write.
    const windows = await runWindows({ ...entry, meta }, this.options.dataDir)
    const resumed: UploadMeta = {
      ...meta,
      runs: meta.runs.map((run, i) =>
        run.endedAt !== undefined
          ? run
          : { ...run, endedAt: new Date(windows[i]?.to ?? Date.now()).toISOString() },
      ),
      ...(accountId === undefined ? {} : { accountId }),
    }
    delete resumed.interrupted
    await this.metaStore.save(resumed)
    this.run(resumed)
    return { jobId: resumed.uploadId, check }
  }

  /** Uploaded copies an unfinished upload still reads are kept when their entry is removed. */
  private async isPathInUse(path: string): Promise<boolean> {
    const jobs = await listJobs(this.options.dataDir)
    return jobs.some((job) => !isFinished(job.state) && job.files.includes(path))
  }

  async failedSummary(jobId: string): Promise<FailedSummary> {
    const { meta } = await this.upload(jobId)
    return summarizeFailed(
      this.options.dataDir,
      meta,
      await this.metaStore.loadEdits(meta.uploadId),
    )
  }

  async failedList(request: InvokeParsed<'failed:list'>): Promise<FailedPage> {
    const { meta } = await this.upload(request.jobId)
    return listFailed(this.options.dataDir, meta, await this.metaStore.loadEdits(meta.uploadId), {
      ...filterOf(request),
      offset: request.offset,
      limit: request.limit,
    })
  }

  /** Deletes failed records (see `failed:delete`); never while the upload runs. */
  async failedDelete(request: InvokeParsed<'failed:delete'>): Promise<{ deleted: number }> {
    const entry = await this.upload(request.jobId)
    if (this.active.has(entry.meta.uploadId)) {
      throw new AppError('jobs/already-running', entry.meta.uploadId)
    }
    const removed = await deleteFailed(this.options.dataDir, entry.meta, {
      ids: request.recordIds === undefined ? undefined : new Set(request.recordIds),
      filter: filterOf(request),
    })
    const edits = await this.metaStore.loadEdits(entry.meta.uploadId)
    const kept = Object.fromEntries(Object.entries(edits).filter(([id]) => !removed.has(id)))
    if (Object.keys(kept).length !== Object.keys(edits).length) await this.saveEdits(entry, kept)
    this.options.logger.info('jobs', 'failed records deleted', {
      uploadId: entry.meta.uploadId,
      deleted: removed.size,
    })
    this.options.emit('history:changed', { jobId: entry.meta.uploadId })
    return { deleted: removed.size }
  }

  /** Checks an edited record with the upload's rules and keeps it when valid. */
  async failedUpdate(request: InvokeParsed<'failed:update'>): Promise<RecordValidation> {
    const entry = await this.upload(request.jobId)
    const meta = await withFileSizes(entry.meta, this.options.dataDir)
    const located = await findFailed(this.options.dataDir, meta, request.recordId)
    if (located === undefined) throw new AppError('failed/record-not-found', request.recordId)
    const id = uploadRecordId(located.child, located.record.id)
    const edits = { ...(await this.metaStore.loadEdits(meta.uploadId)) }
    if (request.record === null) {
      delete edits[id]
      await this.saveEdits(entry, edits)
      return { valid: true, record: asObject(located.record.mapped) ?? {} }
    }
    const definition = await loadJobDefinition(
      jobPaths(this.options.dataDir, meta.children[located.child] as string),
    )
    const mapping = definition.mapping as Mapping | null
    const columns: StreamColumn[] =
      meta.streamColumns ??
      definition.streamColumns ??
      Object.entries(mapping?.columns ?? {}).map(([name, rule]) => ({ name, type: rule.type }))
    const policy =
      mapping === null
        ? { ...DEFAULT_TIME_POLICY, missing: 'service-time' as const }
        : { ...DEFAULT_TIME_POLICY, ...mapping.timePolicy }
    const result = validateEditedRecord(request.record, columns, policy)
    if (result.valid) {
      edits[id] = { ...result.record }
      await this.saveEdits(entry, edits)
    }
    return result
  }

  private async saveEdits(
    entry: CatalogEntry,
    edits: Record<string, Record<string, unknown>>,
  ): Promise<void> {
    // A CLI job gets a metadata file once the app keeps something for it.
    if (!entry.persisted)
      await this.metaStore.save(await withFileSizes(entry.meta, this.options.dataDir))
    await this.metaStore.saveEdits(entry.meta.uploadId, edits)
  }

  async failedExport(request: InvokeParsed<'failed:export'>): Promise<SaveOutcome> {
    const { meta } = await this.upload(request.jobId)
    const edits = await this.metaStore.loadEdits(meta.uploadId)
    const selection = {
      cause: request.cause,
      ...(request.recordIds === undefined ? {} : { ids: new Set(request.recordIds) }),
    }
    const csv = request.format === 'csv'
    return this.options.downloads.save(
      `failed-${meta.uploadId}.${csv ? 'csv' : 'ndjson'}`,
      csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      csv
        ? { name: 'CSV', extensions: ['csv'] }
        : { name: 'NDJSON', extensions: ['ndjson', 'jsonl'] },
      (out) => exportFailed(this.options.dataDir, meta, edits, request.format, selection, out),
    )
  }

  /** A new upload from failed records (edited ones as edited), after a connection check. */
  async failedRetry(request: InvokeParsed<'failed:retry'>): Promise<StartedUpload> {
    const entry = await this.upload(request.jobId)
    if (this.active.has(entry.meta.uploadId)) {
      throw new AppError('jobs/already-running', entry.meta.uploadId)
    }
    const meta = await withFileSizes(entry.meta, this.options.dataDir)
    const edits = await this.metaStore.loadEdits(meta.uploadId)
    const wanted = request.recordIds === undefined ? undefined : new Set(request.recordIds)
    const check = await this.checkConnection(
      meta.target,
      meta.dcrId,
      request.accountId ?? meta.accountId,
    )
    const definitions: JobDefinition[] = []
    let records = 0
    let skipped = 0
    for (const [child, jobId] of meta.children.entries()) {
      const ids = wanted === undefined ? undefined : new Set<string>()
      const childEdits = new Map<string, Record<string, unknown>>()
      for (const [id, record] of Object.entries(edits)) {
        const parsed = parseRecordId(id)
        if (parsed?.child === child) childEdits.set(parsed.engineId, record)
      }
      for (const id of wanted ?? []) {
        const parsed = parseRecordId(id)
        if (parsed?.child === child) ids?.add(parsed.engineId)
      }
      if (ids !== undefined && ids.size === 0) continue
      try {
        const plan = await createRetryJob(this.options.dataDir, jobId, {
          selection: {
            ...(ids === undefined ? {} : { ids }),
            ...(request.cause === undefined ? {} : { causes: new Set<string>([request.cause]) }),
          },
          edits: childEdits,
        })
        definitions.push(plan.definition)
        records += plan.asIs + plan.remapped
        skipped += plan.skipped
      } catch (error) {
        if (isAppError(error) && error.code === 'upload/nothing-to-retry') continue
        throw error
      }
    }
    const first = definitions[0]
    if (first === undefined) throw new AppError('upload/nothing-to-retry', meta.uploadId)
    const label = `Retry of ${meta.label}`.slice(0, 200)
    const retry: UploadMeta = {
      version: 1,
      uploadId: first.jobId,
      label,
      createdAt: new Date().toISOString(),
      children: definitions.map((d) => d.jobId),
      files: definitions.flatMap((d, child) =>
        d.files.map((f, childFileIndex) => ({
          name: basename(f.path),
          size: f.size,
          child,
          childFileIndex,
        })),
      ),
      target: meta.target,
      ...(meta.dcrId === undefined ? {} : { dcrId: meta.dcrId }),
      ...(meta.streamColumns === undefined ? {} : { streamColumns: meta.streamColumns }),
      ...(meta.destination === undefined ? {} : { destination: meta.destination }),
      ...((request.accountId ?? meta.accountId)
        ? { accountId: (request.accountId ?? meta.accountId) as string }
        : {}),
      retryOf: meta.uploadId,
      runs: [],
    }
    await this.metaStore.save(retry)
    this.run(retry)
    return { jobId: retry.uploadId, check, records, skipped }
  }

  /** Counts the upload's rows in the workspace through the Log Analytics query API. */
  async verify(request: InvokeParsed<'history:verify'>): Promise<VerifyResult> {
    const entry = await this.upload(request.jobId)
    const state = this.stateOf(entry)
    if (state === 'running' || state === 'paused') {
      throw new AppError('history/not-finished', entry.meta.uploadId)
    }
    const { meta } = entry
    const workspaceId = request.workspaceId ?? meta.destination?.workspaceId
    if (workspaceId === undefined) throw new AppError('history/workspace-needed', meta.uploadId)
    const table = request.table ?? meta.destination?.table ?? guessTable(meta.target.streamName)
    if (
      meta.destination === undefined ||
      request.workspaceId !== undefined ||
      request.table !== undefined
    ) {
      // Remember what the person told us for the next verify.
      const updated = await withFileSizes(
        { ...meta, destination: { workspaceId, table } },
        this.options.dataDir,
      )
      await this.metaStore.save(updated)
    }
    const own = union(await runWindows(entry, this.options.dataDir))
    if (own.length === 0) throw new AppError('history/not-finished', `${meta.uploadId}: never ran`)
    const others: Array<{ id: string; windows: ReturnType<typeof union> }> = []
    for (const other of await readCatalog(this.options.dataDir, this.metaStore, this.isActive)) {
      if (other.meta.uploadId === meta.uploadId || !sameTable(other.meta, meta, workspaceId, table))
        continue
      others.push({
        id: other.meta.uploadId,
        windows: union(await runWindows(other, this.options.dataDir)),
      })
    }
    const windows = verifyWindows(
      own,
      others.flatMap((o) => o.windows),
    )
    const query = countQuery(table, windows)
    const config = await this.options.auth.currentCloud()
    const accountId = request.accountId ?? meta.accountId
    const token = await this.options.auth.getToken('log-analytics', {
      ...(accountId === undefined ? {} : { accountId }),
    })
    const dispatcher = createDispatcher(config.extraCaPem)
    let landed: number
    try {
      landed = await runCountQuery(query, queryTimespan(windows), {
        endpoint: config.endpoints.logAnalyticsEndpoint,
        workspaceId,
        token: token.token,
        dispatcher,
      })
    } finally {
      await dispatcher.close()
    }
    const summaries = entry.summaries
    this.options.logger.info('jobs', 'verify', { jobId: meta.uploadId, landed })
    return {
      jobId: meta.uploadId,
      landed,
      expected: summaries.reduce((a, s) => a + (s?.records.accepted ?? 0), 0),
      duplicatesPossible: summaries.reduce((a, s) => a + (s?.duplicatesPossible.records ?? 0), 0),
      workspaceId,
      table,
      query,
      windows: windows.map((w) => ({
        from: new Date(w.from).toISOString(),
        to: new Date(w.to).toISOString(),
      })),
      overlapping: others.filter((o) => intersects(o.windows, own)).map((o) => o.id),
      checkedAt: new Date().toISOString(),
      note: VERIFY_NOTE,
    }
  }

  /** Leaves running uploads interrupted (journals flushed), to be resumed after a restart. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.active.values()].map((u) => u.stopForShutdown(SHUTDOWN_WAIT_MS)))
    this.active.clear()
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** The usual table of a custom stream: `Custom-X` → `X_CL`, `Custom-X_CL` → `X_CL`. */
export function guessTable(stream: string): string {
  const name = stream.replace(/^(Custom|Microsoft)-/, '')
  return name.endsWith('_CL') || stream.startsWith('Microsoft-') ? name : `${name}_CL`
}

function sameTable(
  other: UploadMeta,
  meta: UploadMeta,
  workspaceId: string,
  table: string,
): boolean {
  if (other.destination !== undefined) {
    return (
      other.destination.workspaceId.toLowerCase() === workspaceId.toLowerCase() &&
      other.destination.table.toLowerCase() === table.toLowerCase()
    )
  }
  return (
    other.target.dcrImmutableId === meta.target.dcrImmutableId &&
    other.target.streamName === meta.target.streamName
  )
}
