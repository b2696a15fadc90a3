import { z } from 'zod'
import type { AppErrorData } from '../errors/app-error'
import { DCR_COLUMN_TYPES } from '../mapping/mapping-schema'

/**
 * Upload jobs as plain, structured-clone-safe data: what the engine stores in its journal,
 * what the main process reports to the renderer and what the CLI prints.
 */

/** Why a record did not make it into the table. One value per failed record. */
export const FAILURE_CAUSES = [
  'parse',
  'validation',
  'oversize',
  'http-400',
  'http-403',
  'http-404',
  'http-413',
  'http-other',
  'throttling-exhausted',
  'server-error',
  'network',
  'auth',
] as const
export type FailureCause = (typeof FAILURE_CAUSES)[number]

/** gzip level per request; `auto` adapts while uploading. */
export const gzipLevelSchema = z.union([z.literal('auto'), z.number().int().min(1).max(9)])
export type GzipLevelChoice = z.infer<typeof gzipLevelSchema>

/**
 * Where records go: a DCE (or Direct DCR) endpoint, a DCR and one of its input streams. The
 * same names as the contract's IngestionTarget.
 */
export const uploadTargetSchema = z.object({
  endpoint: z.url({ protocol: /^https$/ }),
  dcrImmutableId: z.string().min(1).max(200),
  streamName: z.string().min(1).max(200),
  apiVersion: z.string().min(1).max(40).optional(),
})
export type UploadTarget = Readonly<z.infer<typeof uploadTargetSchema>>

/** Source formats the parsers read (gzip is detected from the file itself). */
export const SOURCE_FORMATS = ['json', 'ndjson', 'csv', 'tsv'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

/** One source file, with what it looked like when the job started (resume refuses changes). */
export const jobFileSchema = z.object({
  path: z.string().min(1),
  size: z.number().int().min(0),
  mtimeMs: z.number(),
  /** Absent: detected from the name and content. */
  format: z.enum(SOURCE_FORMATS).optional(),
  /** CSV/TSV delimiter override. */
  delimiter: z.string().min(1).max(1).optional(),
  /**
   * Index of this file's mapping in the job's `mappings`; null sends its records as they are
   * (records already in the stream's shape, such as a retry of failed records).
   */
  mapping: z.number().int().min(0).nullable(),
  /** The name the person knows the file by (a browser upload's copy has another path). */
  name: z.string().min(1).max(500).optional(),
})
export type JobFile = Readonly<z.infer<typeof jobFileSchema>>

/** How hard the engine tries, and how fast. */
export const uploadOptionsSchema = z.object({
  /** Most requests in flight; 429s lower the live figure, which then recovers. */
  concurrency: z.number().int().min(1).max(64),
  gzipLevel: gzipLevelSchema,
  /** Attempts per request before its records go to the failed store. */
  maxAttempts: z.number().int().min(1).max(100),
  /** Time budget per request, from its first attempt, retries and waits included. */
  maxElapsedMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600_000),
  /** One HTTP attempt gives up after this long without an answer. */
  requestTimeoutMs: z.number().int().min(100).max(600_000),
  /** First retry delay; doubles each attempt (with jitter) up to maxBackoffMs. */
  baseBackoffMs: z.number().int().min(0).max(600_000),
  maxBackoffMs: z.number().int().min(0).max(3600_000),
  /**
   * Largest request, in bytes of uncompressed JSON array. The service takes 1 MB; keep the
   * default. Tests raise it to make the service answer 413 and exercise splitting.
   */
  maxRequestBytes: z
    .number()
    .int()
    .min(1_000)
    .max(16 * 1024 * 1024)
    .optional(),
  /**
   * Threads that parse, map and serialise NDJSON in parallel (0: all on the upload worker).
   * Absent: one per core but one, at least one, at most three.
   */
  prepareWorkers: z.number().int().min(0).max(16).optional(),
})
export type UploadOptions = Readonly<z.infer<typeof uploadOptionsSchema>>

/**
 * Defaults, close to the Azure SDKs' retry budgets but with more room for throttling.
 * Concurrency and gzip come from the benchmark (see scripts/bench).
 */
export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  concurrency: 8,
  gzipLevel: 'auto',
  maxAttempts: 10,
  maxElapsedMs: 10 * 60_000,
  requestTimeoutMs: 120_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 60_000,
}

/** The current `job.json` version; older ones are upgraded on read (job-definition-upgrade). */
export const JOB_DEFINITION_VERSION = 2

/**
 * Everything needed to run, and later resume, an upload: one upload is one job, each file with
 * its own mapping. Saved as `job.json`.
 */
