import { createBlockPreparer, type BlockRequest } from '../../helpers/block-preparer'
import type { HelperThread } from './helper-thread'
import type { PreparedBlock } from '../../helpers/prepare-block'
import {
  formatTransfers,
  type BlockFormat,
  type PrepareRequest,
  type WireBlock,
} from '../../helpers/prepare-protocol'
import type { SharedSlots } from '../../helpers/shared-slots'
import type { JobDefinition } from '../../../../shared/models/upload-job'

/** Blocks a helper may have queued before the upload worker prepares the next one itself. */
const HELPER_QUEUE = 2

/** A block to prepare: its file, bytes, where it starts and how to read it. */
export interface BlockInput {
  readonly fileIndex: number
  readonly bytes: Buffer
  readonly format: BlockFormat
  readonly firstLine: number
  readonly offset: number
}

/**
 * Prepare helpers (worker threads) that turn NDJSON, CSV or JSON-item blocks into sendable
 * records in parallel, handing results back in input order with a bounded number of blocks in
 * flight. When every helper is backed up (or still loading its code), the calling thread
 * prepares the next block itself: on two cores that lets the upload worker's idle time (it
 * mostly waits for the network) do a share of the work, without the memory of another thread.
 *
 * With shared slots, each block's records are written into a slot taken here, and a block
 * read into a slot goes to its helper by index; the input slot is released once the block is
 * prepared, the output slot by the consumer once its records are packed (`slots.release`).
 */
export class PreparePool {
  private next = 0
  private seq = 0
  private readonly local: ((request: BlockRequest) => Promise<PreparedBlock>) | undefined

  /** `helpers` are started by the caller (the upload worker starts them first thing). */
  constructor(
    job: JobDefinition,
    private readonly helpers: readonly HelperThread[],
    options: { readonly prepareLocally?: boolean; readonly slots?: SharedSlots } = {},
  ) {
    this.local = options.prepareLocally === false ? undefined : createBlockPreparer(job)
    this.slots = options.slots
  }

  private readonly slots: SharedSlots | undefined

  get size(): number {
    return this.helpers.length
  }

  private submit(input: BlockInput): Promise<PreparedBlock> {
    const output = this.slots?.take()
    const result = this.dispatch(input, output)
    const slots = this.slots
    if (slots === undefined) return result
    const release = () => slots.release(input.bytes)
    return result.then(
      (block) => {
        release()
        // Records that outgrew the slot were written elsewhere: the slot is not theirs.
        if (output !== undefined && slots.refOf(block.data)?.slot !== slots.refOf(output)?.slot) {
          slots.release(output)
        }
        return block
      },
      (error: unknown) => {
        release()
        if (output !== undefined) slots.release(output)
        throw error
      },
    )
  }

  /** Prepares a block here or on the least busy helper; `output` is a slot for the records. */
  private dispatch(input: BlockInput, output: Buffer | undefined): Promise<PreparedBlock> {
    const broken = this.helpers.find((helper) => helper.failure !== undefined)?.failure
    if (broken !== undefined) return Promise.reject(broken)
    const ready = this.helpers.filter((candidate) => candidate.ready)
    const candidates = ready.length > 0 ? ready : this.helpers
    let helper = candidates[this.next++ % Math.max(1, candidates.length)]
    for (const other of candidates) {
      if (helper === undefined || other.queued < helper.queued) helper = other
    }
    const backedUp = helper === undefined || !helper.ready || helper.queued >= HELPER_QUEUE
    if (this.local !== undefined && backedUp) {
      return this.local({
        ...input,
        firstOffset: input.offset,
        nowMs: Date.now(),
        ...(output === undefined ? {} : { output }),
      })
    }
    if (helper === undefined) return Promise.reject(new Error('no prepare helper'))
    const inSlot = this.slots?.refOf(input.bytes)
    const outSlot = output === undefined ? undefined : this.slots?.refOf(output)?.slot
    // Transfer needs a buffer of its own (small buffers may sit in Node's shared pool).
    const own =
      input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength
    const bytes = inSlot ?? (own ? input.bytes : new Uint8Array(input.bytes))
    const request: PrepareRequest = {
      type: 'prepare',
      seq: ++this.seq,
      fileIndex: input.fileIndex,
      bytes,
      ...(outSlot === undefined ? {} : { output: outSlot }),
      format: input.format,
      firstLine: input.firstLine,
      firstOffset: input.offset,
      nowMs: Date.now(),
    }
    const transfer = [
      ...(bytes instanceof Uint8Array ? [bytes.buffer as ArrayBuffer] : []),
      ...formatTransfers(input.format),
    ]
    return helper.prepare(request, transfer).then((block) => this.fromWire(block))
  }

  /** A helper's block with its records where the upload worker can read them. */
  private fromWire(block: WireBlock): PreparedBlock {
    if (block.data instanceof Uint8Array) return { ...block, data: block.data }
    if (this.slots === undefined) throw new Error('records in a shared slot, but no slots')
    return { ...block, data: this.slots.bytes(block.data) }
  }

  /**
   * Prepares blocks in parallel and yields the results in input order. At most two blocks per
   * helper plus one are in flight, so a slow consumer (backpressure from sending) stops the
   * reading and memory stays bounded.
   */
  async *prepare<T extends BlockInput>(
    inputs: AsyncIterable<T>,
  ): AsyncGenerator<{ readonly input: T; readonly block: PreparedBlock }> {
    const iterator = inputs[Symbol.asyncIterator]()
    const inFlight: Array<{ input: T; result: Promise<PreparedBlock> }> = []
    const limit = Math.max(1, this.helpers.length) * HELPER_QUEUE + 1
    let exhausted = false
    try {
      for (;;) {
        while (!exhausted && inFlight.length < limit) {
          const next = await iterator.next()
          if (next.done === true) {
            exhausted = true
            break
          }
          const result = this.submit(next.value)
          // Handled when its turn comes; this only keeps an early failure from going unheard.
          result.catch(() => undefined)
          inFlight.push({ input: next.value, result })
        }
        const head = inFlight.shift()
        if (head === undefined) return
        yield { input: head.input, block: await head.result }
      }
    } finally {
      if (!exhausted) await iterator.return?.(undefined)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.helpers.map((helper) => helper.terminate()))
  }
}
