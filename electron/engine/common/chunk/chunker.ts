/**
 * Packs serialised records into request bodies: a JSON array (`[` + records joined by `,` + `]`)
 * of at most `maxBytes` bytes, counted exactly in UTF-8 bytes, brackets and commas included.
 *
 * The service caps a request at 1,048,576 bytes (compressed or not), and the count here is exact,
 * so the default is that cap: 1,000,000 (the strictest SDK's) made about 5 % more requests, each
 * with its own headers, TLS records and round trip. A record that cannot fit even alone
 * (its bytes + 2 > maxBytes) is rejected here and never sent. Records keep their order.
 */

/** Default ceiling of one request's uncompressed JSON array. */
export const DEFAULT_MAX_CHUNK_BYTES = 1_048_576

/** A request body's records, with the caller's reference for each (file, line, …). */
export interface Chunk<T> {
  readonly kind: 'chunk'
  readonly records: readonly Buffer[]
  readonly refs: readonly T[]
  /** Exact byte length of the JSON array these records make. */
  readonly bytes: number
}

/** A record too large for any request. */
export interface RecordTooLarge<T> {
  readonly kind: 'too-large'
  readonly ref: T
  readonly bytes: number
  readonly reason: string
}

/** Byte length of the JSON array holding records of these sizes. */
export function arrayBytes(recordBytes: number, count: number): number {
  return count === 0 ? 2 : 2 + recordBytes + (count - 1)
}

/** Greedy, order-keeping packer; one instance per upload stream. */
export class Chunker<T> {
  readonly maxBytes: number
  private records: Buffer[] = []
  private refs: T[] = []
  private recordBytes = 0

  constructor(options: { maxBytes?: number } = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_CHUNK_BYTES
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 3) {
      throw new RangeError(`maxBytes must be an integer of at least 3, got ${this.maxBytes}`)
    }
  }

  /** Records waiting in the open chunk. */
  get pending(): number {
    return this.records.length
  }

  /**
   * Adds a record. Returns the chunk it closed (the record then starts the next one), a
   * rejection when the record can never fit, or undefined.
   */
  add(record: Buffer, ref: T): Chunk<T> | RecordTooLarge<T> | undefined {
    const size = record.length
    if (size + 2 > this.maxBytes) {
      return {
        kind: 'too-large',
        ref,
        bytes: size,
        reason: `The record is ${size} bytes of JSON; one request carries at most ${this.maxBytes} bytes (${this.maxBytes - 2} for a single record).`,
      }
    }
    const count = this.records.length
    let closed: Chunk<T> | undefined
    if (count > 0 && arrayBytes(this.recordBytes + size, count + 1) > this.maxBytes) {
      closed = this.take()
    }
    this.records.push(record)
    this.refs.push(ref)
    this.recordBytes += size
    return closed
  }

  /** Closes the open chunk, if it has records. */
  flush(): Chunk<T> | undefined {
    return this.records.length === 0 ? undefined : this.take()
  }

  private take(): Chunk<T> {
    const chunk: Chunk<T> = {
      kind: 'chunk',
      records: this.records,
      refs: this.refs,
      bytes: arrayBytes(this.recordBytes, this.records.length),
    }
    this.records = []
    this.refs = []
    this.recordBytes = 0
    return chunk
  }
}

/** Builds a chunk from records that are known to fit (used by splitting and retries). */
export function makeChunk<T>(records: readonly Buffer[], refs: readonly T[]): Chunk<T> {
  let sum = 0
  for (const record of records) sum += record.length
  return { kind: 'chunk', records, refs, bytes: arrayBytes(sum, records.length) }
}

/** The request body: the JSON array of the chunk's records, as one Buffer. */
export function chunkBody(
  chunk: Chunk<unknown>,
  allocate: (bytes: number) => Buffer = (bytes) => Buffer.allocUnsafe(bytes),
): Buffer {
  const body = allocate(chunk.bytes)
  body[0] = 0x5b
  let at = 1
  const records = chunk.records
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as Buffer
    if (index > 0) body[at++] = 0x2c
    // Uint8Array's set costs less per call than Buffer's copy (measured: about 80 against 100 ns).
    body.set(record, at)
    at += record.length
  }
  body[at] = 0x5d
  return body
}

/**
 * Halves a chunk by bytes (for a 413): the first half takes records until it holds about half
 * the bytes, never none and never all. A single record cannot be split: undefined.
 */
export function splitChunk<T>(chunk: Chunk<T>): [Chunk<T>, Chunk<T>] | undefined {
  const count = chunk.records.length
  if (count < 2) return undefined
  const half = chunk.bytes / 2
  let at = 1
  let sum = (chunk.records[0] as Buffer).length + 1
  while (at < count - 1 && sum + (chunk.records[at] as Buffer).length / 2 < half) {
    sum += (chunk.records[at] as Buffer).length + 1
    at++
  }
  return [
    makeChunk(chunk.records.slice(0, at), chunk.refs.slice(0, at)),
    makeChunk(chunk.records.slice(at), chunk.refs.slice(at)),
  ]
}
