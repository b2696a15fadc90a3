import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import type { AppErrorCode } from '../../../../shared/errors/app-error'

/**
 * Whether a path is a file LogDrop can read to its end, checked before anything opens it: a
 * FIFO or a device would block a read forever (or never end), and each common reason a file
 * cannot be read gets its own code and words instead of the system's message.
 */

export interface FileProblem {
  readonly code: AppErrorCode
  /** A sentence naming the file. */
  readonly reason: string
}

/** What a failed stat, access or read says about the file. */
export function describeFileError(name: string, error: unknown): FileProblem {
  const e = error as NodeJS.ErrnoException
  switch (e.code) {
    case 'ENOENT':
      return {
        code: 'parse/file-missing',
        reason: `${name} does not exist (it may have been moved, renamed or deleted).`,
      }
    case 'ENOTDIR':
      return {
        code: 'parse/file-missing',
        reason: `${name} does not exist: a part of its path is a file, not a folder.`,
      }
    case 'EISDIR':
      return { code: 'parse/file-is-folder', reason: `${name} is a folder, not a file.` }
    case 'ELOOP':
      return {
        code: 'parse/file-symlink-loop',
        reason: `${name} is a symbolic link that leads back to itself (a loop).`,
      }
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'parse/file-permission',
        reason: `You may not read ${name} (permission denied).`,
      }
    default:
      return { code: 'parse/file-unreadable', reason: `${name} could not be read: ${e.message}.` }
  }
}

function kindOf(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/** Why the path cannot be read as a file, or undefined when it can. `name` names it in reports. */
export async function regularFileProblem(
  path: string,
  name: string = path,
): Promise<FileProblem | undefined> {
  let info
  try {
    info = await stat(path)
  } catch (error) {
    return describeFileError(name, error)
  }
  if (info.isDirectory()) return describeFileError(name, { code: 'EISDIR' })
  if (!info.isFile()) {
    return {
      code: 'parse/file-not-regular',
      reason: `${name} is ${kindOf(info)}, not a regular file: it cannot be read to an end. Save its data to a file and upload that.`,
    }
  }
  try {
    await access(path, constants.R_OK)
  } catch (error) {
    return describeFileError(name, error)
  }
  return undefined
}

/**
 * True when a file still has the size and modification time a job recorded. Millisecond
 * precision: some file systems and copy tools keep no finer time.
 */
export function sameVersion(
  info: { readonly size: number; readonly mtimeMs: number },
  recorded: { readonly size: number; readonly mtimeMs: number },
): boolean {
  return info.size === recorded.size && Math.floor(info.mtimeMs) === Math.floor(recorded.mtimeMs)
}

/**
 * Why a file is not the one a job started with (its size or modification time moved while it
 * was read: truncated, appended to, replaced), or undefined when it is the same.
 */
export async function changedSince(
  path: string,
  size: number,
  mtimeMs: number,
): Promise<string | undefined> {
  let info
  try {
    info = await stat(path)
  } catch (error) {
    return `${describeFileError(path, error).reason} It was there when the upload started.`
  }
  if (sameVersion(info, { size, mtimeMs })) return undefined
  const what =
    info.size < size
      ? `shrank from ${size} to ${info.size} bytes`
      : info.size > size
        ? `grew from ${size} to ${info.size} bytes`
        : `was rewritten (modified at ${new Date(info.mtimeMs).toISOString()})`
  return `${path} changed while it was read: it ${what}. The records read were kept; the last of them may be cut off. Upload the file again once it stops changing.`
}
