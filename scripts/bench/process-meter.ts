import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'

/** What a measured process did, seen from outside: start-up and exit included. */
export interface ProcessRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly seconds: number
  /** User + system CPU of the process and all its threads (Linux: from this process's cutime). */
  readonly cpuSeconds: number | undefined
  /** The process's peak resident memory (Linux: VmHWM, read until it exits). */
  readonly peakRssBytes: number | undefined
}

/**
 * CPU seconds of this process's waited-for children (`cutime + cstime` in /proc/self/stat).
 * Node reaps a child as soon as it exits, so the difference around one run is that run's CPU.
 */
async function childrenCpuSeconds(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}

/** VmHWM of a running process in bytes (undefined once it is gone, or off Linux). */
async function peakRss(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const match = /VmHWM:\s+(\d+) kB/.exec(status)
    return match === null ? undefined : Number(match[1]) * 1024
  } catch {
    return undefined
  }
}

/** How often the peak RSS is read; it only grows, so the last reading is at most this late. */
const RSS_POLL_MS = 50

/**
 * Runs `command args` to its end and measures it from outside, as a user's shell would see it:
 * wall time from spawn to exit, CPU of every thread, peak RSS. Output is kept for the caller
 * (shown when the run fails), so progress lines do not cut through the table.
 */
export async function measureProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  const cpuBefore = await childrenCpuSeconds()
  const started = performance.now()
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let peak: number | undefined
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const poll = setInterval(() => {
    if (child.pid === undefined) return
    void peakRss(child.pid).then((bytes) => {
      if (bytes !== undefined) peak = Math.max(peak ?? 0, bytes)
    })
  }, RSS_POLL_MS)
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => resolveExit(code ?? (signal === null ? 1 : 128)))
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(poll)
  const cpuAfter = await childrenCpuSeconds()
  return {
    exitCode,
    stdout,
    stderr,
    seconds,
    cpuSeconds:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    peakRssBytes: peak,
  }
}
