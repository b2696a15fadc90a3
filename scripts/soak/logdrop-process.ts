import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { JobSummary } from '../../shared/models/upload-job'
import { REPO_ROOT } from './emulator-handle'

/** How a `logdrop` run ended. */
export interface LogdropExit {
  /** null when a signal ended it. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** A `logdrop` command running as its own process. */
export interface LogdropProcess {
  readonly child: ChildProcess
  readonly startedAt: number
  readonly done: Promise<LogdropExit>
}

/** Options for one run. */
export interface LogdropRunOptions {
  /** Extra environment (LOGDROP_DATA_DIR is cleared unless given here). */
  readonly env?: Readonly<Record<string, string>>
  /** Run as another user (root runs the read-only folder check as nobody). */
  readonly uid?: number
  readonly gid?: number
}

/**
 * Starts the real CLI (`electron/cli/logdrop.ts` under Node with the tsx hook) as a child
 * process, as a person would run `npx logdrop`, so it can be killed with SIGKILL.
 */
export function startLogdrop(
  args: readonly string[],
  options: LogdropRunOptions = {},
): LogdropProcess {
  const startedAt = Date.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/logdrop.ts'), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOGDROP_DATA_DIR: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    },
  )
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const done = new Promise<LogdropExit>((resolveDone) =>
    child.on('close', (code, signal) =>
      resolveDone({ code, signal, stdout, stderr, ms: Date.now() - startedAt }),
    ),
  )
  return { child, startedAt, done }
}

/** Runs a command to its end. */
export function runLogdrop(
  args: readonly string[],
  options: LogdropRunOptions = {},
): Promise<LogdropExit> {
  return startLogdrop(args, options).done
}

/** The `--json` summary of `upload`, `resume` or `failed retry` (with `next` steps). */
export type CliSummary = JobSummary & {
  readonly next: { readonly resume?: string; readonly retryFailed?: string }
}

/** Parses the `--json` summary a finished run printed; throws with its output when there is none. */
export function summaryOf(exit: LogdropExit): CliSummary {
  const text = exit.stdout.trim()
  const start = text.indexOf('{')
  try {
    const parsed = JSON.parse(text.slice(start)) as CliSummary | { error: unknown }
    if ('error' in parsed && !('jobId' in parsed)) throw new Error('an error, not a summary')
    return parsed
  } catch (error) {
    throw new Error(
      `logdrop printed no summary (exit ${exit.code}, ${String(error)})\nstdout: ${exit.stdout.slice(0, 2000)}\nstderr: ${exit.stderr.slice(-2000)}`,
      { cause: error },
    )
  }
}

/** True when the output holds a JavaScript stack trace (the CLI must never print one). */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)|\n\s+at .+:\d+:\d+/.test(text)
}

/** The `--emulator=DIR --data-dir DIR` pair most commands take. */
export function connectionArgs(emulatorDir: string, dataDir: string): string[] {
  return [`--emulator=${emulatorDir}`, '--data-dir', dataDir]
}
