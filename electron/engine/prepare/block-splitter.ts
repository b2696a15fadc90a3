/** A piece of NDJSON text that ends at a line break (or at the end of the input). */
export interface TextBlock {
  readonly bytes: Buffer
  /** Where the block starts in the (decompressed) input. */
  readonly offset: number
}

/**
 * Cuts a byte stream into blocks of at least `targetBytes` that end right after a newline, so
 * every line lies whole in one block and blocks can be parsed independently, in parallel.
 *
 * A newline byte never occurs inside a multi-byte UTF-8 character, and JSON text escapes line
 * breaks inside strings, so a cut after `\n` never splits a record. The last block ends at the
 * end of the input, newline or not. A line longer than `maxBlockBytes` is passed on in pieces
 * of that size (the parser then reports it as too long), so memory stays bounded.
 */
export async function* splitIntoBlocks(
  chunks: AsyncIterable<Buffer>,
  targetBytes: number,
  maxBlockBytes: number = Math.max(targetBytes * 4, 64 * 1024 * 1024),
): AsyncGenerator<TextBlock> {
  let parts: Buffer[] = []
  let size = 0
  let offset = 0
  const emit = (bytes: Buffer): TextBlock => {
    const block = { bytes, offset }
    offset += bytes.length
    return block
  }
  for await (const chunk of chunks) {
    parts.push(chunk)
    size += chunk.length
    if (size < targetBytes) continue
    const newline = chunk.lastIndexOf(10)
    if (newline === -1) {
      if (size >= maxBlockBytes) {
        yield emit(Buffer.concat(parts, size))
        parts = []
        size = 0
      }
      continue
    }
    const keep = chunk.length - newline - 1
    const whole = Buffer.concat(parts, size - keep)
    parts = keep > 0 ? [chunk.subarray(newline + 1)] : []
    size = keep
    yield emit(whole)
  }
  if (size > 0) yield emit(Buffer.concat(parts, size))
}
