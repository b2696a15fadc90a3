import { chunkBody, Chunker, DEFAULT_MAX_CHUNK_BYTES, splitChunk, type Chunk } from './chunker'
import type { OrdinalRange } from '../journal/interval-set'

/** The service's limit, applied to the uncompressed JSON array (reference §3.4). */
export const MAX_REQUEST_JSON_BYTES = DEFAULT_MAX_CHUNK_BYTES

/** Where a record came from, kept with it until the service answers. */
export interface RecordOrigin {
  readonly fileIndex: number
  readonly ordinal: number
  readonly line: number | undefined
}

/** One request: a chunk of serialised records (electron/engine/common/chunk) and its ids. */
export interface RequestBatch {
  /** Stable in the ledger: `r<run>-<n>`, halves after a 413 add `.0` / `.1`. */
  readonly id: string
  /**
   * Sent as x-ms-client-request-id on every attempt of this request (not per attempt), so
   * retries of the same payload share one id in Azure's logs, as the Azure SDKs do; a split
   * half is a new payload and gets a new id.
   */
  readonly clientRequestId: string
  readonly chunk: Chunk<RecordOrigin>
}

/** Records in a batch. */
export function batchSize(batch: RequestBatch): number {
  return batch.chunk.records.length
}

/**
 * The ordinal ranges records cover (in increasing order within each file), for the ledger;
 * made without a pair per record, as it runs for every request.
 */
export function originRanges(origins: readonly RecordOrigin[]): OrdinalRange[] {
  const ranges: Array<[number, number, number]> = []
  let last: [number, number, number] | undefined
  for (const { fileIndex, ordinal } of origins) {
    if (last !== undefined && last[0] === fileIndex && last[2] + 1 === ordinal) {
      last[2] = ordinal
    } else {
      last = [fileIndex, ordinal, ordinal]
      ranges.push(last)
    }
  }
  return ranges
}

/** The ordinal ranges a batch covers, for the ledger. */
export function batchRanges(batch: RequestBatch): OrdinalRange[] {
  return originRanges(batch.chunk.refs)
}

/** The request body: the records as one JSON array. */
export function batchBody(batch: RequestBatch, allocate?: (bytes: number) => Buffer): Buffer {
  return chunkBody(batch.chunk, allocate)
}

/**
 * Splits a batch in two by bytes (after a 413), keeping order; undefined for a single record.
 * The halves get ids `<id>.0` and `<id>.1` and new client request ids.
 */
export function splitBatch(
  batch: RequestBatch,
  newRequestId: () => string,
): [RequestBatch, RequestBatch] | undefined {
  const halves = splitChunk(batch.chunk)
  if (halves === undefined) return undefined
  return [
    { id: `${batch.id}.0`, clientRequestId: newRequestId(), chunk: halves[0] },
    { id: `${batch.id}.1`, clientRequestId: newRequestId(), chunk: halves[1] },
  ]
}

/** What adding a record gave: a full batch to send, a refusal, or nothing yet. */
export type PackResult =
  | { readonly kind: 'batch'; readonly batch: RequestBatch }
  | { readonly kind: 'too-large'; readonly reason: string }
  | undefined

/**
 * Packs serialised records, in order, into requests of at most `limit` bytes of JSON array
 * (the chunker counts brackets and commas), naming each request.
 */
export class BatchPacker {
  private readonly chunker: Chunker<RecordOrigin>
  private sequence = 0

  constructor(
    private readonly idPrefix: string,
    private readonly newRequestId: () => string,
    limit: number = MAX_REQUEST_JSON_BYTES,
  ) {
    this.chunker = new Chunker<RecordOrigin>({ maxBytes: limit })
  }

  add(record: Buffer, origin: RecordOrigin): PackResult {
    const out = this.chunker.add(record, origin)
    if (out === undefined) return undefined
    if (out.kind === 'too-large') return { kind: 'too-large', reason: out.reason }
    return { kind: 'batch', batch: this.name(out) }
  }

  /** Closes the current batch (undefined when empty). */
  take(): RequestBatch | undefined {
    const chunk = this.chunker.flush()
    return chunk === undefined ? undefined : this.name(chunk)
  }

  private name(chunk: Chunk<RecordOrigin>): RequestBatch {
    return {
      id: `${this.idPrefix}${this.sequence++}`,
      clientRequestId: this.newRequestId(),
      chunk,
    }
  }
}

/**
 * A request ready to go: its compressed body and what is needed to rebuild its records (for a
 * 413 split or the failed store). The records' buffers are let go once the body is made, so a
 * request in flight holds only its gzip bytes (about a tenth of the JSON).
 */
export interface PackedBatch {
  readonly id: string
  readonly clientRequestId: string
  readonly refs: readonly RecordOrigin[]
  /** The body as sent (gzip, or plain JSON when `gzip` is false). */
  readonly payload: Buffer
  readonly gzip: boolean
  /** The gzip level it was compressed at (0: plain). */
  readonly level: number
  /** Uncompressed body size. */
  readonly jsonBytes: number
  /** End of each record in the uncompressed body. */
  readonly ends: Uint32Array
}

/** Where each record of a chunk ends in its body (`[` + records joined by `,` + `]`). */
export function recordEnds(chunk: Chunk<RecordOrigin>): Uint32Array {
  const ends = new Uint32Array(chunk.records.length)
  let at = 1
  chunk.records.forEach((record, index) => {
    at += record.length
    ends[index] = at
    at += 1
  })
  return ends
}

/** The records of a packed request, rebuilt from its body (`body` when already at hand). */
export function packedRecords(packed: PackedBatch, body: Buffer): Buffer[] {
  const records: Buffer[] = []
  let start = 1
  for (const end of packed.ends) {
    records.push(body.subarray(start, end))
    start = end + 1
  }
  return records
}

/** A packed request back as a chunk (for splitting). */
export function unpackBatch(packed: PackedBatch, body: Buffer): RequestBatch {
  const records = packedRecords(packed, body)
  const bytes = records.reduce((sum, record) => sum + record.length, 0)
  return {
    id: packed.id,
    clientRequestId: packed.clientRequestId,
    chunk: {
      kind: 'chunk',
      records,
      refs: packed.refs,
      bytes: bytes + 2 + Math.max(0, records.length - 1),
    },
  }
}
