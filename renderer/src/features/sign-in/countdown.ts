/**
 * Time left until an ISO instant, for the sign-in timeout and the device code's expiry.
 * Pure: the clock is a parameter.
 */

/** Whole seconds from `now` (ms since epoch) until `expiresAt`; never negative, 0 if unreadable. */
export function secondsLeft(expiresAt: string, now: number): number {
  const end = Date.parse(expiresAt)
  if (Number.isNaN(end)) return 0
  return Math.max(0, Math.ceil((end - now) / 1000))
}

/** `m:ss` (or `h:mm:ss`), as a clock shows it. */
export function formatCountdown(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

function unit(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** The same time in words, for screen readers ("4 minutes 5 seconds"). */
export function describeCountdown(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds))
  if (total === 0) return 'no time'
  const m = Math.floor(total / 60)
  const s = total % 60
  if (m === 0) return unit(s, 'second')
  return s === 0 ? unit(m, 'minute') : `${unit(m, 'minute')} ${unit(s, 'second')}`
}

/** The earlier of two ISO instants (an unreadable one loses). */
export function earliest(a: string, b: string): string {
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  if (Number.isNaN(ta)) return b
  if (Number.isNaN(tb)) return a
  return ta <= tb ? a : b
}
