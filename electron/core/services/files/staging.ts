import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError, isAppError } from '../../../../shared/errors/app-error'

/** Largest file the browser host takes by upload: generous, since log exports get big. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 ** 3

/** Where uploaded copies live: `<dataDir>/staging/<random>/<name>`. */
export function stagingRoot(dataDir: string): string {
  return join(dataDir, 'staging')
}

/**
 * A file name safe to create: the last path segment, without control characters or characters
 * Windows refuses, at most 200 characters (keeping the extension, which format detection reads).
 */
export function safeFileName(name: string): string | undefined {
  const last = basename(name.replace(/\\/g, '/'))
  // eslint-disable-next-line no-control-regex
  const cleaned = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim()
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return undefined
  if (cleaned.length <= 200) return cleaned
  const dot = cleaned.lastIndexOf('.')
  const extension = dot > 0 && cleaned.length - dot <= 20 ? cleaned.slice(dot) : ''
  return `${cleaned.slice(0, 200 - extension.length)}${extension}`
}

export interface StageOptions {
  readonly maxBytes?: number
  /** Content-Length, when the client sent one: anything else arriving is an incomplete upload. */
  readonly expectedBytes?: number
}

/**
 * Streams an upload to a new staging file (never holding it in memory; backpressure applies),
 * refusing more than `maxBytes`. On any failure the partial file is removed.
 */
export async function stageUpload(
  dataDir: string,
  name: string,
  body: Readable,
  options: StageOptions = {},
): Promise<{ path: string; size: number }> {
  const fileName = safeFileName(name)
  if (fileName === undefined)
    throw new AppError('files/bad-name', JSON.stringify(name.slice(0, 80)))
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  if (options.expectedBytes !== undefined && options.expectedBytes > maxBytes) {
    throw new AppError('files/upload-too-large', `${options.expectedBytes} > ${maxBytes}`)
  }
  const dir = join(stagingRoot(dataDir), randomBytes(12).toString('hex'))
  const path = join(dir, fileName)
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new AppError('files/staging-unwritable', `${dir}: ${String(error)}`, { cause: error })
  }
  let size = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > maxBytes) done(new AppError('files/upload-too-large', `over ${maxBytes} bytes`))
      else done(null, chunk)
    },
  })
  try {
    await pipeline(body, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
    if (options.expectedBytes !== undefined && size !== options.expectedBytes) {
      throw new AppError('files/upload-failed', `got ${size} of ${options.expectedBytes} bytes`)
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    if (isAppError(error)) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'files/staging-unwritable'
        : 'files/upload-failed',
      String(error),
      { cause: error },
    )
  }
  return { path, size }
}

/** Removes a staged copy (its random folder), ignoring what is already gone. */
export async function removeStaged(dataDir: string, path: string): Promise<void> {
  const root = stagingRoot(dataDir)
  const dir = join(path, '..')
  if (!dir.startsWith(`${root}`) || dir === root) return
  await rm(dir, { recursive: true, force: true })
}

/**
 * Removes staged copies that nothing needs any more (run at start-up: a copy whose upload was
 * still unfinished when its file was removed, or whose page was closed, would otherwise stay
 * on disk for good). Folders created after `startedMs` are left alone, since an upload may be
 * arriving in them. Returns how many folders were removed.
 */
export async function sweepStaging(
  dataDir: string,
  startedMs: number,
  keep: (path: string) => Promise<boolean>,
): Promise<number> {
  const root = stagingRoot(dataDir)
  let folders: string[]
  try {
    folders = await readdir(root)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of folders) {
    const folder = join(root, name)
    try {
      if ((await stat(folder)).mtimeMs >= startedMs) continue
      let needed = false
      for (const file of await readdir(folder)) {
        if (await keep(join(folder, file))) {
          needed = true
          break
        }
      }
      if (needed) continue
      await rm(folder, { recursive: true, force: true })
      removed++
    } catch {
      // Gone already, or unreadable: the next start tries again.
    }
  }
  return removed
}
