import { canonicalIsoToEpochMs } from './canonical-iso'

/**
 * The window of record times Azure Monitor keeps: a TimeGenerated more than 2 days before the
 * time of arrival, or more than 1 day after it, is replaced by the time of arrival (reference
 * §2.3). LogDrop checks against the clock of the machine that maps the record.
 */
export const TIME_WINDOW_PAST_MS = 2 * 24 * 3600_000
export const TIME_WINDOW_FUTURE_MS = 24 * 3600_000

/** True when a time (epoch ms) falls outside [now − 2 days, now + 1 day]. */
export function isOutsideTimeWindow(timeMs: number, nowMs: number): boolean {
  return timeMs < nowMs - TIME_WINDOW_PAST_MS || timeMs > nowMs + TIME_WINDOW_FUTURE_MS
}

/** Epoch ms of a UTC ISO string produced by the datetime coercer (up to 7 fraction digits). */
export function isoToEpochMs(iso: string): number {
  const canonical = canonicalIsoToEpochMs(iso)
  if (!Number.isNaN(canonical)) return canonical
  return Date.parse(iso.length > 24 ? `${iso.slice(0, 23)}Z` : iso)
}
