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

/** How to build a retry job from failed records. */
export interface RetryOptions {
  /** Which records (default: all). */
  readonly selection?: FailedSelection
  /** A corrected mapping for records that failed validation (default: their file's own). */
  readonly mapping?: unknown
  /** Replacement stream records by failed-record id; sent as they are. */
  readonly edits?: ReadonlyMap<string, Readonly<Record<string, unknown>>>
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
  const asIsOut = createWriteStream(asIsPath, { mode: 0o600 })
  // Source records go through their own file's mapping again: one file per mapping.
  const sourceOuts = new Map<number, { path: string; out: WriteStream; count: number }>()
  const sourceOut = (fileIndex: number) => {
    const mapping = original.files[fileIndex]?.mapping ?? null
    if (mapping === null) return undefined
    let entry = sourceOuts.get(mapping)
    if (entry === undefined) {
      const path = join(dir, `retry-sources-${mapping + 1}.ndjson`)
      entry = { path, out: createWriteStream(path, { mode: 0o600 }), count: 0 }
      sourceOuts.set(mapping, entry)
    }
    return entry
  }
  let asIs = 0
  let remapped = 0
  let skipped = 0
  try {
    for await (const entry of readFailedEntries(jobPaths(dataDir, jobId).failed)) {
      const record = entry.record
      if (!matchesSelection(record, options.selection)) continue
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
        asIs += 1
        continue
      }
      const line = serializeRecord(stream ?? source ?? {})
      const target = source === undefined ? undefined : sourceOut(record.fileIndex)
      if (stream !== undefined && line.ok) {
        await writeLine(asIsOut, line.bytes.toString('utf8'))
        asIs += 1
      } else if (source !== undefined && line.ok) {
        // A file sent as it is has no mapping to go through again: its record goes as it is.
        if (target === undefined) await writeLine(asIsOut, line.bytes.toString('utf8'))
        else {
          await writeLine(target.out, line.bytes.toString('utf8'))
          target.count += 1
        }
        remapped += 1
      } else {
        skipped += 1
      }
    }
  } finally {
    await finish(asIsOut)
    for (const { out } of sourceOuts.values()) await finish(out)
  }
  if (asIs + remapped === 0) {
    await rm(dir, { recursive: true, force: true })
    throw new AppError('upload/nothing-to-retry', `${jobId}: ${skipped} unsendable records`)
  }
  const files: NewJobFile[] = []
  if (asIs + remapped > [...sourceOuts.values()].reduce((a, s) => a + s.count, 0)) {
    files.push({ path: asIsPath, format: 'ndjson', mapping: null })
  } else await rm(asIsPath, { force: true })
  for (const [mapping, { path }] of [...sourceOuts.entries()].sort((a, b) => a[0] - b[0])) {
    files.push({
      path,
      format: 'ndjson',
      mapping: options.mapping === undefined ? original.mappings[mapping] : options.mapping,
    })
  }

  const definition = await createJob(
    {
      jobId: retryId,
      files,
      target: original.target,
      ...(original.streamColumns === undefined ? {} : { streamColumns: original.streamColumns }),
      options: original.options,
      label: `Retry of ${original.label ?? jobId}`,
      ...(original.caCertPem === undefined ? {} : { caCertPem: original.caCertPem }),
      ...(original.dcrId === undefined ? {} : { dcrId: original.dcrId }),
      ...(original.accountId === undefined ? {} : { accountId: original.accountId }),
      ...(original.destination === undefined ? {} : { destination: original.destination }),
      retryOf: jobId,
    },
    dataDir,
  )
  return { definition, asIs, remapped, skipped }
}
