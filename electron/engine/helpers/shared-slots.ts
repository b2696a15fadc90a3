/**
 * Block buffers that the upload worker and its prepare helpers share instead of passing new
 * ones back and forth. V8 starts a full garbage collection each time a thread's new
 * ArrayBuffers add up to about 16 MB (a limit scaled to the workers' small heaps), and a
 * transferred buffer counts as new on the thread it arrives at: a block read from disk, sent
 * to a helper and prepared into records was two such megabytes per megabyte of input on the
 * upload worker. Slots are allocated once, handed to the helpers once (in their workerData),
 * and named by index in every message after that.
 *
 * Only the upload worker takes and releases slots; a helper only reads and writes the slots
 * a request names, until it answers (a message is the hand-over, so no locks are needed).
 */

/** A block's bytes in a slot, as messages carry them. */
export interface SlotRef {
  readonly slot: number
  readonly length: number
}

/** What a helper needs to reach the slots. */
export interface SlotMemory {
  readonly memory: SharedArrayBuffer
  readonly slotBytes: number
}

/** Room for a 1 MiB block (with the reader's slack) or its prepared records. */
export const SLOT_BYTES = 2 * 1024 * 1024

/**
 * Slots for a number of helpers: each may hold two input blocks and two results, and the
 * upload worker holds a block being read, one being prepared by itself, and results being
 * packed. When none is free, buffers are allocated as before: slots are never waited for.
 */
export function slotCountFor(helpers: number): number {
  return helpers * 4 + 6
}

export class SharedSlots {
  /** Free slots, the most recently released last: reused first, so fewer pages are touched. */
  private readonly free: number[] = []
  private readonly inUse: Uint8Array

  constructor(
    readonly memory: SharedArrayBuffer,
    readonly slotBytes: number,
  ) {
    const count = Math.floor(memory.byteLength / slotBytes)
    this.inUse = new Uint8Array(count)
    for (let index = count - 1; index >= 0; index--) this.free.push(index)
  }

  static create(count: number, slotBytes: number = SLOT_BYTES): SharedSlots {
    return new SharedSlots(new SharedArrayBuffer(count * slotBytes), slotBytes)
  }

  /** The same slots on a helper's side. */
  static attach(memory: SlotMemory): SharedSlots {
    return new SharedSlots(memory.memory, memory.slotBytes)
  }

  get shared(): SlotMemory {
    return { memory: this.memory, slotBytes: this.slotBytes }
  }

  /** Slots free to take. */
  get available(): number {
    return this.free.length
  }

  /** A slot's whole buffer. */
  view(slot: number): Buffer {
    return Buffer.from(this.memory, slot * this.slotBytes, this.slotBytes)
  }

  /** The first `ref.length` bytes of a slot. */
  bytes(ref: SlotRef): Buffer {
    return Buffer.from(this.memory, ref.slot * this.slotBytes, ref.length)
  }

  /** The slot that holds `bytes` from its start, or undefined for any other buffer. */
  refOf(bytes: Uint8Array): SlotRef | undefined {
    if (bytes.buffer !== this.memory || bytes.byteOffset % this.slotBytes !== 0) return undefined
    return { slot: bytes.byteOffset / this.slotBytes, length: bytes.byteLength }
  }

  /** A free slot's first `bytes` bytes, or undefined when none is free or it is too small. */
  take(bytes: number = this.slotBytes): Buffer | undefined {
    if (bytes > this.slotBytes) return undefined
    const slot = this.free.pop()
    if (slot === undefined) return undefined
    this.inUse[slot] = 1
    return Buffer.from(this.memory, slot * this.slotBytes, bytes)
  }

  /** Gives back the slot `bytes` starts; any other buffer (or a free slot) is ignored. */
  release(bytes: Uint8Array): void {
    const ref = this.refOf(bytes)
    if (ref === undefined || this.inUse[ref.slot] !== 1) return
    this.inUse[ref.slot] = 0
    this.free.push(ref.slot)
  }
}
