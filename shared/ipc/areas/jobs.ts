import { z } from 'zod'
import { mappingSchema } from '../../mapping/mapping-schema'
import { accountIdSchema } from '../../models/auth'
import { fileIdSchema, streamColumnSchema } from '../../models/files'
import type {
  FailedPage,
  FailedSummary,
  HistoryEntry,
  JobControlResult,
  RecordValidation,
  SaveOutcome,
  StartedUpload,
  UploadProgress,
  UploadSummary,
  VerifyResult,
} from '../../models/history'
import { ingestionTargetSchema } from '../../models/manual-target'
import { FAILURE_CAUSES, gzipLevelSchema } from '../../models/upload-job'
import { defineEvent, defineInvoke } from '../define'

/** An upload's id, as `jobs:start` answers it. */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'not a job id')

/** A Log Analytics workspace id (Customer ID GUID). */
const workspaceIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'A workspace id is a GUID (the workspace’s Customer ID).',
  })

/** A Log Analytics table name, e.g. `AppEvents_CL`. */
const tableSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'not a table name')

/** A failed record's id within an upload (from `failed:list`). */
const recordIdSchema = z.string().min(1).max(200)

/** An ARM resource id of a DCR (for the recent-targets label). */
const dcrIdSchema = z
  .string()
  .max(1024)
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Insights\/dataCollectionRules\/[^/]+$/i,
  )

/** What narrows a list of failed records (see FailedFilter). */
const failedFilterFields = {
  cause: z.enum(FAILURE_CAUSES).optional(),
  code: z.string().min(1).max(100).optional(),
  column: z.string().min(1).max(2000).optional(),
  fileIndex: z.number().int().min(0).max(10_000).optional(),
  text: z.string().max(500).optional(),
}

/** A stream record as edited by the person: column → JSON value. */
const editedRecordSchema = z.record(z.string().min(1).max(200), z.json())

/**
 * Uploads, their failed records and history.
 *
 * Typical flow: `jobs:start` runs the connection check itself (an empty `[]` POST with a fresh
 * Monitor token) and starts only when it passes; otherwise it fails with the check's own code
 * and advice (`target/forbidden`, `target/not-found`, …). Then `jobs:progress` arrives about
 * five times a second and on every state change, and `jobs:finished` once when the upload
 * ends (completed, with failures, cancelled or stopped). `jobs:active` gives the same progress
 * after a page reload. Tokens are fetched on the main side for the worker; nothing here carries
 * one. The work runs in the engine's worker threads; the main event loop stays free.
 *
 * After a restart, uploads that did not finish are in `history:list` as `interrupted`;
 * `history:resume` continues them (the journal says what was acknowledged: nothing acknowledged
 * is sent again).
 */
