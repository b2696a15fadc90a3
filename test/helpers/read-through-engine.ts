import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  JOB_DEFINITION_VERSION,
  type JobDefinition,
  type JobSummary,
} from '../../shared/models/upload-job'
import { readFailedRecords } from '../../electron/engine/common/journal/failed-store'
import { createMapperForFile } from '../../electron/engine/common/source/job-mapper'
import { openJobSource } from '../../electron/engine/common/source/open-source'
import { startHelpers } from '../../electron/engine/worker/blocks/helper-thread'
import { FileReader } from '../../electron/engine/worker/file-reader'
import { LedgerWriter, replayJob } from '../../electron/engine/worker/ledger'
import { RunStats } from '../../electron/engine/worker/run-stats'
import { FailedStoreWriter } from '../../electron/engine/common/journal/failed-store'

/**
 * Reads files through the upload worker's real reading side (FileReader, with real prepare
 * helper threads when asked), without sending: every request body is taken apart instead.
 * Used by the parser conformance suite to compare the small-file and the parallel block path.
 */

/** One entry of a file as the engine left it: a record it would send, or a failure. */
export type EngineEntry =
  | {
      readonly kind: 'record'
      readonly ordinal: number
      readonly line: number | undefined
      readonly json: string
    }
  | {
      readonly kind: 'failed'
      readonly ordinal: number
      readonly line: number | undefined
      readonly code: string | undefined
      readonly message: string
      readonly source: unknown
    }

export interface EngineRead {
  /** Entries of each file, in ordinal order. */
  readonly files: EngineEntry[][]
  readonly summary: JobSummary
}

export interface EngineReadOptions {
  /** 0: the upload worker reads alone; more: blocks go to that many helper threads. */
  readonly prepareWorkers: number
  /** A mapping (shared/mapping JSON) and its stream columns; absent: records sent as they are. */
  readonly mapping?: unknown
  readonly streamColumns?: JobDefinition['streamColumns']
  /** Per-file format overrides (the job's JobFile fields). */
  readonly fileOptions?: (path: string) => Partial<JobDefinition['files'][number]>
  /** Smaller requests, so that some go out while a file is still being read. */
  readonly maxRequestBytes?: number
  /** Called as each request is handed on (to change a file while it is read). */
  readonly onDispatch?: (requests: number) => Promise<void>
}

export async function readThroughEngine(
  paths: readonly string[],
  options: EngineReadOptions,
): Promise<EngineRead> {
  const dir = await mkdtemp(join(tmpdir(), 'logdrop-read-'))
  const files = await Promise.all(
    paths.map(async (path) => {
      const info = await stat(path)
      return {
        path,
        size: info.size,
        mtimeMs: info.mtimeMs,
        mapping: options.mapping === undefined ? null : 0,
        ...options.fileOptions?.(path),
      }
    }),
  )
  const job: JobDefinition = {
    version: JOB_DEFINITION_VERSION,
    jobId: 'conformance',
    createdAt: new Date(0).toISOString(),
    files,
    target: { endpoint: 'https://localhost', dcrImmutableId: 'dcr-x', streamName: 'Custom-X' },
    mappings: options.mapping === undefined ? [] : [options.mapping],
    ...(options.streamColumns === undefined ? {} : { streamColumns: options.streamColumns }),
    options: {
      concurrency: 1,
      gzipLevel: 1,
      maxAttempts: 1,
      maxElapsedMs: 1000,
      requestTimeoutMs: 1000,
      baseBackoffMs: 0,
      maxBackoffMs: 0,
      prepareWorkers: options.prepareWorkers,
      ...(options.maxRequestBytes === undefined
        ? {}
        : { maxRequestBytes: options.maxRequestBytes }),
    },
  }
  const ledgerPath = join(dir, 'ledger.ndjson')
  const failedPath = join(dir, 'failed.ndjson')
  const helpers = startHelpers(job, options.prepareWorkers)
  try {
    const replay = await replayJob(ledgerPath, failedPath)
    const ledger = await LedgerWriter.open(ledgerPath)
    const failed = await FailedStoreWriter.open(failedPath)
    const stats = new RunStats(job, replay, new Date())
    const records: Array<Array<{ ordinal: number; line: number | undefined; json: string }>> =
      files.map(() => [])
    let requests = 0
    const abort = new AbortController()
    const reader = new FileReader(
      {
        job,
        replay,
        ledger,
        failed,
        stats,
        signal: abort.signal,
        log: () => undefined,
        isHalted: () => false,
        halt: (error) => {
          throw error
        },
      },
      {
        openSource: openJobSource,
        createMapper: createMapperForFile,
        helpers,
        dispatch: async (batch) => {
          batch.chunk.refs.forEach((ref, i) => {
            const bytes = batch.chunk.records[i] as Buffer
            records[ref.fileIndex]?.push({
              ordinal: ref.ordinal,
              line: ref.line,
              json: bytes.toString('utf8'),
            })
          })
          stats.accepted += batch.chunk.refs.length
          await options.onDispatch?.(++requests)
        },
      },
    )
    await reader.readAll()
    await reader.close()
    ledger.close()
    failed.close()
    const entries: EngineEntry[][] = records.map((list) =>
      list.map((r) => ({ kind: 'record', ...r })),
    )
    for await (const record of readFailedRecords(failedPath)) {
      entries[record.fileIndex]?.push({
        kind: 'failed',
        ordinal: record.ordinal,
        line: record.line,
        code: record.code,
        message: record.message,
        source: record.source,
      })
    }
    for (const list of entries) list.sort((a, b) => a.ordinal - b.ordinal)
    return { files: entries, summary: stats.summary('completed', [], undefined) }
  } finally {
    await Promise.all(helpers.map((helper) => helper.terminate()))
    await rm(dir, { recursive: true, force: true })
  }
}
