import type { ErrorEvent, ParseEvent, ReaderContext } from '../parse/parse-types'
import { readJsonArray, type JsonItemSink } from '../parse/json-array-reader'
import type { TextBlock } from './block-splitter'
import type { BlockFormat } from './prepare-protocol'

/** Item bytes per block handed to a helper (like the other formats' blocks). */
const ITEM_BLOCK_BYTES = 1024 * 1024

/** A block of JSON array items: their bytes back to back, and where each came from. */
export type ItemsFormat = Extract<BlockFormat, { kind: 'items' }>

class ItemBlockBuilder {
  private data = Buffer.allocUnsafe(ITEM_BLOCK_BYTES + 64 * 1024)
  private size = 0
  private ends: number[] = []
  private lines: number[] = []
  private offsets: number[] = []
  private valid: number[] = []
  private errors: ErrorEvent[] = []
  private errorIndexes: number[] = []
  private entries = 0

  get bytes(): number {
    return this.size
  }

  get empty(): boolean {
    return this.entries === 0
  }

  addItem(bytes: Buffer, start: number, end: number, line: number, offset: number, valid: boolean) {
    const length = end - start
    if (this.size + length > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.size + length))
      this.data.copy(next, 0, 0, this.size)
      this.data = next
    }
    bytes.copy(this.data, this.size, start, end)
    this.size += length
    this.ends.push(this.size)
    this.lines.push(line)
    this.offsets.push(offset)
    this.valid.push(valid ? 1 : 0)
    this.entries++
  }

  addError(error: ErrorEvent): void {
    this.errors.push(error)
    this.errorIndexes.push(this.entries++)
  }

  /** The block (bytes in a buffer of their own, so they can be transferred). */
  take(): TextBlock & { format: ItemsFormat } {
    const bytes = Buffer.from(new Uint8Array(this.data.subarray(0, this.size)).buffer)
    const block = {
      bytes,
      offset: 0,
      format: {
        kind: 'items' as const,
        ends: Uint32Array.from(this.ends),
        lines: Float64Array.from(this.lines),
        offsets: Float64Array.from(this.offsets),
        valid: Uint8Array.from(this.valid),
        errors: this.errors,
        errorIndexes: this.errorIndexes,
      },
    }
    this.size = 0
    this.ends = []
    this.lines = []
    this.offsets = []
    this.valid = []
    this.errors = []
    this.errorIndexes = []
    this.entries = 0
    return block
  }
}

/**
 * The parallel path for a JSON array: the shared reader's scanner finds the items on this thread
 * (cheap: it only tracks strings and brackets), and blocks of about 1 MiB of item bytes go to
 * the helpers, which parse, map and serialise them. The scanner's own findings keep their place
 * among the entries: errors (an empty item, a cut-off file) travel with the block, warnings (a
 * missing comma) are reported here. Lines and offsets in a block are absolute.
 */
export async function* jsonItemBlocks(
  text: AsyncIterable<Buffer>,
  ctx: ReaderContext,
  onWarning: (event: Extract<ParseEvent, { kind: 'warning' }>) => void,
): AsyncGenerator<TextBlock & { format: ItemsFormat }> {
  const builder = new ItemBlockBuilder()
  const sink: JsonItemSink = {
    item: (bytes, start, end, line, offset, valid) =>
      builder.addItem(bytes, start, end, line, offset, valid),
    event: (event) => {
      if (event.kind === 'error') builder.addError(event)
      else if (event.kind === 'warning') onWarning(event)
    },
  }
  // Blocks are taken between reads: at most one read (256 KiB) over the target. The reader
  // yields an empty batch per read (the sink got everything).
  const reads = readJsonArray(text, ctx, { sink })
  try {
    while ((await reads.next()).done !== true) {
      if (builder.bytes >= ITEM_BLOCK_BYTES) yield builder.take()
    }
  } finally {
    await reads.return(undefined)
  }
  if (!builder.empty) yield builder.take()
}
