import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

interface Waiter {
  readonly resolve: () => void
  readonly reject: (error: Error) => void
}

/**
 * Appends lines to one file with group commit: `append` resolves only once its lines are
 * written and fsynced, so an acknowledged row survives a kill. While one write + fsync runs,
 * later lines queue up and go together in the next one, so thousands of concurrent small
 * requests cost a few fsyncs, not one each. Writes happen in order on one handle.
 */
export class NdjsonAppender {
  private pending: string[] = []
  private waiters: Waiter[] = []
  private writing: Promise<void> | undefined
  private handle: FileHandle | undefined
  private failure: Error | undefined

  constructor(readonly path: string) {}

  /** Queues lines (without newlines); resolves when they are on disk, rejects if writing failed. */
  append(lines: readonly string[]): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (lines.length === 0) return Promise.resolve()
    for (const line of lines) this.pending.push(line)
    const durable = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
    this.writing ??= this.drain()
    return durable
  }

  /** Resolves when everything queued so far is on disk (or writing failed). */
  async flush(): Promise<void> {
    await this.writing
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush()
    const handle = this.handle
    this.handle = undefined
    await handle?.close()
  }

  /** Drops queued lines (their appends reject) and closes the file, before it is deleted. */
  async discard(): Promise<void> {
    this.rejectPending(new Error('the table was reset before these rows were written'))
    await this.close()
    this.failure = undefined
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && this.failure === undefined) {
      const data = `${this.pending.join('\n')}\n`
      const batch = this.waiters
      this.pending = []
      this.waiters = []
      try {
        const handle = await this.openHandle()
        await handle.write(data)
        await handle.datasync()
        for (const waiter of batch) waiter.resolve()
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error))
        for (const waiter of batch) waiter.reject(this.failure)
        this.rejectPending(this.failure)
      }
    }
    this.writing = undefined
  }

  private rejectPending(error: Error): void {
    const waiters = this.waiters
    this.pending = []
    this.waiters = []
    for (const waiter of waiters) waiter.reject(error)
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle === undefined) {
      await mkdir(dirname(this.path), { recursive: true })
      this.handle = await open(this.path, 'a', 0o600)
      await syncDirectory(dirname(this.path))
    }
    return this.handle
  }
}

/** Makes a new file's directory entry durable too; not possible on Windows, where it is skipped. */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return
  const dir = await open(path, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}
