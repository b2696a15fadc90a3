/** A growing output buffer that records are written into directly, as UTF-8 text or bytes. */
export class PackedOutput {
  buffer: Buffer
  length = 0

  constructor(initial: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, initial))
  }

  /** Makes room for `bytes` more bytes after `length`, so they can be written into `buffer`. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes))
    this.buffer.copy(next, 0, 0, this.length)
    this.buffer = next
  }

  /** Appends text; returns the end offset. */
  write(text: string): number {
    this.reserve(text.length * 3)
    this.length += this.buffer.write(text, this.length, 'utf8')
    return this.length
  }

  /** The written bytes in a buffer of their own (transferable). */
  take(): Uint8Array {
    const own = new Uint8Array(this.length)
    own.set(this.buffer.subarray(0, this.length))
    return own
  }
}
