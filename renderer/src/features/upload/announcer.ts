import type { JobState } from '../../../../shared/models/upload-job'
import type { UploadProgress } from '../../../../shared/models/history'
import { formatCount, formatDuration } from '../../lib/units'
import { donePercent, etaMs, isFinal, totalFraction } from './progress-math'

/**
 * What the polite live region says during an upload, and when: at once when the state changes
 * (paused, resumed, finished), otherwise at most every 15 seconds, so a screen reader is kept
 * informed without being flooded by the progress events.
 */

export const ANNOUNCE_EVERY_MS = 15_000

export interface AnnouncerState {
  readonly lastAtMs: number | null
  readonly lastState: JobState | null
  /** The fraction last spoken: a smaller one (a new run) is spoken at once, never left stale. */
  readonly lastFraction: number
}

export const INITIAL_ANNOUNCER: AnnouncerState = {
  lastAtMs: null,
  lastState: null,
  lastFraction: 0,
}

const STATE_WORDS: Readonly<Record<JobState, string>> = {
  running: 'Uploading',
  paused: 'Upload paused',
  completed: 'Upload finished',
  'completed-with-failures': 'Upload finished with failed records',
  stopped: 'Upload stopped',
  cancelled: 'Upload cancelled',
  interrupted: 'Upload interrupted',
}

/** The sentence for one progress event. */
export function announcement(progress: UploadProgress): string {
  const head = STATE_WORDS[progress.state]
  const records = `${formatCount(progress.recordsAccepted)} records accepted`
  const failed = progress.recordsFailed > 0 ? `, ${formatCount(progress.recordsFailed)} failed` : ''
  if (isFinal(progress.state)) return `${head}: ${records}${failed}.`
  const fraction = donePercent(progress)
  const left = etaMs(progress)
  const eta = left === null || left === 0 ? '' : `, about ${formatDuration(left)} left`
  return `${head}: ${fraction}, ${records}${failed}${eta}.`
}

/** Decides whether to speak now; returns the new state and the text (null: stay quiet). */
export function nextAnnouncement(
  state: AnnouncerState,
  progress: UploadProgress,
  nowMs: number,
): { state: AnnouncerState; text: string | null } {
  const fraction = totalFraction(progress)
  const changed = state.lastState !== progress.state || fraction < state.lastFraction
  const due = state.lastAtMs === null || nowMs - state.lastAtMs >= ANNOUNCE_EVERY_MS
  if (!changed && !due) return { state, text: null }
  return {
    state: { lastAtMs: nowMs, lastState: progress.state, lastFraction: fraction },
    text: announcement(progress),
  }
}
