import { z } from 'zod'
import type { AppErrorCode, AppErrorData } from '../errors/app-error'
import type { TypeGuess } from '../mapping/infer-type'
import { DCR_COLUMN_TYPES, type Mapping } from '../mapping/mapping-schema'
import type { MappingSuggestion } from '../mapping/suggest-mapping'
import type { FailureCause, SourceFormat } from './upload-job'
import { SOURCE_FORMATS } from './upload-job'

/**
 * Source files as the renderer sees them: registered entries (never raw paths), what LogDrop
 * detected about each, previews, and the whole-file dry run of a mapping.
 *
 * The renderer never names a path after `files:add`: every later request carries a `fileId`,
 * and the main side only opens files that were dropped, picked or uploaded in this session.
 */

/** An opaque id of a registered file (`f-` and 24 hex digits); unknown ids are refused. */
export const fileIdSchema = z.string().regex(/^f-[0-9a-f]{24}$/, 'not a file id')
export type FileId = z.infer<typeof fileIdSchema>

/**
 * Text encodings the readers know: UTF-8 and UTF-16 are detected (BOM or UTF-16 byte pattern);
 * Windows-1252 (Latin-1 as Windows writes it) only when chosen, since any bytes are valid in it.
 */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number]

/**
 * Choices the person can force for a file; anything absent is detected. Only what the upload
 * engine honours is offered.
 */
export const fileOptionsSchema = z
  .object({
    format: z.enum(SOURCE_FORMATS).optional(),
    /** The text encoding, when detection guesses wrong (a Latin-1 file read as UTF-8). */
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    /** CSV/TSV field delimiter: one character, e.g. `,` `;` `\t` `|`. */
    delimiter: z.string().length(1).optional(),
  })
  .strict()
export type FileOptions = Readonly<z.infer<typeof fileOptionsSchema>>

/** What LogDrop found out about a file from its first bytes (or was told by the options). */
export interface DetectedFormat {
  readonly format: SourceFormat
  readonly encoding: TextEncodingName
  /** The file is gzip-compressed (`.gz`, detected from its content). */
  readonly gzip: boolean
  readonly bom: boolean
  /** CSV/TSV only. */
  readonly delimiter?: string
  /** CSV/TSV only: the first line was Excel's `sep=` line. */
  readonly sepLine?: boolean
  /** Why this format was chosen, in words (e.g. "each line holds one JSON object"). */
  readonly formatReason: string
}

/** Where a registered file came from. */
export type FileOrigin = 'local' | 'uploaded'

/**
 * A registered file. `rejection` is set when it cannot be uploaded (binary, empty, unknown
 * format, unreadable); such an entry stays listed so the reason can be shown, and `files:remove`
 * takes it away.
 */
export interface FileEntry {
  readonly id: FileId
  /** File name only (no folder). */
  readonly name: string
  readonly size: number
  readonly origin: FileOrigin
  readonly addedAt: string
  /** null when the file could not be read far enough to tell (see `rejection`). */
  readonly detected: DetectedFormat | null
  /** The overrides set with `files:set-options` ({} when none). */
  readonly options: FileOptions
  /** CSV header order, or the top-level keys of the first JSON records in the order seen. */
  readonly headers: readonly string[]
  /** Stable signature of the headers (order and case ignored), for profile matching. */
  readonly headerSignature: string | null
  /** Why this file cannot be uploaded; null when it can. */
  readonly rejection: AppErrorData | null
  /** The best saved mapping profile for these headers, when one matches (see profiles). */
  readonly profileMatch: ProfileMatchRef | null
}

/** A short reference to a matching profile (the full list comes from `profiles:match`). */
export interface ProfileMatchRef {
  readonly profileId: string
  readonly name: string
  readonly stream: string
  /** 1 for the same headers; below 1 for a partial match. */
  readonly score: number
}

