import type { JobState } from '../../../../shared/models/upload-job'
import type { UploadFileProgress, UploadProgress } from '../../../../shared/models/history'
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
} from '../../lib/units'

/**
 * The numbers the Upload screen shows, from the main side's throttled progress events: how far
 * (by bytes read of the files' total, the only total known before the end), how fast (raw and
 * on the wire, smoothed over the last samples), and how long is left.
 */

/** States in which nothing moves any more. */
export const FINAL_STATES: readonly JobState[] = [
  'completed',
  'completed-with-failures',
  'stopped',
  'cancelled',
  'interrupted',
]

export function isFinal(state: JobState): boolean {
  return FINAL_STATES.includes(state)
}

/** 0..1 of one file (1 once done, also for empty files). */
export function fileFraction(
  file: Pick<UploadFileProgress, 'bytesRead' | 'sizeBytes' | 'done'>,
): number {
  if (file.done) return 1
  if (file.sizeBytes <= 0) return 0
  return Math.min(1, file.bytesRead / file.sizeBytes)
}

/** 0..1 of the whole upload. */
export function totalFraction(
  progress: Pick<UploadProgress, 'bytesRead' | 'bytesTotal' | 'state'>,
): number {
  if (progress.state === 'completed' || progress.state === 'completed-with-failures') return 1
  if (progress.bytesTotal <= 0) return 0
  return Math.min(1, progress.bytesRead / progress.bytesTotal)
}

/** A rate smoothed over successive samples (exponential moving average). */
export interface RateSample {
  readonly atMs: number
  readonly wireBytes: number
  /** Smoothed wire bytes per second; null until two samples exist. */
  readonly wirePerSecond: number | null
}

/** Weight of the newest sample. */
const SMOOTHING = 0.3

/** Folds a progress event into the wire-rate estimate (the main side reports raw rates only). */
export function nextWireRate(
  previous: RateSample | null,
  progress: Pick<UploadProgress, 'elapsedMs' | 'bytesWire'>,
): RateSample {
  const sample = { atMs: progress.elapsedMs, wireBytes: progress.bytesWire }
  if (previous === null || progress.elapsedMs <= previous.atMs) {
    return { ...sample, wirePerSecond: previous?.wirePerSecond ?? null }
  }
  const instant =
    ((progress.bytesWire - previous.wireBytes) * 1000) / (progress.elapsedMs - previous.atMs)
  const rate = Math.max(0, instant)
  return {
    ...sample,
    wirePerSecond:
      previous.wirePerSecond === null
        ? rate
        : previous.wirePerSecond * (1 - SMOOTHING) + rate * SMOOTHING,
  }
}

/** Time left: the main side's estimate, else remaining bytes over the raw rate; null if unknown. */
export function etaMs(
  progress: Pick<UploadProgress, 'etaMs' | 'bytesRead' | 'bytesTotal' | 'bytesPerSecond' | 'state'>,
): number | null {
  if (isFinal(progress.state)) return 0
  if (progress.etaMs !== null) return Math.max(0, progress.etaMs)
  if (progress.bytesPerSecond <= 0) return null
  return (Math.max(0, progress.bytesTotal - progress.bytesRead) * 1000) / progress.bytesPerSecond
}

/** Wire bytes per raw byte read (gzip's effect), null before anything was sent. */
export function compressionRatio(
  progress: Pick<UploadProgress, 'bytesRead' | 'bytesWire'>,
): number | null {
  if (progress.bytesRead <= 0 || progress.bytesWire <= 0) return null
  return progress.bytesWire / progress.bytesRead
}

/** Every figure of the total, formatted once for the cards and the live region. */
export interface ProgressFigures {
  readonly percent: string
  readonly fraction: number
  readonly records: string
  readonly accepted: string
  readonly failed: string
  readonly raw: string
  readonly wire: string
  readonly rawRate: string
  readonly wireRate: string
  readonly recordRate: string
  readonly elapsed: string
  readonly eta: string
  readonly compression: string
}

export function progressFigures(
  progress: UploadProgress,
  wire: RateSample | null,
): ProgressFigures {
  const fraction = totalFraction(progress)
  const done = isFinal(progress.state)
  const left = etaMs(progress)
  const ratio = compressionRatio(progress)
  return {
    fraction,
    percent: formatPercent(fraction, done && fraction >= 1),
    records: formatCount(progress.recordsRead),
    accepted: formatCount(progress.recordsAccepted),
    failed: formatCount(progress.recordsFailed),
    raw: `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`,
    wire: formatBytes(progress.bytesWire),
    rawRate: formatRate(progress.bytesPerSecond, 'bytes'),
    wireRate: wire?.wirePerSecond == null ? '–' : formatRate(wire.wirePerSecond, 'bytes'),
    recordRate: formatRate(progress.recordsPerSecond, 'records'),
    elapsed: formatDuration(progress.elapsedMs),
    eta: done ? '–' : left === null ? 'estimating…' : formatDuration(left),
    compression: ratio === null ? '–' : `${Math.round((1 - ratio) * 100)}% smaller`,
  }
}
