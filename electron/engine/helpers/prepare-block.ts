import type { FailureCause } from '../../../shared/models/upload-job'
import { readCsv } from '../common/parse/csv-reader'
import { readJsonArray, type JsonArrayState } from '../common/parse/json-array-reader'
import { readNdjson } from '../common/parse/ndjson-reader'
import type { ParseEvent, ReaderContext } from '../common/parse/parse-types'
import type { RecordMapper } from '../common/source/source-types'
import type { BlockFormat } from './prepare-protocol'
import { readItemBlock } from './read-item-block'
import { isUtf8 } from '../common/parse/utf8'
import type { CsvRowWriter } from './direct/csv-row-writer'
import { FAIL, type RecordWriter } from './direct/direct-writer'
import { PackedOutput } from './packed-output'
import { prepareRecord } from '../common/prepare-record'

/** A record of a block that will not be sent, with where it is in the block. */
export interface PreparedFailure {
  /** Position among the block's entries (records and malformed lines). */
  readonly index: number
  /** Line in the file. */
  readonly line: number
  /** Byte offset in the (decompressed) text. */
  readonly byteOffset?: number
  readonly cause: Extract<FailureCause, 'parse' | 'validation' | 'oversize'>
  readonly code?: string
  readonly column?: string
  readonly message: string
  /** The source record, or the raw text of a malformed line. */
  readonly source?: unknown
}

/**
 * A block of NDJSON lines, CSV rows or JSON array items, parsed, mapped and serialised.
 * Sendable records are packed into one buffer (`data`, record j from `ends[j-1]` to `ends[j]`), so the result crosses threads as a
 * few transferable arrays instead of thousands of objects.
 */
export interface PreparedBlock {
  /** Entries (records and malformed lines) in the block; ordinals advance by this much. */
  readonly entries: number
  readonly data: Uint8Array
  readonly ends: Uint32Array
  /** Entry index of each sendable record. */
  readonly indexes: Uint32Array
  /** Line in the file of each sendable record. */
  readonly lines: Uint32Array
  readonly failures: readonly PreparedFailure[]
  readonly droppedFields: number
  readonly timeWindowFlags: number
  readonly warnings: readonly string[]
  /** For a `json` block: the scanner's state at its end (see JsonArrayOptions.onPartEnd). */
  readonly jsonEnd?: JsonArrayState
}

export interface PrepareOptions {
  /** File name for the parser's messages. */
  readonly file: string
  /** NDJSON unless said otherwise. */
  readonly format?: BlockFormat
  /** Line and byte offset of the block's first byte in the file (default 1 and 0). */
  readonly firstLine?: number
  readonly firstOffset?: number
  readonly mapper: RecordMapper
  readonly nowMs: number
  readonly maxRecordBytes: number
  readonly maxRequestBytes: number
  /** Writes records straight from their JSON text when the mapping allows (NDJSON, JSON items). */
  readonly direct?: RecordWriter
  /** Writes CSV rows straight from their cells when the mapping allows (this block's header). */
  readonly csvDirect?: CsvRowWriter
  /** Where to write the records while they fit (a shared slot); `data` is then a view of it. */
  readonly output?: Buffer
}

function countByte(buffer: Buffer, byte: number): number {
  let count = 0
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) count++
  return count
}

/**
 * Lines a block moves the line count on by, as its reader counts them: NDJSON counts `\n`; the
 * CSV reader counts `\r\n`, a lone `\r` and `\n` as one each (a block never ends between the
 * two bytes of a `\r\n`, as it ends after the file's line break).
 */
export function countLines(bytes: Uint8Array, format: BlockFormat): number {
  if (format.kind === 'items') return 0
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lf = countByte(buffer, 10)
  if (format.kind === 'ndjson' || format.kind === 'json') return lf
  let loneCr = 0
  for (let at = buffer.indexOf(13); at !== -1; at = buffer.indexOf(13, at + 1)) {
    if (buffer[at + 1] !== 10) loneCr++
  }
  return lf + loneCr
}

/**
 * The block in small slices: the reader yields the records of each slice together, so only a
 * few hundred parsed objects are alive at a time instead of a whole block's worth (cheaper
 * young-generation garbage collection).
 */
