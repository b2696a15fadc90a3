import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors/app-error'
import type { JobDefinition } from '../../../shared/models/upload-job'
import { jobPaths, loadJobDefinition, newJobId } from '../common/journal/job-store'
import { serializeRecord } from '../common/chunk/serialize-record'
import { createJob, type NewJobFile } from './job-runner'
import { matchesSelection, type FailedSelection } from './failed-export'
import { readFailedEntries } from '../common/journal/failed-store'
import { saveRetryOrigin, settleRetries } from '../common/journal/retry-marks'

/** How to build a retry job from failed records. */
export interface RetryOptions {
  /** Which records (default: all). */
  readonly selection?: FailedSelection
  /** A corrected mapping for records that failed validation (default: the job's own). */
  readonly mapping?: unknown
  /** Replacement stream records by failed-record id; sent as they are. */
  readonly edits?: ReadonlyMap<string, Readonly<Record<string, unknown>>>
  /**
   * Also send records an earlier retry already got accepted (they will be in the table twice).
   * Off by default: a second retry sends only what is still not accepted.
   */
  readonly includeAccepted?: boolean
}

/** What went into the retry job. */
export interface RetryPlan {
  readonly definition: JobDefinition
  /** Stream records sent as they are (HTTP failures, edited records). */
  readonly asIs: number
  /** Source records mapped again (validation failures). */
  readonly remapped: number
  /** Malformed source entries without an edit: nothing to send. */
  readonly skipped: number
  /**
   * Selected records an earlier retry already got accepted: left out, or (with
   * `includeAccepted`) sent again.
   */
  readonly alreadyAccepted: number
}

async function writeLine(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain')
}

async function finish(stream: WriteStream): Promise<void> {
  stream.end()
  await once(stream, 'finish')
}

/**
 * Creates a new job (not started) that sends a selection of a job's failed records again.
 *
 * Records that reached the service (HTTP failures) are re-sent exactly as they were, or as
 * edited; records that failed validation go through the mapping again (a corrected one when
 * given). Both are written as NDJSON files inside the new job's folder, so the retry has its own
 * journal and can itself be resumed or retried.
 */
export async function createRetryJob(
  dataDir: string,
  jobId: string,
  options: RetryOptions = {},
): Promise<RetryPlan> {
  const original = await loadJobDefinition(jobPaths(dataDir, jobId))
  const retryId = newJobId()
  const dir = jobPaths(dataDir, retryId).dir
  await mkdir(dir, { recursive: true })
  const asIsPath = join(dir, 'retry-records.ndjson')
  const sourcePath = join(dir, 'retry-sources.ndjson')
  const asIsOut = createWriteStream(asIsPath, { mode: 0o600 })
  const sourceOut = createWriteStream(sourcePath, { mode: 0o600 })
  let asIs = 0
  let remapped = 0
  let skipped = 0
  let alreadyAccepted = 0
  // Original ids of the records in each file, in order: which ones this retry gets accepted.
  const asIsIds: string[] = []
  const sourceIds: string[] = []
  const accepted = await settleRetries(dataDir, jobId)
  try {
    for await (const entry of readFailedEntries(jobPaths(dataDir, jobId).failed)) {
      const record = entry.record
      if (!matchesSelection(record, options.selection)) continue
      if (accepted.has(record.id)) {
        alreadyAccepted += 1
        if (options.includeAccepted !== true) continue
      }
      const edited = options.edits?.get(record.id)
      const asObject = (value: unknown) =>
        typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
      const stream = edited ?? (record.cause === 'validation' ? undefined : asObject(record.mapped))
      const source = stream === undefined ? asObject(record.source) : undefined
      // A stream record goes back as the exact text that was sent (long values keep their
      // digits, which the parsed record has lost beyond 2^53); an edited one is serialised.
      const sentText = edited === undefined && stream !== undefined ? entry.mappedText : undefined
      if (sentText !== undefined) {
        await writeLine(asIsOut, sentText)
        asIsIds.push(record.id)
        asIs += 1
        continue
      }
      const line = serializeRecord(stream ?? source ?? {})
      if (stream !== undefined && line.ok) {
        await writeLine(asIsOut, line.bytes.toString('utf8'))
        asIsIds.push(record.id)
        asIs += 1
      } else if (source !== undefined && line.ok) {
        await writeLine(sourceOut, line.bytes.toString('utf8'))
        sourceIds.push(record.id)
        remapped += 1
      } else {
        skipped += 1
      }
    }
  } finally {
    await finish(asIsOut)
    await finish(sourceOut)
  }
  if (asIs + remapped === 0) {
    await rm(dir, { recursive: true, force: true })
    if (alreadyAccepted > 0) {
      const userText = `All ${alreadyAccepted} selected failed records of ${jobId} were already accepted by an earlier retry, so nothing was sent. To send them again anyway (they would be in the table twice), retry with --include-accepted.`
      throw new AppError('upload/retry-already-accepted', `${jobId}: ${alreadyAccepted} accepted`, {
        userText,
      })
    }
    throw new AppError('upload/nothing-to-retry', `${jobId}: ${skipped} unsendable records`)
  }
  const files: NewJobFile[] = []
  const origins: string[][] = []
  if (asIs > 0) {
    files.push({ path: asIsPath, format: 'ndjson', premapped: true })
    origins.push(asIsIds)
  } else await rm(asIsPath, { force: true })
  if (remapped > 0) {
    files.push({ path: sourcePath, format: 'ndjson' })
    origins.push(sourceIds)
  } else await rm(sourcePath, { force: true })
  await saveRetryOrigin(dir, { retryOf: jobId, files: origins })

  const definition = await createJob(
    {
      jobId: retryId,
      files,
      target: original.target,
      mapping: options.mapping === undefined ? original.mapping : options.mapping,
      ...(original.streamColumns === undefined ? {} : { streamColumns: original.streamColumns }),
      options: original.options,
      label: `Retry of ${original.label ?? jobId}`,
      ...(original.caCertPem === undefined ? {} : { caCertPem: original.caCertPem }),
      retryOf: jobId,
    },
    dataDir,
  )
  return { definition, asIs, remapped, skipped, alreadyAccepted }
}
