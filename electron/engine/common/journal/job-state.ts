import { access } from 'node:fs/promises'
import type { JobState, JobSummary } from '../../../../shared/models/upload-job'
import { loadSummary, lockHolder, type JobPaths } from './job-store'

/**
 * The one place that decides what state a job is in, from its journal: a live lock means a
 * process runs it; a lock whose process is gone (a crash, a kill, a host restart) or a job with
 * no summary yet means it was interrupted; otherwise its last run's summary says how it ended.
 */

/** What this process knows: whether it runs the job right now, and in which state. */
export type LiveState = 'running' | 'paused' | undefined

/** The job's state and its last run's summary. */
export interface JobStatus {
  readonly state: JobState
  readonly summary: JobSummary | undefined
  /** Another process (the CLI, another app) holds the job's lock. */
  readonly heldElsewhere: boolean
}

export async function readJobStatus(paths: JobPaths, live: LiveState): Promise<JobStatus> {
  const summary = await loadSummary(paths)
  if (live !== undefined) return { state: live, summary, heldElsewhere: false }
  const holder = await lockHolder(paths)
  if (holder !== undefined && holder !== process.pid) {
    return { state: 'running', summary, heldElsewhere: true }
  }
  // A lock of this process that it no longer runs is left from a closed app context.
  const lockLeft = holder === process.pid || (await exists(paths.lock))
  const state: JobState = lockLeft ? 'interrupted' : (summary?.state ?? 'interrupted')
  return { state, summary, heldElsewhere: false }
}

/** The job ended with every record accepted or in the failed store: nothing to resume. */
export function isFinished(state: JobState): boolean {
  return state === 'completed' || state === 'completed-with-failures'
}

/** A resume can continue it. */
export function isResumable(state: JobState): boolean {
  return state === 'interrupted' || state === 'cancelled' || state === 'stopped'
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
