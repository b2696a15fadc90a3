/**
 * Request bodies to reuse. Every 1 MB body was a new ArrayBuffer, and on the upload worker the
 * sum of such allocations is what sets off full garbage collections (V8 counts their memory
 * against a limit scaled to the thread's small heap): one every 16 MB or so, about 55 per
 * 200 MB uploaded. A body goes back only once its request is settled, and nothing else keeps it.
 */
export class BodyPool {
  private readonly free: ArrayBuffer[] = []

  constructor(
    /** Bytes of each pooled buffer: the request limit. */
    private readonly capacity: number,
    /** Buffers kept for reuse at most. */
    private readonly keep: number,
  ) {}

  /** A buffer of `bytes` bytes (contents undefined), reused when one is free. */
  take(bytes: number): Buffer {
    if (bytes > this.capacity) return Buffer.allocUnsafe(bytes)
    return Buffer.from(this.free.pop() ?? new ArrayBuffer(this.capacity), 0, bytes)
  }

  /** Hands back a body `take` gave, once nothing reads it any more. */
  give(body: Buffer): void {
    const buffer = body.buffer
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== this.capacity) return
    if (body.byteOffset !== 0 || this.free.length >= this.keep || this.free.includes(buffer)) return
    this.free.push(buffer)
  }
}
