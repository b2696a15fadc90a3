import type { FailureCause } from '../../../shared/models/upload-job'
import { readNdjson } from '../parse/ndjson-reader'
import type { RecordMapper } from '../source/source-types'
import { prepareRecord } from './prepare-record'

/** A record of a block that will not be sent, with where it is in the block. */
export interface PreparedFailure {
  /** Position among the block's entries (records and malformed lines). */
  readonly index: number
  /** Line within the block, from 1. */
  readonly line: number
  /** Byte offset within the block. */
  readonly byteOffset?: number
  readonly cause: Extract<FailureCause, 'parse' | 'validation' | 'oversize'>
  readonly code?: string
  readonly message: string
  /** The source record, or the raw text of a malformed line. */
  readonly source?: unknown
}

/**
 * A block of NDJSON, parsed, mapped and serialised. Sendable records are packed into one
 * buffer (`data`, record j from `ends[j-1]` to `ends[j]`), so the result crosses threads as a
 * few transferable arrays instead of thousands of objects.
 */
export interface PreparedBlock {
  /** Entries (records and malformed lines) in the block; ordinals advance by this much. */
  readonly entries: number
  /** Line breaks in the block; line numbers advance by this much. */
  readonly newlines: number
  readonly data: Uint8Array
  readonly ends: Uint32Array
  /** Entry index of each sendable record. */
  readonly indexes: Uint32Array
  /** Line (within the block) of each sendable record. */
  readonly lines: Uint32Array
  readonly failures: readonly PreparedFailure[]
  readonly droppedFields: number
  readonly timeWindowFlags: number
  readonly warnings: readonly string[]
}

export interface PrepareOptions {
  /** File name for the parser's messages. */
  readonly file: string
  readonly mapper: RecordMapper
  readonly nowMs: number
  readonly maxRecordBytes: number
  readonly maxRequestBytes: number
}

function countNewlines(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let count = 0
  let at = buffer.indexOf(10)
  while (at !== -1) {
    count += 1
    at = buffer.indexOf(10, at + 1)
  }
  return count
}

/**
 * The block in small slices: the reader yields the records of each slice together, so only a
 * few hundred parsed objects are alive at a time instead of a whole block's worth (cheaper
 * young-generation garbage collection).
 */
async function* slices(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** A growing output buffer that UTF-8 text is written into directly. */
class Output {
  buffer: Buffer
  length = 0

  constructor(initial: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, initial))
  }

  /** Appends text; returns the end offset. */
  write(text: string): number {
    const worst = text.length * 3
    if (this.length + worst > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + worst))
      this.buffer.copy(next, 0, 0, this.length)
      this.buffer = next
    }
    this.length += this.buffer.write(text, this.length, 'utf8')
    return this.length
  }

  /** The written bytes in a buffer of their own (transferable). */
  take(): Uint8Array {
    const own = new Uint8Array(this.length)
    own.set(this.buffer.subarray(0, this.length))
    return own
  }
}

/** Parses (with the shared NDJSON reader), maps, serialises and size-checks one block. */
export async function prepareBlock(bytes: Buffer, options: PrepareOptions): Promise<PreparedBlock> {
  const output = new Output(bytes.length + 1024)
  const ends: number[] = []
  const indexes: number[] = []
  const lines: number[] = []
  const failures: PreparedFailure[] = []
  const warnings: string[] = []
  let entries = 0
  let droppedFields = 0
  let timeWindowFlags = 0
  const ctx = { file: options.file, maxRecordBytes: options.maxRecordBytes, reportOffsets: true }
  for await (const events of readNdjson(slices(bytes), ctx)) {
    for (const event of events) {
      if (event.kind === 'warning') {
        warnings.push(event.reason)
        continue
      }
      const index = entries++
      const where = {
        index,
        line: event.source.line,
        ...(event.source.byteOffset === undefined ? {} : { byteOffset: event.source.byteOffset }),
      }
      if (event.kind === 'error') {
        failures.push({
          ...where,
          cause: 'parse',
          code: event.code,
          message: event.reason,
          ...(event.raw === undefined ? {} : { source: event.raw }),
        })
        continue
      }
      const prepared = prepareRecord(
        event.record,
        options.mapper,
        options.nowMs,
        options.maxRequestBytes,
      )
      if (!prepared.ok) {
        failures.push({
          ...where,
          cause: prepared.cause,
          message: prepared.message,
          source: event.record,
        })
        continue
      }
      droppedFields += prepared.droppedFields
      if (prepared.timeOutsideWindow) timeWindowFlags += 1
      ends.push(output.write(prepared.json))
      indexes.push(index)
      lines.push(event.source.line)
    }
  }
  return {
    entries,
    newlines: countNewlines(bytes),
    data: output.take(),
    ends: Uint32Array.from(ends),
    indexes: Uint32Array.from(indexes),
    lines: Uint32Array.from(lines),
    failures,
    droppedFields,
    timeWindowFlags,
    warnings,
  }
}
