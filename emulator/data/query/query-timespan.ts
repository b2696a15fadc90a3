import { parseDateTime } from '../kql/values'

/** A closed time range in epoch milliseconds. */
export interface TimeRange {
  readonly start: number
  readonly end: number
}

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i

const UNIT_MS = [
  365 * 86_400_000,
  30 * 86_400_000,
  7 * 86_400_000,
  86_400_000,
  3_600_000,
  60_000,
  1000,
]

/** Parses an ISO 8601 duration (`PT1H`, `P2D`, `P1DT12H`) into milliseconds, or null. */
export function parseIsoDuration(text: string): number | null {
  const match = DURATION.exec(text.trim())
  if (
    match === null ||
    text.trim().toUpperCase() === 'P' ||
    text.trim().toUpperCase().endsWith('T')
  ) {
    return null
  }
  let total = 0
  let any = false
  UNIT_MS.forEach((unit, i) => {
    const part = match[i + 1]
    if (part !== undefined) {
      total += Number(part) * unit
      any = true
    }
  })
  return any ? total : null
}

/**
 * Parses the query API's `timespan`: a duration ending now (`PT1H`), `start/end`,
 * `start/duration` or `duration/end`. Returns null when it is none of these.
 */
export function parseQueryTimespan(text: string, now: number): TimeRange | null {
  const parts = text.split('/')
  if (parts.length === 1) {
    const duration = parseIsoDuration(text)
    return duration === null ? null : { start: now - duration, end: now }
  }
  if (parts.length !== 2) return null
  const [first, second] = parts as [string, string]
  const startDate = parseDateTime(first)
  const endDate = parseDateTime(second)
  if (startDate !== null && endDate !== null) return { start: startDate, end: endDate }
  if (startDate !== null) {
    const duration = parseIsoDuration(second)
    return duration === null ? null : { start: startDate, end: startDate + duration }
  }
  if (endDate !== null) {
    const duration = parseIsoDuration(first)
    return duration === null ? null : { start: endDate - duration, end: endDate }
  }
  return null
}

/** The overlap of two ranges (the API intersects the query-string and body timespans). */
export function intersect(
  a: TimeRange | undefined,
  b: TimeRange | undefined,
): TimeRange | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return { start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) }
}
