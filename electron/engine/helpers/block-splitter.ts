/** A piece of text that ends at a record boundary (or at the end of the input). */
export interface TextBlock {
  readonly bytes: Buffer
  /** Where the block starts in the (decompressed) input. */
  readonly offset: number
}

/**
 * Where a block may end in a piece of input: the offset just after the last record boundary in
 * it, or -1. Called on every piece, in order (so it may keep state, like a CSV row scanner).
 */
export type CutFinder = (chunk: Buffer) => number

/** NDJSON: JSON text escapes line breaks inside strings, so every newline ends a record. */
export const afterLastNewline: CutFinder = (chunk) => {
  const at = chunk.lastIndexOf(10)
  return at === -1 ? -1 : at + 1
}

/** The largest block passed on without a boundary, for blocks of about `targetBytes`. */
export function maxBlockBytesFor(targetBytes: number): number {
  return Math.max(targetBytes * 4, 64 * 1024 * 1024)
}

/**
 * Cuts a byte stream into blocks of at least `targetBytes` that end at a record boundary, so
 * every record lies whole in one block and blocks can be parsed independently, in parallel.
 *
 * A newline byte never occurs inside a multi-byte UTF-8 character, so a cut after `\n` never
 * splits a character. The last block ends at the end of the input. A record longer than
 * `maxBlockBytes` is passed on in pieces of that size (the parser then reports it as too long),
 * so memory stays bounded.
 */
export async function* splitIntoBlocks(
  chunks: AsyncIterable<Buffer>,
  targetBytes: number,
  maxBlockBytes: number = maxBlockBytesFor(targetBytes),
  findCut: CutFinder = afterLastNewline,
): AsyncGenerator<TextBlock> {
  let parts: Buffer[] = []
  let size = 0
  let offset = 0
  /** The last record boundary seen in `parts` (bytes from their start), or -1. */
  let lastCut = -1
  const emit = (bytes: Buffer): TextBlock => {
    const block = { bytes, offset }
    offset += bytes.length
    return block
  }
  for await (const chunk of chunks) {
    parts.push(chunk)
    size += chunk.length
    // Every piece goes through the finder, so a stateful one sees the whole input in order.
    const cut = findCut(chunk)
    if (cut !== -1) lastCut = size - chunk.length + cut
    if (size < targetBytes) continue
    if (lastCut <= 0) {
      if (size >= maxBlockBytes) {
        yield emit(Buffer.concat(parts, size))
        parts = []
        size = 0
      }
      continue
    }
    // Buffer.concat with a shorter length copies just the block; the rest stays as views.
    const whole = Buffer.concat(parts, lastCut)
    parts = tailAfter(parts, lastCut)
    size -= lastCut
    lastCut = -1
    yield emit(whole)
  }
  if (size > 0) yield emit(Buffer.concat(parts, size))
}

/** The bytes of `parts` after the first `count`, as views (no copy). */
function tailAfter(parts: readonly Buffer[], count: number): Buffer[] {
  const tail: Buffer[] = []
  let skip = count
  for (const part of parts) {
    if (skip >= part.length) {
      skip -= part.length
      continue
    }
    tail.push(skip > 0 ? part.subarray(skip) : part)
    skip = 0
  }
  return tail
}
