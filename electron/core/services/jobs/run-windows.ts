import { stat } from 'node:fs/promises'
import { readLogLines } from '../../../engine/common/journal/append-log'
import type { JobPaths } from '../../../engine/common/journal/job-store'
import type { Window } from './verify-windows'

/**
 * When the job's runs sent, as raw windows (no widening), from the `run` and `end` lines of
 * its ledger. A run without an end (a crash, a kill) ends at the ledger's last write.
 */
export async function runWindows(paths: JobPaths): Promise<Window[]> {
  const windows: Window[] = []
  let open: number | undefined
  for await (const line of readLogLines<{ t?: unknown; at?: unknown }>(paths.ledger)) {
    if (!line.ok || typeof line.value.at !== 'string') continue
    const at = Date.parse(line.value.at)
    if (line.value.t === 'run') {
      if (open !== undefined) windows.push({ from: open, to: Math.max(open, at) })
      open = at
    } else if (line.value.t === 'end' && open !== undefined) {
      windows.push({ from: open, to: Math.max(open, at) })
      open = undefined
    }
  }
  if (open !== undefined) {
    const last = await stat(paths.ledger).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    )
    windows.push({ from: open, to: Math.max(open, last) })
  }
  return windows
}

/** When the job's first run started (its ledger's first line), undefined before any run. */
export async function firstRunStart(paths: JobPaths): Promise<string | undefined> {
  for await (const line of readLogLines<{ t?: unknown; at?: unknown }>(paths.ledger)) {
    if (line.ok && line.value.t === 'run' && typeof line.value.at === 'string') {
      return line.value.at
    }
  }
  return undefined
}
