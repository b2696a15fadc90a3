/** A growing output buffer that records are written into directly, as UTF-8 text or bytes. */
export class PackedOutput {
  buffer: Buffer
  length = 0
  /** A buffer given to write into (a shared slot): kept as it is, however little is used. */
  private readonly given: Buffer | undefined

  /** Writes into `into` while it has room, else into a buffer of about `initial` bytes. */
  constructor(initial: number, into?: Buffer) {
    this.given = into !== undefined && into.length >= initial ? into : undefined
    // Never from Buffer's shared pool: the result may be transferred to another thread.
    this.buffer = this.given ?? Buffer.allocUnsafeSlow(Math.max(1024, initial))
  }

  /** Makes room for `bytes` more bytes after `length`, so they can be written into `buffer`. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return
    const next = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + bytes))
    this.buffer.copy(next, 0, 0, this.length)
    this.buffer = next
  }

  /** Appends text; returns the end offset. */
  write(text: string): number {
    this.reserve(text.length * 3)
    this.length += this.buffer.write(text, this.length, 'utf8')
    return this.length
  }

  /**
   * The written bytes: in the given buffer when they fit there, else in a buffer of their own
   * (transferable). Mostly full, the buffer itself
   * is handed over instead of a copy: a block's copy was one of the large allocations whose
   * sum sets off the upload worker's full garbage collections.
   */
  take(): Uint8Array {
    if (this.buffer === this.given || this.length * 2 >= this.buffer.length) {
      return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length)
    }
    const own = new Uint8Array(this.length)
    own.set(this.buffer.subarray(0, this.length))
    return own
  }
}