async function* slices(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** Takes a record of the block's text without parsing it, or answers false. */
type TakeRecord = (start: number, end: number, line: number) => boolean

/**
 * NDJSON lines, each taken as it is when `take` accepts it, else read by the shared reader on
 * its own (the same events the reader gives for the line within the block).
 */
async function* readNdjsonTaking(
  bytes: Buffer,
  ctx: ReaderContext,
  take: TakeRecord,
): AsyncGenerator<ParseEvent[]> {
  let line = ctx.firstLine ?? 1
  for (let start = 0; start < bytes.length; line++) {
    const newline = bytes.indexOf(10, start)
    const end = newline === -1 ? bytes.length : newline
    const next = newline === -1 ? bytes.length : newline + 1
    if (end - start > ctx.maxRecordBytes || !take(start, end, line)) {
      const lineCtx = { ...ctx, firstLine: line, firstOffset: (ctx.firstOffset ?? 0) + start }
      yield* readNdjson(slices(bytes.subarray(start, next)), lineCtx)
    }
    start = next
  }
}

/** The block as the one chunk of a reader's input. */
async function* whole(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes
}

/** How the direct writers take records of a block (any of them may be absent). */
interface BlockTakers {
  readonly take?: TakeRecord
  readonly claim?: (bytes: Buffer, start: number, line: number) => number
  readonly csvRow?: (fields: readonly string[]) => string | undefined
  readonly onJsonEnd: (state: JsonArrayState) => void
}

/** The shared reader for the block's format; lines and offsets are the file's (`ctx`). */
function readBlock(
  bytes: Buffer,
  ctx: ReaderContext,
  format: BlockFormat,
  { take, claim, csvRow, onJsonEnd }: BlockTakers,
): AsyncIterable<ParseEvent[]> {
  if (format.kind === 'json') {
    // One chunk, so an item is never cut by a read; the reader yields small batches anyway.
    return readJsonArray(whole(bytes), ctx, {
      from: format.from,
      onPartEnd: onJsonEnd,
      ...(claim === undefined ? {} : { claim }),
    })
  }
  if (format.kind === 'ndjson') {
    // The direct writer needs valid UTF-8; a block with a bad byte is read the usual way.
    if (take !== undefined && isUtf8(bytes)) return readNdjsonTaking(bytes, ctx, take)
    return readNdjson(slices(bytes), ctx)
  }
  if (format.kind === 'items') return readItemBlock(bytes, ctx.file, format, take)
  return readCsv(slices(bytes), ctx, {
    delimiter: format.delimiter,
    skipFirstLine: false,
    headers: format.headers,
    lineBreak: format.lineBreak,
    firstLine: ctx.firstLine ?? 1,
    ...(csvRow === undefined ? {} : { direct: csvRow }),
  })
}

/** Parses (with the shared readers), maps, serialises and size-checks one block. */
export async function prepareBlock(bytes: Buffer, options: PrepareOptions): Promise<PreparedBlock> {
  const output = new PackedOutput(bytes.length + 1024, options.output)
  const ends: number[] = []
  const indexes: number[] = []
  const lines: number[] = []
  const failures: PreparedFailure[] = []
  const warnings: string[] = []
  let entries = 0
  let droppedFields = 0
  let timeWindowFlags = 0
  const ctx = {
    file: options.file,
    maxRecordBytes: options.maxRecordBytes,
    reportOffsets: true,
    firstLine: options.firstLine ?? 1,
    firstOffset: options.firstOffset ?? 0,
  }
  const format = options.format ?? { kind: 'ndjson' }
  const direct = options.direct
  /** Counts a record the direct writer wrote (or FAIL: it wrote nothing); true when written. */
  const written = (dropped: number, line: number): boolean => {
    if (dropped === FAIL) return false
    indexes.push(entries++)
    droppedFields += dropped
    ends.push(output.length)
    lines.push(line)
    return true
  }
  const take =
    direct === undefined
      ? undefined
      : (start: number, end: number, line: number): boolean =>
          written(direct.write(bytes, start, end, options.nowMs, output), line)
  // A JSON item is written from its first byte; the writer finds where it ends.
  const claim =
    direct === undefined
      ? undefined
      : (chunk: Buffer, start: number, line: number): number => {
          const limit = Math.min(chunk.length, start + options.maxRecordBytes)
          const dropped = direct.writeLeading(chunk, start, limit, options.nowMs, output)
          return written(dropped, line) ? direct.end : -1
        }
  const csv = options.csvDirect
  let jsonEnd: JsonArrayState | undefined
  const takers: BlockTakers = {
    ...(take === undefined ? {} : { take }),
    ...(claim === undefined ? {} : { claim }),
    ...(csv === undefined
      ? {}
      : { csvRow: (fields: readonly string[]) => csv.row(fields, options.nowMs) }),
    onJsonEnd: (state) => (jsonEnd = state),
  }
  for await (const events of readBlock(bytes, ctx, format, takers)) {
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
      if (event.json !== undefined) {
        droppedFields += csv?.dropped ?? 0
        ends.push(output.write(event.json))
        indexes.push(index)
        lines.push(event.source.line)
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
          ...(prepared.code === undefined ? {} : { code: prepared.code }),
          ...(prepared.column === undefined ? {} : { column: prepared.column }),
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
    data: output.take(),
    ends: Uint32Array.from(ends),
    indexes: Uint32Array.from(indexes),
    lines: Uint32Array.from(lines),
    failures,
    droppedFields,
    timeWindowFlags,
    warnings,
    ...(jsonEnd === undefined ? {} : { jsonEnd }),
  }
}
