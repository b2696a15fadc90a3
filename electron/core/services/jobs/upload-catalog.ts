import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { JobListEntry, JobState, JobSummary } from '../../../../shared/models/upload-job'
import { listJobs } from '../../../engine/main/job-runner'
import {
  jobPaths,
  loadJobDefinition,
  loadSummary,
  lockHolder,
} from '../../../engine/common/journal/job-store'
import type { UploadMeta, UploadMetaStore } from './upload-meta'
import type { Window } from './verify-windows'

/** An upload with what the engine's journals say about each of its jobs. */
export interface CatalogEntry {
  readonly meta: UploadMeta
  /** Whether the metadata file exists (false: a job the CLI ran, described on the fly). */
  readonly persisted: boolean
  /** Per job: the state the journal shows, and the last run's summary. */
  readonly states: readonly JobState[]
  readonly summaries: ReadonlyArray<JobSummary | undefined>
}

/** An upload of one engine job, for a job the CLI started (no metadata file). */
export function describeCliJob(entry: JobListEntry, retryOfUpload: string | undefined): UploadMeta {
  const names = entry.files.map((path) => basename(path))
  return {
    version: 1,
    uploadId: entry.jobId,
    label: entry.label ?? names.join(', ').slice(0, 200),
    createdAt: entry.createdAt,
    children: [entry.jobId],
    files: entry.files.map((path, index) => ({
      name: basename(path),
      size: entry.summary?.files[index]?.sizeBytes ?? 0,
      child: 0,
      childFileIndex: index,
    })),
    target: {
      endpoint: entry.target.endpoint,
      dcrImmutableId: entry.target.dcrImmutableId,
      streamName: entry.target.stream,
    },
    ...(retryOfUpload === undefined ? {} : { retryOf: retryOfUpload }),
    runs: [],
  }
}

/**
 * Every upload in the data folder: those the app started (metadata files) and jobs the CLI
 * ran, each with its jobs' states. `isActive` says which uploads this app runs right now.
 */
export async function readCatalog(
  dataDir: string,
  store: UploadMetaStore,
  isActive: (uploadId: string) => boolean,
): Promise<CatalogEntry[]> {
  const jobs = await listJobs(dataDir)
  const byId = new Map(jobs.map((job) => [job.jobId, job]))
  const metas = await store.list()
  const owner = new Map<string, string>()
  for (const meta of metas) for (const child of meta.children) owner.set(child, meta.uploadId)
  const entries: CatalogEntry[] = []
  const stateOf = async (meta: UploadMeta, jobId: string): Promise<JobState> => {
    const job = byId.get(jobId)
    if (job === undefined) return 'interrupted'
    // A lock of this very process that no running upload holds is left from a closed context.
    if (job.state === 'running' && !isActive(meta.uploadId)) {
      const holder = await lockHolder(jobPaths(dataDir, jobId))
      if (holder === process.pid) return 'interrupted'
    }
    return job.state
  }
  for (const meta of metas) {
    entries.push({
      meta,
      persisted: true,
      states: await Promise.all(meta.children.map((id) => stateOf(meta, id))),
      summaries: meta.children.map((id) => byId.get(id)?.summary),
    })
  }
  for (const job of jobs) {
    if (owner.has(job.jobId)) continue
    const retryOf = job.retryOf === undefined ? undefined : (owner.get(job.retryOf) ?? job.retryOf)
    const meta = describeCliJob(job, retryOf)
    entries.push({
      meta,
      persisted: false,
      states: [await stateOf(meta, job.jobId)],
      summaries: [job.summary],
    })
  }
  return entries.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt))
}

/** One upload by id (an id of any of its jobs finds it too). */
export async function findUpload(
  dataDir: string,
  store: UploadMetaStore,
  uploadId: string,
  isActive: (uploadId: string) => boolean,
): Promise<CatalogEntry | undefined> {
  const direct = await store.load(uploadId)
  const all = await readCatalog(dataDir, store, isActive)
  return (
    all.find((e) => e.meta.uploadId === (direct?.uploadId ?? uploadId)) ??
    all.find((e) => e.meta.children.includes(uploadId))
  )
}

/** The sizes of a CLI job's files, read from its definition (the list leaves them out). */
export async function withFileSizes(meta: UploadMeta, dataDir: string): Promise<UploadMeta> {
  if (meta.files.every((f) => f.size > 0)) return meta
  try {
    const definition = await loadJobDefinition(jobPaths(dataDir, meta.children[0] as string))
    return {
      ...meta,
      files: meta.files.map((f, i) => ({ ...f, size: definition.files[i]?.size ?? f.size })),
      ...(definition.streamColumns === undefined
        ? {}
        : { streamColumns: definition.streamColumns }),
    }
  } catch {
    return meta
  }
}

/**
 * When the upload's rows were received, as raw windows (no widening): its runs in the app, or
 * for CLI jobs from creation to the last summary. A run without an end (a crash) ends at the
 * last write of its job's ledger.
 */
export async function runWindows(entry: CatalogEntry, dataDir: string): Promise<Window[]> {
  const windows: Window[] = []
  const runs = entry.meta.runs
  for (const run of runs) {
    let end = run.endedAt === undefined ? undefined : Date.parse(run.endedAt)
    if (end === undefined) {
      try {
        end = (await stat(jobPaths(dataDir, run.child).ledger)).mtimeMs
      } catch {
        end = Date.now()
      }
    }
    windows.push({ from: Date.parse(run.startedAt), to: Math.max(end, Date.parse(run.startedAt)) })
  }
  // Jobs that ran outside the app (the CLI) count from creation to their last summary.
  for (const [index, child] of entry.meta.children.entries()) {
    if (runs.some((r) => r.child === child)) continue
    const summary = entry.summaries[index] ?? (await loadSummary(jobPaths(dataDir, child)))
    if (summary === undefined) continue
    windows.push({ from: Date.parse(entry.meta.createdAt), to: Date.parse(summary.finishedAt) })
  }
  return windows
}
