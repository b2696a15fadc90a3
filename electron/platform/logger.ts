import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { redactSecrets } from './redact'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Structured logger; every line passes through secret redaction before it is written. */
export interface Logger {
  debug(area: string, message: string, fields?: Record<string, unknown>): void
  info(area: string, message: string, fields?: Record<string, unknown>): void
  warn(area: string, message: string, fields?: Record<string, unknown>): void
  error(area: string, message: string, fields?: Record<string, unknown>): void
}

export interface LoggerOptions {
  /** Folder for `logdrop.log` and its rotations; omit to log to stderr only. */
  readonly dir?: string
  /** Rotate when the file passes this size. */
  readonly maxBytes?: number
  /** Also write to stderr. */
  readonly echo?: boolean
  /** Captures lines (tests scan them for secrets). */
  readonly sink?: (line: string) => void
}

const ROTATIONS = 3

/** Like the rest of the data folder: the log folder and files are the user's only. */
const DIR_MODE = 0o700
const FILE_MODE = 0o600

/** Tightens a folder or file made by an older version (0755 / 0644) to `mode`. */
function makePrivateSync(path: string, mode: number): void {
  if (process.platform === 'win32') return
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode)
  } catch {
    // Missing (a log not written yet) or not ours: nothing to tighten.
  }
}

/** Creates a logger that writes JSON lines, rotating `logdrop.log` → `.1` → `.2` → `.3`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024
  const file = options.dir === undefined ? undefined : join(options.dir, 'logdrop.log')
  if (options.dir !== undefined && file !== undefined) {
    mkdirSync(options.dir, { recursive: true, mode: DIR_MODE })
    makePrivateSync(options.dir, DIR_MODE)
    for (const path of [file, ...Array.from({ length: ROTATIONS }, (_, i) => `${file}.${i + 1}`)]) {
      makePrivateSync(path, FILE_MODE)
    }
  }

  function rotateIfNeeded(path: string): void {
    let size: number
    try {
      size = statSync(path).size
    } catch {
      return
    }
    if (size < maxBytes) return
    for (let i = ROTATIONS - 1; i >= 1; i--) {
      try {
        renameSync(`${path}.${i}`, `${path}.${i + 1}`)
      } catch {
        // a missing rotation is fine
      }
    }
    renameSync(path, `${path}.1`)
  }

  function write(level: LogLevel, area: string, message: string, fields?: Record<string, unknown>) {
    const line = redactSecrets(
      JSON.stringify({ t: new Date().toISOString(), level, area, message, ...fields }),
    )
    options.sink?.(line)
    if (options.echo === true) process.stderr.write(`${line}\n`)
    if (file !== undefined) {
      try {
        rotateIfNeeded(file)
        appendFileSync(file, `${line}\n`, { mode: FILE_MODE })
      } catch {
        // Logging must never take the app down (disk full, read-only folder).
      }
    }
  }

  return {
    debug: (a, m, f) => write('debug', a, m, f),
    info: (a, m, f) => write('info', a, m, f),
    warn: (a, m, f) => write('warn', a, m, f),
    error: (a, m, f) => write('error', a, m, f),
  }
}
