import type { ErrorEvent, ParseEvent, ReaderContext } from '../common/parse/parse-types'
import {
  readJsonArray,
  type JsonArrayState,
  type JsonItemSink,
} from '../common/parse/json-array-reader'
import type { TextBlock } from './block-splitter'
import type { FileBlockOptions } from './file-blocks'
import type { BlockFormat } from './prepare-protocol'

/** Item bytes per block handed to a helper (like the other formats' blocks). */
const ITEM_BLOCK_BYTES = 1024 * 1024

/** A block of JSON array items: their bytes back to back, and where each came from. */
export type ItemsFormat = Extract<BlockFormat, { kind: 'items' }>

/** Room for a block: the target, one read over it (256 KiB) and an item or two. */
const BLOCK_ROOM = ITEM_BLOCK_BYTES + 512 * 1024

/** Block buffers to reuse (shared slots), as fileBlocks takes them. */
type BlockBuffers = NonNullable<FileBlockOptions['buffers']>

class ItemBlockBuilder {
  private data: Buffer
  private size = 0
  private ends: number[] = []
  private lines: number[] = []
  private offsets: number[] = []
  private valid: number[] = []
  private errors: ErrorEvent[] = []
  private errorIndexes: number[] = []
  private entries = 0

  /** `buffers`: blocks are built in slots that go to the helpers as they are. */
  constructor(private readonly buffers: BlockBuffers | undefined) {
    this.data = this.fresh()
  }

  private fresh(): Buffer {
    return this.buffers?.take(BLOCK_ROOM) ?? Buffer.allocUnsafeSlow(BLOCK_ROOM)
  }

  get bytes(): number {
    return this.size
  }

  get empty(): boolean {
    return this.entries === 0
  }

  addItem(bytes: Buffer, start: number, end: number, line: number, offset: number, valid: boolean) {
    const length = end - start
    if (this.size + length > this.data.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.data.length * 2, this.size + length))
      this.data.copy(next, 0, 0, this.size)
      this.buffers?.release(this.data)
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

  /** Gives back the buffer of the block that was never started. */
  close(): void {
    this.buffers?.release(this.data)
  }

  addError(error: ErrorEvent): void {
    this.errors.push(error)
    this.errorIndexes.push(this.entries++)
  }

  /**
   * The block, in the buffer it was built in (a slot, or a buffer of its own that can be
   * transferred); the next block gets another.
   */
  take(): TextBlock & { format: ItemsFormat } {
    const bytes = this.data.subarray(0, this.size)
    this.data = this.fresh()
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
  buffers?: BlockBuffers,
  /** Where the text starts: the start of the array, or where other blocks left off. */
  from?: JsonArrayState,
): AsyncGenerator<TextBlock & { format: ItemsFormat }> {
  const builder = new ItemBlockBuilder(buffers)
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
  const reads = readJsonArray(text, ctx, { sink, ...(from === undefined ? {} : { from }) })
  try {
    while ((await reads.next()).done !== true) {
      if (builder.bytes >= ITEM_BLOCK_BYTES) yield builder.take()
    }
  } finally {
    await reads.return(undefined)
  }
  if (!builder.empty) yield builder.take()
  builder.close()
}
