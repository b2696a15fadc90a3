import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

const FLUSH_BYTES = 1024 * 1024
const FLUSH_DELAY_MS = 25

/**
 * Appends lines to one file in batches: lines are buffered and written together after a short
 * delay or once a megabyte is pending, so thousands of small ingestion requests cost a few
 * writes. Writes happen in order on one handle; `close` flushes and fsyncs.
 */
export class NdjsonAppender {
  private pending: string[] = []
  private pendingBytes = 0
  private timer: NodeJS.Timeout | undefined
  private chain: Promise<void> = Promise.resolve()
  private handle: FileHandle | undefined
  private failure: Error | undefined

  constructor(readonly path: string) {}

  /** Queues lines (without newlines); throws if an earlier write failed. */
  append(lines: readonly string[]): void {
    if (this.failure !== undefined) throw this.failure
    for (const line of lines) {
      this.pending.push(line)
      this.pendingBytes += line.length + 1
    }
    if (this.pendingBytes >= FLUSH_BYTES) {
      void this.flush()
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS)
      this.timer.unref()
    }
  }

  /** Writes everything queued so far; resolves when it is in the file. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.pending.length > 0) {
      const data = `${this.pending.join('\n')}\n`
      this.pending = []
      this.pendingBytes = 0
      this.chain = this.chain.then(async () => {
        if (this.failure !== undefined) return
        try {
          const handle = await this.openHandle()
          await handle.write(data)
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error))
        }
      })
    }
    return this.chain
  }

  /** Flushes, fsyncs and closes the file. */
  async close(): Promise<void> {
    await this.flush()
    const handle = this.handle
    this.handle = undefined
    if (handle !== undefined) {
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
  }

  /** Drops queued lines and closes the file (used before the file is deleted). */
  async discard(): Promise<void> {
    this.pending = []
    this.pendingBytes = 0
    await this.close()
    this.failure = undefined
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle === undefined) {
      await mkdir(dirname(this.path), { recursive: true })
      this.handle = await open(this.path, 'a', 0o600)
    }
    return this.handle
  }
}
