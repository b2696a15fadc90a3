/**
 * Numbers as people read them: sizes, counts, rates and durations. Pure, so the screens and
 * their announcements say the same thing, and the rounding is tested once.
 */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

/** `1536` → `1.5 KB` (1024-based, one decimal under 10, none above). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  if (unit === 0) return `${Math.round(value)} B`
  const digits = value < 10 ? 1 : 0
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`
}

/** The person's locale (the browser's), so counts read as they expect them. */
const COUNT = new Intl.NumberFormat(undefined)

/** `12345` → `12,345` (in en-US; the person's own separators elsewhere). */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? COUNT.format(Math.round(count)) : '–'
}

/** `1234.5` records a second → `1,235/s`; bytes use formatBytes (`1.2 MB/s`). */
export function formatRate(perSecond: number, kind: 'bytes' | 'records'): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '–'
  return kind === 'bytes' ? `${formatBytes(perSecond)}/s` : `${formatCount(perSecond)}/s`
}

/** `3_723_000` → `1 h 2 min`, `65_000` → `1 min 5 s`, `4_200` → `4 s`; under a second `< 1 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–'
  const seconds = Math.round(ms / 1000)
  if (seconds < 1) return '< 1 s'
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`
  return `${rest} s`
}

/** `0.4567` → `46%` (clamped to 0–100; never 100% before the end). */
export function formatPercent(fraction: number, done = false): string {
  if (!Number.isFinite(fraction)) return '–'
  const percent = Math.max(0, Math.min(100, fraction * 100))
  const shown = done ? Math.round(percent) : Math.min(99, Math.floor(percent))
  return `${shown}%`
}

/** `1, 'record'` → `1 record`, `2` → `2 records` (counts with separators). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`
}
