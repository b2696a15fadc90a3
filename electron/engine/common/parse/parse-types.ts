import type { AppErrorCode } from '../../../../shared/errors/app-error'
import type { TextEncodingName } from '../../../../shared/models/files'
import type { SourceFormat } from '../../../../shared/models/upload-job'

/**
 * What the streaming readers produce.
 *
 * - `record`: one source record, with where it starts in the file.
 * - `error`: something in the file that did not become a record (a bad line, a ragged row, a
 *   damaged file). `fatal` errors end the file; others are followed by more events.
 * - `warning`: something the user should know although every record still came through (a
 *   renamed header, a trailing comma, replaced invalid UTF-8).
 */

export type { SourceFormat }

/** Where something is in a source file. Lines count from 1. */
export interface SourcePosition {
  readonly line: number
  /**
   * Bytes from the start of the (decompressed) file, when known. For UTF-16 files it counts
   * the UTF-8 text LogDrop converted the file to, so it is left out there.
   */
  readonly byteOffset?: number
}

/** A parsed source record. Values are whatever JSON gave, or strings for CSV/TSV. */
export type SourceRecord = Record<string, unknown>

export interface RecordEvent {
  readonly kind: 'record'
  readonly record: SourceRecord
  readonly source: SourcePosition
  /** Set when the record's text had invalid UTF-8 (replaced by U+FFFD). */
  readonly invalidUtf8?: true
  /**
   * The stream record as JSON text, when the reader was given a direct writer that could write
   * it (CsvReaderOptions.direct); `record` is then empty.
   */
  readonly json?: string
}

export interface ErrorEvent {
  readonly kind: 'error'
  readonly code: AppErrorCode
  readonly file: string
  readonly source: SourcePosition
  /** A specific, user-readable sentence: what is wrong, and where. */
  readonly reason: string
  /** The offending text, shortened, when there is one. */
  readonly raw?: string
  /** True when nothing after this point of the file can be read. */
  readonly fatal?: true
}

export interface WarningEvent {
  readonly kind: 'warning'
  readonly code: AppErrorCode
  readonly file: string
  readonly source?: SourcePosition
  readonly reason: string
}

export type ParseEvent = RecordEvent | ErrorEvent | WarningEvent

/** A warning as it travels between threads and into the summary's counts. */
export type SourceWarning = Pick<WarningEvent, 'code' | 'reason'>

/** Text encodings the readers understand (shared/models/files.ts TEXT_ENCODINGS). */
export type TextEncoding = TextEncodingName

/** Choices the caller can force; everything left out is detected. */
export interface ParseOptions {
  readonly format?: SourceFormat
  /** CSV/TSV field delimiter (one character). */
  readonly delimiter?: string
  readonly encoding?: TextEncoding
  /** Treat the input as gzip even without the magic bytes (they are checked anyway). */
  readonly gzip?: boolean
  /**
   * A record (line, array item or row) longer than this is skipped without being held whole.
   * Default 16 MiB: far above the 1 MB request cap, so such a record could never be sent.
   */
  readonly maxRecordBytes?: number
  /** Size of each read from disk (default 1 MiB). */
  readonly readChunkBytes?: number
}

/** What was detected about a file (or forced by the options). */
export interface DetectedInput {
  readonly format: SourceFormat
  readonly encoding: TextEncoding
  readonly gzip: boolean
  readonly bom: boolean
  /** CSV/TSV only. */
  readonly delimiter?: string
  /** CSV/TSV only: the first line was Excel's `sep=` line. */
  readonly sepLine?: boolean
  /** Why this format was chosen, for the preview (e.g. "content starts with [ "). */
  readonly formatReason: string
}

/** What every reader needs besides the bytes. */
export interface ReaderContext {
  /** The file name used in reports. */
  readonly file: string
  readonly maxRecordBytes: number
  /** False for UTF-16 input, whose byte offsets would not match the file. */
  readonly reportOffsets: boolean
  /**
   * Where the input starts in the file, when it is a block of it (the parallel path): line of
   * its first byte (default 1) and byte offset of its first byte (default 0). Positions and
   * messages then speak of the whole file.
   */
  readonly firstLine?: number
  readonly firstOffset?: number
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024
export const DEFAULT_READ_CHUNK_BYTES = 1024 * 1024