export const JOBS_INVOKE = {
  /**
   * Starts an upload of registered files, each with its own mapping (null: records are sent as
   * they are). `streamColumns` (from the DCR's stream declaration) is what mappings and edited
   * records are checked against; without it the mapping's own types are used. `destination`
   * (from the DCR's flow: workspace id and table) lets `history:verify` run without asking.
   * Options default to Settings (concurrency, gzip level); `timePolicy` overrides the time
   * policy of every file's mapping.
   */
  'jobs:start': defineInvoke<StartedUpload>()(
    z
      .object({
        files: z
          .array(z.object({ fileId: fileIdSchema, mapping: mappingSchema.nullable() }).strict())
          .min(1)
          .max(100),
        target: ingestionTargetSchema,
        streamColumns: z.array(streamColumnSchema).max(1000).optional(),
        destination: z.object({ workspaceId: workspaceIdSchema, table: tableSchema }).optional(),
        dcrId: dcrIdSchema.optional(),
        label: z.string().trim().min(1).max(200).optional(),
        options: z
          .object({
            concurrency: z.number().int().min(1).max(64).optional(),
            gzipLevel: gzipLevelSchema.optional(),
            timePolicy: z
              .object({
                outsideWindow: z.enum(['send', 'fail']).optional(),
                missing: z.enum(['fail', 'service-time']).optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        accountId: accountIdSchema.optional(),
      })
      .strict(),
  ),
  /** Pauses a running upload (requests in flight finish; nothing new is sent). */
  'jobs:pause': defineInvoke<JobControlResult>()(z.object({ jobId: jobIdSchema }).strict()),
  /** Continues a paused upload. */
  'jobs:resume': defineInvoke<JobControlResult>()(z.object({ jobId: jobIdSchema }).strict()),
  /** Cancels a running upload; it can be resumed later from history. */
  'jobs:cancel': defineInvoke<JobControlResult>()(z.object({ jobId: jobIdSchema }).strict()),
  /** The latest progress of every upload running in this app (for a reloaded page). */
  'jobs:active': defineInvoke<readonly UploadProgress[]>()(z.undefined()),

  /** Failed records of an upload grouped by cause (validation, oversize, http-400, …). */
  'failed:summary': defineInvoke<FailedSummary>()(z.object({ jobId: jobIdSchema }).strict()),
  /**
   * One page of failed records in file order, narrowed by cause, code and column (the
   * summary's `kinds`), file and error text when given.
   */
  'failed:list': defineInvoke<FailedPage>()(
    z
      .object({
        jobId: jobIdSchema,
        ...failedFilterFields,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  /**
   * Deletes failed records of an upload that is not running: the given ids, else every record
   * the filter matches, else (neither given) the upload's whole failed store. Their edits go
   * too. Answers how many were deleted.
   */
  'failed:delete': defineInvoke<{ readonly deleted: number }>()(
    z
      .object({
        jobId: jobIdSchema,
        recordIds: z.array(recordIdSchema).min(1).max(100_000).optional(),
        ...failedFilterFields,
      })
      .strict(),
  ),
  /**
   * Edits a failed record inline: `record` is the stream record to send instead (column →
   * value), checked with the upload's rules; saved only when valid. `record: null` drops the
   * edit.
   */
  'failed:update': defineInvoke<RecordValidation>()(
    z
      .object({
        jobId: jobIdSchema,
        recordId: recordIdSchema,
        record: editedRecordSchema.nullable(),
      })
      .strict(),
  ),
  /**
   * Exports failed records (all, one cause, or the given ids) as NDJSON or CSV: a save dialog in
   * Electron, a one-time download in the browser host.
   */
  'failed:export': defineInvoke<SaveOutcome>()(
    z
      .object({
        jobId: jobIdSchema,
        format: z.enum(['ndjson', 'csv']),
        cause: z.enum(FAILURE_CAUSES).optional(),
        recordIds: z.array(recordIdSchema).max(100_000).optional(),
      })
      .strict(),
  ),
  /**
   * Re-sends failed records (all, one cause, or the given ids) as a new upload after a
   * connection check: edited records as edited, records that reached the service as they were
   * sent, validation failures mapped again. Malformed entries without an edit are skipped.
   */
  'failed:retry': defineInvoke<StartedUpload>()(
    z
      .object({
        jobId: jobIdSchema,
        cause: z.enum(FAILURE_CAUSES).optional(),
        recordIds: z.array(recordIdSchema).min(1).max(100_000).optional(),
        accountId: accountIdSchema.optional(),
      })
      .strict(),
  ),

  /** Past, running and interrupted uploads, newest first (CLI uploads included). */
  'history:list': defineInvoke<readonly HistoryEntry[]>()(z.undefined()),
  /** Continues an interrupted, cancelled or stopped upload after a connection check. */
  'history:resume': defineInvoke<StartedUpload>()(
    z.object({ jobId: jobIdSchema, accountId: accountIdSchema.optional() }).strict(),
  ),
  /**
   * Counts the upload's rows in the workspace through the Log Analytics query API (by receive
   * time, `_TimeReceived`, within the upload's runs). `workspaceId`/`table` are needed when the
   * upload has no known destination (manual targets; `history/workspace-needed` otherwise).
   */
  'history:verify': defineInvoke<VerifyResult>()(
    z
      .object({
        jobId: jobIdSchema,
        workspaceId: workspaceIdSchema.optional(),
        table: tableSchema.optional(),
        accountId: accountIdSchema.optional(),
      })
      .strict(),
  ),
} as const

/** Upload events. */
export const JOBS_EVENTS = {
  /** Live progress of one upload (per file and total). */
  'jobs:progress': defineEvent<UploadProgress>(),
  /** Once per run when it ends; `state` says how (and `error` why it stopped early). */
  'jobs:finished': defineEvent<UploadSummary>(),
  /** An upload was added to history or changed state (refresh `history:list`). */
  'history:changed': defineEvent<{ readonly jobId: string }>(),
} as const
