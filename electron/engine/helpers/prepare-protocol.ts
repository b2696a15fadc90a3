import type { AppErrorData } from '../../../shared/errors/app-error'
import type { JsonArrayState } from '../common/parse/json-array-reader'
import type { ErrorEvent } from '../common/parse/parse-types'
import type { JobDefinition } from '../../../shared/models/upload-job'
import type { PreparedBlock } from './prepare-block'
import type { SlotMemory, SlotRef } from './shared-slots'

/**
 * Messages between the upload worker and its prepare helpers. Each request carries a `seq`
 * that its answer repeats; bytes travel in shared slots (named by index) or as transferred
 * buffers, errors as AppErrorData.
 */

/** `workerData` of a prepare helper: the job (for its mapping and limits) and the slots. */
export interface PrepareStart {
  readonly job: JobDefinition
  readonly slots?: SlotMemory
}

/**
 * How a block's bytes are read: NDJSON lines, CSV rows under a known header, JSON array text
 * from a line break, or JSON array items found by the upload worker's scanner (their bytes back
 * to back).
 */
export type BlockFormat =
  | { readonly kind: 'ndjson' }
  | {
      readonly kind: 'csv'
      readonly delimiter: string
      readonly headers: readonly string[]
      /** The file's row ending (the first line break outside quotes). */
      readonly lineBreak: '\n' | '\r\n'
    }
  | {
      /**
       * JSON array text cut at a line break (files with one item per line), read from the state
       * the upload worker expects there; the block's `jsonEnd` tells whether it was right.
       */
      readonly kind: 'json'
      readonly from: JsonArrayState
    }
  | {
      readonly kind: 'items'
      /** End of each item in the bytes. */
      readonly ends: Uint32Array
      /** Line and byte offset (-1: unknown) of each item in the file. */
      readonly lines: Float64Array
      readonly offsets: Float64Array
      /** 1 when the item's bytes are valid UTF-8. */
      readonly valid: Uint8Array
      /** The scanner's errors, each taking the entry position in `errorIndexes`. */
      readonly errors: readonly ErrorEvent[]
      readonly errorIndexes: readonly number[]
    }

/** The buffers of a format that can be transferred along with the block's bytes. */
export function formatTransfers(format: BlockFormat): ArrayBuffer[] {
  if (format.kind !== 'items') return []
  return [format.ends, format.lines, format.offsets, format.valid].map(
    (array) => array.buffer as ArrayBuffer,
  )
}

export interface PrepareRequest {
  readonly type: 'prepare'
  readonly seq: number
  readonly fileIndex: number
  /** The block's bytes: in a shared slot, or a transferred buffer. */
  readonly bytes: SlotRef | Uint8Array
  /** A shared slot to write the records into while they fit. */
  readonly output?: number
  readonly format: BlockFormat
  /** Line and byte offset of the block's first byte in the file. */
  readonly firstLine: number
  readonly firstOffset: number
  readonly nowMs: number
}

export type PrepareAnswer =
  /** The helper has loaded its code and takes blocks from now on. */
  | { readonly type: 'ready' }
  | { readonly type: 'prepared'; readonly seq: number; readonly block: WireBlock }
  | { readonly type: 'failed'; readonly seq: number; readonly error: AppErrorData }

/** A prepared block as it crosses: its records in the request's output slot, or transferred. */
export type WireBlock = Omit<PreparedBlock, 'data'> & { readonly data: SlotRef | Uint8Array }
