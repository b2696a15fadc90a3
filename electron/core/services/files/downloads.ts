import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { AppError } from '../../../../shared/errors/app-error'
import type { SaveOutcome } from '../../../../shared/models/history'
import { safeFileName } from './staging'

/** Writes content to a stream and says how many records it wrote (when it counts them). */
export type ContentWriter = (out: Writable) => Promise<number | undefined>

/** A file waiting to be downloaded once from the browser host. */
export interface PendingDownload {
  readonly path: string
  readonly fileName: string
  readonly contentType: string
  readonly expiresAt: number
}

/** How long a download link works. */
export const DOWNLOAD_TTL_MS = 10 * 60_000

/**
 * Asks where to save (Electron's save dialog); resolves with the chosen path, or null when the
 * person cancelled.
 */
export type SaveFileDialog = (request: {
  readonly defaultName: string
  readonly filters: ReadonlyArray<{ readonly name: string; readonly extensions: readonly string[] }>
}) => Promise<string | null>

async function writeTo(path: string, write: ContentWriter): Promise<number | undefined> {
  const out = createWriteStream(path, { mode: 0o600 })
  const closed = once(out, 'close')
  try {
    const count = await write(out)
    out.end()
    await closed
    return count
  } catch (error) {
    out.destroy()
    await rm(path, { force: true })
    throw error
  }
}

/**
 * Where exports go. Electron: a save dialog, then the content streams to the chosen file.
 * Browser host: the content streams to `<dataDir>/exports/<token>` and a one-time link
 * `exports/<token>` (relative to the host's secret base URL) serves it once, then it is deleted.
 */
export class Downloads {
  private readonly pending = new Map<string, PendingDownload>()
  private readonly dir: string

  constructor(
    dataDir: string,
    private readonly saveFile: SaveFileDialog | undefined,
  ) {
    this.dir = join(dataDir, 'exports')
  }

  /** Saves content through the dialog or as a one-time download. */
  async save(
    name: string,
    contentType: string,
    filter: { readonly name: string; readonly extensions: readonly string[] },
    write: ContentWriter,
  ): Promise<SaveOutcome> {
    const fileName = safeFileName(name) ?? 'export.txt'
    if (this.saveFile !== undefined) {
      const path = await this.saveFile({ defaultName: fileName, filters: [filter] })
      if (path === null) return { kind: 'cancelled' }
      let records: number | undefined
      try {
        records = await writeTo(path, write)
      } catch (error) {
        throw new AppError('upload/export-failed', `${path}: ${String(error)}`, { cause: error })
      }
      return { kind: 'saved', fileName: path, ...(records === undefined ? {} : { records }) }
    }
    await this.sweep()
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const token = randomBytes(24).toString('base64url')
    const path = join(this.dir, token)
    const records = await writeTo(path, write)
    this.pending.set(token, {
      path,
      fileName,
      contentType,
      expiresAt: Date.now() + DOWNLOAD_TTL_MS,
    })
    return {
      kind: 'download',
      url: `exports/${token}`,
      fileName,
      ...(records === undefined ? {} : { records }),
    }
  }

  /**
   * Takes a download by token, once: the caller streams the file and then calls `done()`,
   * which deletes it. Undefined for an unknown, used or expired token.
   */
  take(token: string): (PendingDownload & { done(): Promise<void> }) | undefined {
    const found = this.pending.get(token)
    if (found === undefined) return undefined
    this.pending.delete(token)
    if (found.expiresAt < Date.now()) {
      void rm(found.path, { force: true })
      return undefined
    }
    return { ...found, done: () => rm(found.path, { force: true }) }
  }

  /** Deletes expired downloads. */
  async sweep(): Promise<void> {
    const now = Date.now()
    for (const [token, item] of this.pending) {
      if (item.expiresAt >= now) continue
      this.pending.delete(token)
      await rm(item.path, { force: true })
    }
  }

  /** Deletes every waiting download (shutdown). */
  async clear(): Promise<void> {
    for (const item of this.pending.values()) await rm(item.path, { force: true })
    this.pending.clear()
  }
}
