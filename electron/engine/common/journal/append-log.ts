import {
  closeSync,
  createReadStream,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { AppError } from '../../../../shared/errors/app-error'

/**
 * An append-only NDJSON file that survives a killed process.
 *
 * Every line goes to the kernel at once with a synchronous write, so a SIGKILL loses nothing
 * that was appended; `sync()` (fdatasync) makes it survive a power cut too and is called at
 * sensible points (about once a second, and when a run pauses or ends), not per line. A line
 * cut short by a crash is removed when the file is opened again, so the next append starts on
 * a fresh line.
 */
export class AppendLog {
  private dirty = false

  private constructor(
    readonly path: string,
    private fd: number | undefined,
  ) {}

  /** Opens (creating) the file for appending, after removing a torn last line. */
  static async open(path: string): Promise<AppendLog> {
    try {
      await mkdir(dirname(path), { recursive: true })
      const fd = openSync(path, 'a+', 0o600)
      repairTornTail(fd)
      return new AppendLog(path, fd)
    } catch (error) {
      throw journalError(path, error)
    }
  }

  /** Appends one JSON-encoded line (the newline is added here). */
  append(line: string): void {
    this.write(`${line}\n`)
  }

  /** Appends several lines with one write. */
  appendMany(lines: readonly string[]): void {
    if (lines.length === 0) return
    this.write(`${lines.join('\n')}\n`)
  }

  /** Flushes to the disk itself when something was written since the last sync. */
  sync(): void {
    if (!this.dirty || this.fd === undefined) return
    try {
      fdatasyncSync(this.fd)
      this.dirty = false
    } catch (error) {
      throw journalError(this.path, error)
    }
  }

  close(): void {
    if (this.fd === undefined) return
    try {
      this.sync()
    } finally {
      closeSync(this.fd)
      this.fd = undefined
    }
  }

  private write(text: string): void {
    if (this.fd === undefined) throw journalError(this.path, new Error('closed'))
    const data = Buffer.from(text, 'utf8')
    try {
      let offset = 0
      while (offset < data.length) offset += writeSync(this.fd, data, offset)
      this.dirty = true
    } catch (error) {
      throw journalError(this.path, error)
    }
  }
}

function journalError(path: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error)
  return new AppError('upload/journal-unwritable', `${path}: ${reason}`, { cause: error })
}

/**
 * Cuts the file after its last newline; returns how many bytes were removed. A crash in the
 * middle of a write can leave half a line at the end, and appending after it would glue the
 * next line to the garbage.
 */
export function repairTornTail(fd: number): number {
  const size = fstatSync(fd).size
  if (size === 0) return 0
  const block = Buffer.alloc(64 * 1024)
  let end = size
  while (end > 0) {
    const start = Math.max(0, end - block.length)
    const length = end - start
    const read = readSync(fd, block, 0, length, start)
    const at = block.subarray(0, read).lastIndexOf(0x0a)
    if (at >= 0) return settleTail(fd, start + at + 1, size)
    end = start
  }
  return settleTail(fd, 0, size)
}

/** Keeps a complete last entry that only lacks its newline; cuts anything else. */
function settleTail(fd: number, keep: number, size: number): number {
  if (keep === size) return 0
  const length = size - keep
  if (length <= 16 * 1024 * 1024) {
    const tail = Buffer.alloc(length)
    readSync(fd, tail, 0, length, keep)
    try {
      JSON.parse(tail.toString('utf8'))
      writeSync(fd, '\n')
      return 0
    } catch {
      // torn: cut below
    }
  }
  ftruncateSync(fd, keep)
  return length
}

/** One line of an append log, parsed, or the marker for a line that could not be read. */
export type LogLine<T> =
  | { readonly ok: true; readonly value: T; /** The line as written. */ readonly text: string }
  | { readonly ok: false }

/**
 * Reads an append log line by line without loading it whole. A missing file reads as empty;
 * an unparsable line (a torn tail being written right now) comes back as `{ ok: false }`.
 */
export async function* readLogLines<T = unknown>(path: string): AsyncGenerator<LogLine<T>> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 })
  const decoder = new StringDecoder('utf8')
  let rest = ''
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk)
      const lines = text.split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        if (line.trim() !== '') yield parseLine<T>(line)
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const tail = rest + decoder.end()
  if (tail.trim() !== '') yield parseLine<T>(tail)
}

function parseLine<T>(line: string): LogLine<T> {
  try {
    return { ok: true, value: JSON.parse(line) as T, text: line }
  } catch {
    return { ok: false }
  }
}
