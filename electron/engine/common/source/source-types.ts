import type { JobDefinition, JobFile } from '../../../../shared/models/upload-job'
import type { ParseEvent } from '../parse/parse-types'

/**
 * The engine's narrow view of the parsers and the mapping, so the sending side depends on
 * their shapes only (the adapters live in this folder).
 */

/** One entry of a source file: a record, a malformed entry, or a warning (not an entry). */
export type SourceItem = ParseEvent

/** An opened source file. */
export interface OpenedSource {
  /** Entries in file order, in batches (one per read from disk). */
  readonly items: AsyncIterable<readonly SourceItem[]>
  /** Bytes of the file read so far (compressed bytes for .gz), for progress and ETA. */
  bytesRead(): number
}

/** Opens a file of a job for reading from the start. */
export type SourceOpener = (file: JobFile, signal: AbortSignal) => OpenedSource

/** What the mapping made of one source record (the shape of shared/mapping's MapResult). */
export type MapOutcome =
  | {
      readonly ok: true
      readonly record: unknown
      /** Source fields dropped on purpose (no column maps them). */
      readonly droppedFields?: number
      /** TimeGenerated is outside [-2 days, +1 day]; the service will replace it. */
      readonly timeOutsideWindow?: true
    }
  | {
      readonly ok: false
      readonly errors: ReadonlyArray<{
        readonly column?: string
        /** An error code (`mapping/coercion-failed` …), when the mapping gives one. */
        readonly code?: string
        readonly reason: string
      }>
    }

/** Maps one source record; `nowMs` is the clock for "current time" columns and the window. */
export type RecordMapper = (source: Readonly<Record<string, unknown>>, nowMs: number) => MapOutcome

/** Builds the mapper for a file of a job (a file without a mapping sends records as they are). */
export type MapperFactory = (job: JobDefinition, file: JobFile) => RecordMapper

/** The identity mapping: files without one (records already in the stream's shape). */
export const sendAsIs: RecordMapper = (source) => ({ ok: true, record: source })
