import { canonicalIsoToEpochMs } from './canonical-iso'
import { CoercionFailure, describeValue, type Coercer } from './coercion-failure'
import {
  checkDateParts,
  compileDatePattern,
  parseOffset,
  resolveYear,
  type DateParts,
  type DatePatternParser,
} from './date-pattern'

/**
 * datetime coercion. Every accepted value becomes a UTC ISO 8601 string
 * (`2024-03-04T05:06:07.123Z`, with up to 7 fraction digits when the source had them).
 *
 * - `iso`: ISO 8601 / RFC 3339 text (`T` or a space between date and time; seconds and fraction
 *   optional; `Z` or an offset optional). Without a zone, the column's `timezone` applies
 *   (UTC unless set).
 * - `epoch-s|ms|us|ns`: numbers or numeric text in that unit since 1970-01-01 UTC.
 * - `auto` (default): ISO text, RFC 1123 text (`Tue, 14 Nov 2023 15:10:02 GMT`), or epoch numbers
 *   whose unit follows from their size (below 1e11 seconds, below 1e14 milliseconds, below 1e17
 *   microseconds, else nanoseconds). Day/month dates such as 03/04/2024 are never guessed: they
 *   fail with a request to choose a pattern.
 * - a pattern (`dd/MM/yyyy HH:mm:ss`): see date-pattern.ts. A pattern without a year takes
 *   `year`, or else the current year (the year before when that would be more than a day ahead).
 *   A pattern that does not compile fails every value with the reason (the schema refuses such
 *   a mapping; the Map screen checks a draft as it is typed).
 */

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

const RFC1123_RE =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})$/

const SHORT_MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
]

const NUMERIC_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Slash, dot or dash dates with the year last: the day/month order is unknowable. */
const DAY_MONTH_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]|$)/

type EpochUnit = 's' | 'ms' | 'us' | 'ns'
const UNIT_NAMES: Record<EpochUnit, string> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
}

/** Reads ISO 8601 text into parts; undefined when it is not ISO 8601. */
export function parseIsoParts(text: string): DateParts | string | undefined {
  const m = ISO_RE.exec(text)
  if (m === null) return undefined
  let offsetMinutes: number | undefined
  if (m[8] !== undefined) {
    offsetMinutes = parseOffset(m[8])
    if (offsetMinutes === undefined) return `"${m[8]}" is not a time zone offset`
  }
  const parts: DateParts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    fraction: m[7] ?? '',
    offsetMinutes,
  }
  return checkDateParts(parts) ?? parts
}

function parseRfc1123(text: string): DateParts | string | undefined {
  const m = RFC1123_RE.exec(text)
  if (m === null) return undefined
  const month = SHORT_MONTHS.indexOf((m[2] as string).toLowerCase()) + 1
  if (month === 0) return `"${m[2]}" is not an English month name`
  const zone = m[7] as string
  const parts: DateParts = {
    year: Number(m[3]),
    month,
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    fraction: '',
    offsetMinutes: zone === 'GMT' || zone === 'UTC' ? 0 : parseOffset(zone),
  }
  return checkDateParts(parts) ?? parts
}

/** Formats epoch milliseconds plus extra sub-millisecond digits as UTC ISO text. */
function formatIso(ms: number, extraDigits: string): string | CoercionFailure {
  if (!Number.isFinite(ms) || ms < -62135596800000 || ms > 253402300799999) {
    return new CoercionFailure('is outside the years 0001–9999')
  }
  const iso = new Date(ms).toISOString()
  return extraDigits === '' ? iso : `${iso.slice(0, 23)}${extraDigits}Z`
}

/** Turns parts into UTC ISO text, applying the column's zone when the text had none. */
function partsToIso(parts: DateParts, zone: Zone): string | CoercionFailure {
  const fraction = parts.fraction.padEnd(3, '0')
  const millis = Number(fraction.slice(0, 3))
  const extra = fraction.slice(3, 7).replace(/0+$/, '')
  let ms: number
  const offset = parts.offsetMinutes ?? (zone === 'local' ? undefined : zone)
  if (offset === undefined) {
    const local = new Date(2000, 0, 1)
    local.setFullYear(parts.year, parts.month - 1, parts.day)
    local.setHours(parts.hour, parts.minute, parts.second, millis)
    ms = local.getTime()
  } else {
    const utc = new Date(0)
    utc.setUTCFullYear(parts.year, parts.month - 1, parts.day)
    utc.setUTCHours(parts.hour, parts.minute, parts.second, millis)
    ms = utc.getTime() - offset * 60_000
  }
  return formatIso(ms, extra)
}

const UNIT_DIGITS: Record<EpochUnit, number> = { s: -3, ms: 0, us: 3, ns: 6 }

/**
 * Converts an epoch value to ISO text. Whole numbers written as text are split exactly (so
 * microseconds and nanoseconds keep their digits, up to 100 ns); other numbers are rounded to
 * the nearest millisecond for seconds and milliseconds, to 100 ns for smaller units.
 */