export const jobDefinitionSchema = z.object({
  version: z.literal(JOB_DEFINITION_VERSION),
  jobId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  createdAt: z.string(),
  label: z.string().max(200).optional(),
  files: z.array(jobFileSchema).min(1),
  target: uploadTargetSchema,
  /**
   * The job's distinct mappings as plain JSON (shared/mapping), each compiled once; files name
   * theirs by index.
   */
  mappings: z.array(z.unknown()),
  /** The stream's declared columns, which the mappings are compiled against. */
  streamColumns: z
    .array(z.object({ name: z.string().min(1).max(200), type: z.enum(DCR_COLUMN_TYPES) }))
    .optional(),
  options: uploadOptionsSchema,
  /** PEM of an extra CA to trust (the local emulator); never a secret. */
  caCertPem: z.string().optional(),
  /** Set when this job re-sends failed records of another job. */
  retryOf: z.string().optional(),
  /** The DCR's ARM id, for the connection check before a resume or retry (app uploads). */
  dcrId: z.string().max(1024).optional(),
  /** The signed-in account the upload's tokens come from (app uploads). */
  accountId: z.string().max(500).optional(),
  /** Where the rows land (workspace id and table), for the verify. */
  destination: z.object({ workspaceId: z.string(), table: z.string() }).optional(),
})
export type JobDefinition = Readonly<z.infer<typeof jobDefinitionSchema>>

/** What a job is doing, or how it ended. */
export type JobState =
  | 'running'
  | 'paused'
  | 'completed'
  | 'completed-with-failures'
  | 'stopped'
  | 'cancelled'
  | 'interrupted'

/** Per-file counters. */
export interface FileProgress {
  readonly index: number
  readonly path: string
  readonly sizeBytes: number
  readonly bytesRead: number
  readonly recordsRead: number
  readonly recordsAccepted: number
  readonly recordsFailed: number
  /** Records skipped because an earlier run already handled them (resume). */
  readonly recordsSkipped: number
  readonly done: boolean
}

/** A progress event, sent at most about ten times a second. */
export interface JobProgress {
  readonly jobId: string
  readonly state: JobState
  readonly elapsedMs: number
  readonly recordsRead: number
  /** Records in requests that went out at least once. */
  readonly recordsSent: number
  readonly recordsAccepted: number
  readonly recordsFailed: number
  readonly recordsSkipped: number
  readonly bytesRead: number
  readonly bytesTotal: number
  /** gzip bytes on the wire (attempts that were answered or failed included). */
  readonly bytesWire: number
  readonly requestsInFlight: number
  /** The live concurrency limit (lowered by throttling). */
  readonly concurrencyLimit: number
  readonly gzipLevel: number
  /** Raw input bytes per second over the last few seconds. */
  readonly bytesPerSecond: number
  readonly recordsPerSecond: number
  /** null while the rate is unknown. */
  readonly etaMs: number | null
  readonly files: readonly FileProgress[]
}

/** The result of one run of a job (a resumed job has one summary per run, the last is kept). */
export interface JobSummary {
  readonly jobId: string
  readonly state: JobState
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationMs: number
  readonly target: UploadTarget
  readonly records: {
    readonly read: number
    readonly accepted: number
    readonly failed: number
    /** Handled by an earlier run of this job (resume). */
    readonly skipped: number
    /** Read but neither accepted nor failed (cancelled or stopped jobs). */
    readonly notSent: number
  }
  readonly failedByCause: Readonly<Partial<Record<FailureCause, number>>>
  /** Source fields dropped on purpose because no column maps them. */
  readonly droppedFields: number
  /** Records whose TimeGenerated lies outside [-2 days, +1 day] (the service replaces it). */
  readonly timeWindowFlags: number
  /**
   * Records that may be in the table twice: they were in flight when an earlier run was
   * killed (or cancelled), so they were sent again. Zero outside crash recovery.
   */
  readonly duplicatesPossible: { readonly records: number; readonly requests: number }
  readonly bytes: { readonly raw: number; readonly json: number; readonly wire: number }
  readonly requests: {
    readonly sent: number
    readonly accepted: number
    readonly retries: number
    readonly throttled: number
    readonly splits: number
  }
  readonly gzipLevels: readonly number[]
  readonly files: readonly FileProgress[]
  /** Why the job stopped early, when it did. */
  readonly error?: AppErrorData
}

/** One failed record as kept in `failed.ndjson`. Never holds a token. */
export interface FailedRecord {
  readonly id: string
  readonly jobId: string
  readonly file: string
  readonly fileIndex: number
  /** Position of the record in its file (0-based, counting malformed entries too). */
  readonly ordinal: number
  /** 1-based line where the record starts, when the parser knows it. */
  readonly line?: number
  readonly byteOffset?: number
  /** The source record (or the raw text of a malformed one). */
  readonly source?: unknown
  /** The stream record, when mapping succeeded. */
  readonly mapped?: unknown
  readonly cause: FailureCause
  readonly status?: number
  readonly code?: string
  /** The stream column(s) that failed, for validation failures (`Level`, `Message, Count`). */
  readonly column?: string
  readonly message: string
  /** `x-ms-request-id` from the service, for Microsoft support. */
  readonly requestId?: string
  /** Our `x-ms-client-request-id` for the request that carried the record. */
  readonly clientRequestId?: string
  readonly time: string
}

/** A job in the history list. */
export interface JobListEntry {
  readonly jobId: string
  readonly createdAt: string
  readonly label?: string
  readonly state: JobState
  readonly files: readonly string[]
  readonly target: UploadTarget
  readonly retryOf?: string
  readonly summary?: JobSummary
}
