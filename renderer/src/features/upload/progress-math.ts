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

/** "80% smaller", only when gzip was on and the wire carried less than was read; else null. */
export function compressionText(
  progress: Pick<UploadProgress, 'bytesRead' | 'bytesWire' | 'gzipLevel'>,
): string | null {
  const ratio = compressionRatio(progress)
  if (progress.gzipLevel <= 0 || ratio === null || ratio >= 1) return null
  const saved = Math.round((1 - ratio) * 100)
  return saved > 0 ? `${saved}% smaller` : null
}

/**
 * Raw bytes and records a second: the live rate while the upload runs, the average over the
 * run once it ended (the live rate is 0 then, which says nothing).
 */
export function shownRates(
  progress: Pick<
    UploadProgress,
    'state' | 'elapsedMs' | 'bytesRead' | 'recordsRead' | 'bytesPerSecond' | 'recordsPerSecond'
  >,
): { readonly average: boolean; readonly bytes: number; readonly records: number } {
  if (!isFinal(progress.state)) {
    return { average: false, bytes: progress.bytesPerSecond, records: progress.recordsPerSecond }
  }
  const seconds = progress.elapsedMs / 1000
  if (seconds <= 0) return { average: true, bytes: Number.NaN, records: Number.NaN }
  return {
    average: true,
    bytes: progress.bytesRead / seconds,
    records: progress.recordsRead / seconds,
  }
}

/**
 * Records read, never fewer than those already accounted for (accepted or failed): a resumed
 * run reads from where the last one stopped, while accepted counts every run.
 */
export function recordsShown(
  progress: Pick<UploadProgress, 'recordsRead' | 'recordsAccepted' | 'recordsFailed'>,
): number {
  return Math.max(progress.recordsRead, progress.recordsAccepted + progress.recordsFailed)
}

/** The Done figure, the one the bar, the screen and the live region all show. */
export function donePercent(progress: UploadProgress): string {
  const fraction = totalFraction(progress)
  return formatPercent(fraction, isFinal(progress.state) && fraction >= 1)
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
  /** null when nothing was compressed (gzip off, or no smaller). */
  readonly compression: string | null
  /** The wire figure's term: `Sent (gzip)` only when gzip was on. */
  readonly wireTerm: string
  /** The rate figure's term: `Average rate` once the upload ended. */
  readonly rateTerm: string
}

export function progressFigures(
  progress: UploadProgress,
  wire: RateSample | null,
): ProgressFigures {
  const fraction = totalFraction(progress)
  const done = isFinal(progress.state)
  const left = etaMs(progress)
  const rates = shownRates(progress)
  return {
    fraction,
    percent: donePercent(progress),
    records: formatCount(recordsShown(progress)),
    accepted: formatCount(progress.recordsAccepted),
    failed: formatCount(progress.recordsFailed),
    raw: `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`,
    wire: formatBytes(progress.bytesWire),
    rawRate: formatRate(rates.bytes, 'bytes'),
    wireRate:
      done && progress.elapsedMs > 0
        ? formatRate((progress.bytesWire * 1000) / progress.elapsedMs, 'bytes')
        : wire?.wirePerSecond == null
          ? '–'
          : formatRate(wire.wirePerSecond, 'bytes'),
    recordRate: formatRate(rates.records, 'records'),
    elapsed: formatDuration(progress.elapsedMs),
    eta: done ? '–' : left === null ? 'estimating…' : formatDuration(left),
    compression: compressionText(progress),
    wireTerm: progress.gzipLevel > 0 ? 'Sent (gzip)' : 'Sent',
    rateTerm: rates.average ? 'Average rate' : 'Rate',
  }
}
