/** Reads a header that may be missing, single or repeated. */
export type HeaderValue = string | readonly string[] | undefined

function first(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  return value[0]
}

/**
 * How long the service asked us to wait, in milliseconds, or undefined when it did not say.
 *
 * Looks at `retry-after-ms` and `x-ms-retry-after-ms` (milliseconds, Azure's own) before
 * `Retry-After`, which is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). A date in
 * the past means "now" (0). Garbage is ignored rather than trusted.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, HeaderValue>>,
  nowMs: number,
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const raw = first(headers[name])?.trim()
    if (raw !== undefined && /^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw))
  }
  const raw = first(headers['retry-after'])?.trim()
  if (raw === undefined || raw === '') return undefined
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000)
  // An HTTP date needs letters (a weekday or month); a bare number was handled above.
  if (!/[A-Za-z]/.test(raw)) return undefined
  const at = Date.parse(raw)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}