/** One problem met while reading, with where it is. */
export interface ParseProblem {
  readonly severity: 'error' | 'warning'
  readonly code: AppErrorCode
  /** 1-based line where it starts (0 when unknown). */
  readonly line: number
  readonly byteOffset?: number
  /** A specific sentence: what is wrong and where. */
  readonly reason: string
  /** The offending text, shortened. */
  readonly raw?: string
  /** Nothing after this point of the file could be read. */
  readonly fatal?: boolean
}

/** One column of a preview, with a suggested type and Log Analytics naming problems. */
export interface PreviewColumn {
  readonly name: string
  readonly guess: TypeGuess
  /** Column-name rules this name breaks (empty when none). */
  readonly nameIssues: readonly string[]
  /** A valid name close to this one, when it breaks a rule. */
  readonly suggestedName?: string
}

/** The first records of a file, as plain JSON values. */
export interface FilePreview {
  readonly fileId: FileId
  readonly detected: DetectedFormat | null
  /** Source records as parsed (CSV values are strings; JSON values as in the file). */
  readonly records: ReadonlyArray<Readonly<Record<string, unknown>>>
  /** 1-based line of each record. */
  readonly lines: readonly number[]
  readonly headers: readonly string[]
  readonly columns: readonly PreviewColumn[]
  /** At most 100 errors and 100 warnings from the part of the file read. */
  readonly problems: readonly ParseProblem[]
  /** The file holds more records than the preview. */
  readonly truncated: boolean
}

/** A column of the target stream, as its DCR declares it (type narrowed to the DCR types). */
export const streamColumnSchema = z
  .object({ name: z.string().min(1).max(200), type: z.enum(DCR_COLUMN_TYPES) })
  .strict()
export type StreamColumnSpec = Readonly<z.infer<typeof streamColumnSchema>>

/** `mapping:suggest`: a proposal per stream column, and a draft mapping built from it. */
export interface MappingSuggestResult {
  readonly fileId: FileId
  /** Source columns (preview headers) that were matched against. */
  readonly sourceColumns: readonly string[]
  /** One per stream column, in the stream's order. */
  readonly suggestions: readonly MappingSuggestion[]
  /** A ready mapping from the suggestions (matched columns only, inferred date formats). */
  readonly draft: Mapping
}

/** How many records fail in one column for one reason, with a few examples. */
export interface ColumnFailureCount {
  readonly column: string
  readonly code: AppErrorCode
  readonly count: number
  readonly examples: ReadonlyArray<{
    readonly line: number
    readonly reason: string
    /** The source value (shortened). */
    readonly value: unknown
  }>
}

/** `mapping:dry-run`: the whole file mapped, serialised and packed, without sending. */
export interface DryRunResult {
  readonly fileId: FileId
  /** Entries read (records and malformed entries). */
  readonly records: number
  /** Records that would be sent. */
  readonly valid: number
  /** Records that would not be sent (parse, validation or oversize). */
  readonly failed: number
  readonly failedByCause: Readonly<Partial<Record<FailureCause, number>>>
  /** The most frequent (column, reason) failures, most first (at most `top`). */
  readonly failedByColumn: readonly ColumnFailureCount[]
  /** Malformed entries (parse errors), first few with their line. */
  readonly parseErrors: {
    readonly count: number
    readonly examples: readonly ParseProblem[]
  }
  /** Records over the 1 MB request limit, first few with their line. */
  readonly oversize: {
    readonly count: number
    readonly examples: ReadonlyArray<{ readonly line: number; readonly reason: string }>
  }
  /** Records whose time column lies outside [-2 days, +1 day] (sent as is by policy `send`). */
  readonly timeWindowFlags: number
  /** Source fields no column reads (dropped on purpose): per field, how many records had it. */
  readonly droppedFields: {
    readonly total: number
    readonly byField: ReadonlyArray<{ readonly field: string; readonly count: number }>
  }
  /** Requests an upload would make, and their uncompressed JSON bytes. */
  readonly requests: number
  readonly jsonBytes: number
  /** Bytes of the file read (after gzip: the compressed size). */
  readonly rawBytes: number
  readonly durationMs: number
  /** True when `mapping:dry-run-cancel` or a newer dry run of the same file stopped it. */
  readonly cancelled: boolean
}
