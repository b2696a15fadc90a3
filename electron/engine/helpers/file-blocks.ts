import { open } from 'node:fs/promises'
import type { CutFinder, TextBlock } from './block-splitter'

/** Room past the target size, so a block usually ends at the last boundary of one read. */
const SLACK_BYTES = 64 * 1024

export interface FileBlockOptions {
  /** Byte of the file where the text starts (after a BOM or a CSV header). */
  readonly start: number
  readonly targetBytes: number
  /** A block this large is passed on without a boundary (the parser reports the record). */
  readonly maxBlockBytes: number
  readonly findCut: CutFinder
  readonly signal?: AbortSignal
  readonly onDiskBytes?: (bytes: number) => void
  /**
   * Block buffers to reuse (shared slots): a buffer is taken here and given back by whoever
   * ends up with the block; one outgrown by a long record is given back here.
   */
  readonly buffers?: {
    readonly take: (bytes: number) => Buffer | undefined
    readonly release: (buffer: Buffer) => void
  }
}

/**
 * splitIntoBlocks for a plain file, reading straight into each block's own buffer: the reads'
 * buffers and the copy that joined them were, with request bodies, the upload worker's largest
 * allocations, whose sum sets off its full garbage collections. Only the bytes after a block's
 * last boundary are copied, to the start of the next block.
 *
 * Blocks end at a boundary `findCut` reports (each byte is shown to it once, in order), hold
 * about `targetBytes`, and together hold the file from `start`; offsets count from `start`.
 */
export async function* fileBlocks(
  path: string,
  options: FileBlockOptions,
): AsyncGenerator<TextBlock> {
  const handle = await open(path, 'r')
  try {
    let position = options.start
    let offset = 0
    let carry: Buffer | undefined
    /** The buffer `carry` is a view of, while it is one. */
    let outgrown: Buffer | undefined
    for (;;) {
      options.signal?.throwIfAborted()
      const carried = carry?.length ?? 0
      // A record longer than a block: read on into a larger buffer (up to the limit).
      const size = Math.max(options.targetBytes + SLACK_BYTES, carried * 2)
      const buffer = options.buffers?.take(size) ?? Buffer.allocUnsafeSlow(size)
      if (carry !== undefined) {
        carry.copy(buffer, 0)
        if (outgrown !== undefined) options.buffers?.release(outgrown)
        outgrown = undefined
      }
      const { bytesRead } = await handle.read(buffer, carried, size - carried, position)
      position += bytesRead
      if (bytesRead > 0) options.onDiskBytes?.(bytesRead)
      const filled = carried + bytesRead
      if (bytesRead === 0) {
        if (filled > 0) yield { bytes: buffer.subarray(0, filled), offset }
        else options.buffers?.release(buffer)
        return
      }
      const found = options.findCut(buffer.subarray(carried, filled))
      const cut = found === -1 || carried + found === 0 ? -1 : found
      if (cut === -1 && filled < options.maxBlockBytes) {
        carry = buffer.subarray(0, filled)
        outgrown = buffer
        continue
      }
      const end = cut === -1 ? filled : carried + cut
      // The rest is copied out before the block is handed on (it may move to another thread).
      carry = end < filled ? Buffer.from(buffer.subarray(end, filled)) : undefined
      yield { bytes: buffer.subarray(0, end), offset }
      offset += end
    }
  } finally {
    await handle.close()
  }
}

/**
 * A plain file from `start`, read into one buffer over and over: each chunk is a view of it,
 * valid until the next is asked for (readJsonArray keeps nothing of a chunk). New buffers for
 * every read would count towards the upload worker's full garbage collections.
 */
export async function* reusedFileChunks(
  path: string,
  options: {
    readonly start: number
    readonly chunkBytes: number
    readonly signal?: AbortSignal
    readonly onDiskBytes?: (bytes: number) => void
  },
): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafeSlow(options.chunkBytes)
    let position = options.start
    for (;;) {
      options.signal?.throwIfAborted()
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      if (bytesRead === 0) return
      position += bytesRead
      options.onDiskBytes?.(bytesRead)
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}