function epochToIso(value: number, unit: EpochUnit, text?: string): string | CoercionFailure {
  const shift = UNIT_DIGITS[unit]
  if (text !== undefined && shift > 0 && /^\d+$/.test(text) && text.length > shift) {
    const ms = Number(text.slice(0, text.length - shift))
    const extra = text
      .slice(text.length - shift)
      .slice(0, 4)
      .replace(/0+$/, '')
    return formatIso(ms, extra)
  }
  if (shift <= 0) return formatIso(Math.round(value * 10 ** -shift), '')
  const ms = Math.floor(value / 10 ** shift)
  const ticks = Math.round(((value - ms * 10 ** shift) * 1e4) / 10 ** shift)
  if (ticks >= 1e4) return formatIso(ms + 1, '')
  return formatIso(ms, ticks === 0 ? '' : String(ticks).padStart(4, '0').replace(/0+$/, ''))
}

/** Picks the epoch unit from the size of the number. */
export function epochUnitBySize(value: number): EpochUnit {
  const size = Math.abs(value)
  if (size < 1e11) return 's'
  if (size < 1e14) return 'ms'
  if (size < 1e17) return 'us'
  return 'ns'
}

type Zone = number | 'local'

function parseZone(timezone: string | undefined): Zone {
  if (timezone === undefined || timezone === 'UTC') return 0
  if (timezone === 'local') return 'local'
  return parseOffset(timezone) ?? 0
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && NUMERIC_RE.test(value.trim())) return Number(value.trim())
  return undefined
}

function ambiguousReason(text: string): string | undefined {
  const m = DAY_MONTH_RE.exec(text)
  if (m === null) return undefined
  const first = Number(m[1])
  const second = Number(m[2])
  if (first > 12 && second <= 12) {
    return `looks like day/month/year; set the date format to dd/MM/yyyy (with the time, e.g. dd/MM/yyyy HH:mm:ss)`
  }
  if (second > 12 && first <= 12) {
    return `looks like month/day/year; set the date format to MM/dd/yyyy (with the time, e.g. MM/dd/yyyy HH:mm:ss)`
  }
  return `could be ${first}/${second} as day/month or as month/day: set the date format (dd/MM/yyyy or MM/dd/yyyy) so LogDrop does not have to guess`
}

/** Builds the datetime coercer for one column's format. */
export function createDatetimeCoercer(
  date: string | undefined,
  timezone?: string,
  year?: number,
): Coercer {
  const zone = parseZone(timezone)
  const format = date ?? 'auto'
  if (format.startsWith('epoch-')) {
    const unit = format.slice(6) as EpochUnit
    return (value) => {
      const n = toNumber(value)
      if (n === undefined) {
        return new CoercionFailure(
          `${describeValue(value)} is not a number of ${UNIT_NAMES[unit]} since 1970`,
        )
      }
      return epochToIso(n, unit, typeof value === 'string' ? value.trim() : undefined)
    }
  }
  if (format === 'iso' || format === 'auto') {
    const auto = format === 'auto'
    return (value) => {
      if (typeof value === 'string') {
        // Already in the output form (what toISOString writes): checked, then passed through.
        if (!Number.isNaN(canonicalIsoToEpochMs(value))) return value
        const text = value.trim()
        const iso = parseIsoParts(text)
        if (typeof iso === 'object') return partsToIso(iso, zone)
        if (typeof iso === 'string') return new CoercionFailure(`"${text}": ${iso}`)
        if (auto) {
          const rfc = parseRfc1123(text)
          if (typeof rfc === 'object') return partsToIso(rfc, zone)
          if (typeof rfc === 'string') return new CoercionFailure(`"${text}": ${rfc}`)
          if (NUMERIC_RE.test(text)) {
            const n = Number(text)
            return epochToIso(n, epochUnitBySize(n), text)
          }
          const ambiguous = ambiguousReason(text)
          if (ambiguous !== undefined) return new CoercionFailure(`"${text}" ${ambiguous}`)
          return new CoercionFailure(
            `${describeValue(value)} is not a date LogDrop can read on its own; set a date format for this column`,
          )
        }
        return new CoercionFailure(`${describeValue(value)} is not an ISO 8601 date and time`)
      }
      if (auto && typeof value === 'number' && Number.isFinite(value)) {
        return epochToIso(value, epochUnitBySize(value))
      }
      return new CoercionFailure(`${describeValue(value)} is not a date and time`)
    }
  }
  const compiled = compileDatePattern(format)
  if (!compiled.ok) {
    const failure = new CoercionFailure(
      `the date format "${format}" is not valid: ${compiled.reason}`,
    )
    return () => failure
  }
  const parse: DatePatternParser = compiled.parse
  const yearless = !compiled.hasYear
  return (value, nowMs) => {
    // Numbers read from JSON (HHmmss as 203615) are matched as their digits.
    const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value
    if (typeof text !== 'string') {
      return new CoercionFailure(`${describeValue(value)} is not text in the format ${format}`)
    }
    let parts = parse(text)
    if (typeof parts === 'string') return new CoercionFailure(`"${text.trim()}" ${parts}`)
    if (yearless) {
      parts = resolveYear(parts, nowMs ?? Date.now(), year)
      if (typeof parts === 'string') return new CoercionFailure(`"${text.trim()}": ${parts}`)
    }
    return partsToIso(parts, zone)
  }
}
