import type { AppErrorCode } from '../../../../shared/errors/app-error'
import type { ColumnFailure } from '../../../../shared/mapping/compile-mapping'
import type { MappingInput, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type {
  ColumnFailureCount,
  DryRunResult,
  FileOptions,
  ParseProblem,
} from '../../../../shared/models/files'
import type { FailureCause } from '../../../../shared/models/upload-job'
import { serializeRecord } from '../../../engine/common/chunk/serialize-record'
import { BatchPacker, MAX_REQUEST_JSON_BYTES } from '../../../engine/common/chunk/request-batch'
import { compileJobMapping } from '../../../engine/common/source/job-mapper'
import { openJobSource } from '../../../engine/common/source/open-source'
import { toParseProblem } from './file-inspect'

/** What a dry run reads and applies. */
export interface DryRunInput {
  readonly fileId: string
  readonly path: string
  readonly size: number
  readonly mtimeMs: number
  readonly options: FileOptions
  readonly mapping: MappingInput
  readonly streamColumns?: readonly StreamColumn[] | undefined
  /** How many (column, reason) groups to report. */
  readonly top: number
}

export interface DryRunProgress {
  readonly bytesRead: number
  readonly records: number
}

const EXAMPLES = 3
/** Distinct dropped field names tracked (a file with thousands of keys stays bounded). */
const MAX_DROPPED_NAMES = 1000

/**
 * Reads, maps, serialises and packs every record of one file exactly as an upload would, and
 * counts the outcome per column and reason. Nothing is sent and nothing is written.
 *
 * Throws `upload/mapping-invalid` when the mapping cannot be compiled against the columns.
 */
export async function dryRunFile(
  input: DryRunInput,
  signal: AbortSignal,
  onProgress: (progress: DryRunProgress) => void = () => undefined,
): Promise<DryRunResult> {
  const started = Date.now()
  const compiled = compileJobMapping(
    {
      mappings: [input.mapping],
      ...(input.streamColumns === undefined ? {} : { streamColumns: [...input.streamColumns] }),
    },
    0,
  )
  const source = openJobSource({ path: input.path, ...input.options }, signal)
  const failedByCause: Partial<Record<FailureCause, number>> = {}
  const byColumn = new Map<
    string,
    {
      column: string
      code: AppErrorCode
      count: number
      examples: ColumnFailureCount['examples'][number][]
    }
  >()
  const parseExamples: ParseProblem[] = []
  const oversizeExamples: Array<{ line: number; reason: string }> = []
  const dropped = new Map<string, number>()
  const packer = new BatchPacker('dry-', () => 'dry', MAX_REQUEST_JSON_BYTES)
  const counts = {
    records: 0,
    valid: 0,
    failed: 0,
    parse: 0,
    oversize: 0,
    timeWindowFlags: 0,
    droppedTotal: 0,
    requests: 0,
    jsonBytes: 0,
  }
  const fail = (cause: FailureCause) => {
    counts.failed += 1
    failedByCause[cause] = (failedByCause[cause] ?? 0) + 1
  }
  const noteColumn = (
    failure: Omit<ColumnFailure, 'code'> & { readonly code: AppErrorCode },
    line: number,
  ) => {
    const key = `${failure.column}\u0000${failure.code}`
    let group = byColumn.get(key)
    if (group === undefined) {
      group = { column: failure.column, code: failure.code, count: 0, examples: [] }
      byColumn.set(key, group)
    }
    group.count += 1
    if (group.examples.length < EXAMPLES) {
      group.examples.push({ line, reason: failure.reason, value: failure.value })
    }
  }
  let lastProgress = 0
  try {
    for await (const batch of source.items) {
      for (const item of batch) {
        if (item.kind === 'warning') continue
        counts.records += 1
        if (item.kind === 'error') {
          counts.parse += 1
          fail('parse')
          if (parseExamples.length < EXAMPLES * 5) parseExamples.push(toParseProblem(item))
          continue
        }
        const line = item.source.line
        const outcome = compiled.map(item.record, Date.now())
        if (!outcome.ok) {
          fail('validation')
          for (const error of outcome.errors) noteColumn(error, line)
          continue
        }
        for (const key in item.record) {
          if (compiled.usedFields.has(key)) continue
          counts.droppedTotal += 1
          const seen = dropped.get(key)
          if (seen !== undefined) dropped.set(key, seen + 1)
          else if (dropped.size < MAX_DROPPED_NAMES) dropped.set(key, 1)
        }
        if (outcome.timeOutsideWindow === true) counts.timeWindowFlags += 1
        const serialized = serializeRecord(outcome.record)
        if (!serialized.ok) {
          fail('validation')
          noteColumn(
            {
              column: '(record)',
              code: 'chunk/serialize-failed',
              reason: serialized.reason,
              value: undefined,
            },
            line,
          )
          continue
        }
        const packed = packer.add(serialized.bytes, { fileIndex: 0, ordinal: 0, line })
        if (packed?.kind === 'too-large') {
          counts.oversize += 1
          fail('oversize')
          if (oversizeExamples.length < EXAMPLES * 5)
            oversizeExamples.push({ line, reason: packed.reason })
          continue
        }
        counts.valid += 1
        if (packed?.kind === 'batch') {
          counts.requests += 1
          counts.jsonBytes += packed.batch.chunk.bytes
        }
      }
      const now = Date.now()
      if (now - lastProgress >= 200) {
        lastProgress = now
        onProgress({ bytesRead: source.bytesRead(), records: counts.records })
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
  const cancelled = signal.aborted
  const last = packer.take()
  if (last !== undefined) {
    counts.requests += 1
    counts.jsonBytes += last.chunk.bytes
  }
  onProgress({ bytesRead: source.bytesRead(), records: counts.records })
  return {
    fileId: input.fileId,
    records: counts.records,
    valid: counts.valid,
    failed: counts.failed,
    failedByCause,
    failedByColumn: [...byColumn.values()].sort((a, b) => b.count - a.count).slice(0, input.top),
    parseErrors: { count: counts.parse, examples: parseExamples },
    oversize: { count: counts.oversize, examples: oversizeExamples },
    timeWindowFlags: counts.timeWindowFlags,
    droppedFields: {
      total: counts.droppedTotal,
      byField: [...dropped.entries()]
        .map(([field, count]) => ({ field, count }))
        .sort((a, b) => b.count - a.count),
    },
    requests: counts.requests,
    jsonBytes: counts.jsonBytes,
    rawBytes: source.bytesRead(),
    durationMs: Date.now() - started,
    cancelled,
  }
}
