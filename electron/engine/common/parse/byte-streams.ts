import { createReadStream } from 'node:fs'
import { pipeline, Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

/**
 * Byte-stream plumbing for the readers: reading a file, gunzip, looking ahead without losing
 * bytes, and turning UTF-16 into UTF-8. Everything is an AsyncIterable<Buffer>, pulled by the
 * reader, so a slow consumer slows the disk reads (back-pressure) and memory stays flat.
 */

/** Reads a file in chunks of `chunkBytes`. */
export function fileChunks(path: string, chunkBytes: number): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: chunkBytes })
}

/** Decompresses gzip (several members too). Damaged data surfaces as an error while iterating. */
export function gunzipChunks(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 })
  pipeline(Readable.from(source, { objectMode: false }), gunzip, () => {
    // Errors reach the consumer through the gunzip stream's iterator.
  })
  return gunzip
}

/** The first bytes of a stream, and the whole stream again (those bytes included). */
export interface Peeked {
  readonly head: Buffer
  /** True when the head is the whole stream. */
  readonly complete: boolean
  readonly stream: AsyncIterable<Buffer>
}

/**
 * Reads at least `minBytes` (or to the end) and hands back a stream that replays them first.
 * Stopping the returned stream early closes the source (so a preview does not keep files open).
 */
export async function peek(source: AsyncIterable<Buffer>, minBytes: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]()
  const seen: Buffer[] = []
  let bytes = 0
  let complete = false
  let failure: { error: unknown } | undefined
  try {
    while (bytes < minBytes) {
      const next = await iterator.next()
      if (next.done === true) {
        complete = true
        break
      }
      seen.push(next.value)
      bytes += next.value.length
    }
  } catch (error) {
    await iterator.return?.()
    // Bytes before a failure (a cut-off gzip) are still worth reading; the error follows them.
    if (seen.length === 0) throw error
    failure = { error }
  }
  const head = seen.length === 1 ? (seen[0] as Buffer) : Buffer.concat(seen, bytes)
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      for (const chunk of seen) yield chunk
      if (failure !== undefined) throw failure.error
      if (complete) return
      for (;;) {
        const next = await iterator.next()
        if (next.done === true) return
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }
  return { head, complete, stream: replay() }
}

/** Drops the first `count` bytes (a BOM). */
export async function* skipBytes(
  source: AsyncIterable<Buffer>,
  count: number,
): AsyncGenerator<Buffer> {
  let left = count
  for await (const chunk of source) {
    if (left === 0) {
      yield chunk
    } else if (chunk.length <= left) {
      left -= chunk.length
    } else {
      yield chunk.subarray(left)
      left = 0
    }
  }
}

/**
 * Converts UTF-16 (LE or BE, BOM dropped) or Windows-1252 to UTF-8; unpaired surrogates become
 * U+FFFD (Windows-1252 has a character for every byte).
 */
export async function* decodeToUtf8(
  source: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be' | 'windows-1252',
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding)
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true })
    if (text.length > 0) yield Buffer.from(text, 'utf8')
  }
  const rest = decoder.decode()
  if (rest.length > 0) yield Buffer.from(rest, 'utf8')
}
