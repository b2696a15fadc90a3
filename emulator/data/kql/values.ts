import type { KqlType } from './kql-types'

// Conversions between JSON, the evaluator's internal values (see `Row`) and text.

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const RFC_1123 =
  /^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:GMT|UTC|Z|[+-]\d{4})$/

/**
 * Parses the datetime formats KQL accepts (ISO 8601 and RFC 1123); no zone means UTC.
 *
 * Returns epoch milliseconds (sub-millisecond digits are dropped) or null when not a date.
 */
export function parseDateTime(text: string): number | null {
  const trimmed = text.trim()
  const match = ISO_DATE.exec(trimmed)
  if (match !== null) {
    const [, y, mo, d, h, mi, s, frac, zone] = match
    const year = Number(y)
    const month = Number(mo)
    const day = Number(d)
    const hour = h === undefined ? 0 : Number(h)
    const minute = mi === undefined ? 0 : Number(mi)
    const second = s === undefined ? 0 : Number(s)
    const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'))
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
    const date = new Date(0)
    date.setUTCFullYear(year, month - 1, day)
    date.setUTCHours(hour, minute, second, millis)
    if (date.getUTCDate() !== day) return null
    return date.getTime() - zoneOffsetMs(zone)
  }
  if (RFC_1123.test(trimmed)) {
    const ms = Date.parse(trimmed)
    return Number.isNaN(ms) ? null : ms
  }
  return null
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}

/** Formats epoch milliseconds the way the emulator returns datetimes (ISO 8601, UTC, `Z`). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * The text form of a datetime value: epoch milliseconds formatted, or text already in the
 * canonical form (rows keep ingested and stored datetimes as text, see `canonicalDateTime`).
 */
function datetimeText(value: unknown): string {
  return typeof value === 'string' ? value : formatDateTime(value as number)
}

/**
 * Date text as the emulator stores it: ISO 8601 in UTC with milliseconds, plus the next four
 * fractional digits when the text has any that are not zero (Azure keeps 100 ns; epoch
 * milliseconds cannot, so these digits travel as text). Null when the text is not a date.
 */
export function canonicalDateTime(text: string): string | null {
  const ms = parseDateTime(text)
  if (ms === null) return null
  const base = formatDateTime(ms)
  const fraction = ISO_DATE.exec(text.trim())?.[7] ?? ''
  const ticks = fraction.slice(3, 7).padEnd(4, '0')
  return ticks === '0000' ? base : `${base.slice(0, -1)}${ticks}Z`
}

/** Milliseconds per timespan unit suffix, as KQL spells them (`2d`, `1h`, `30m`, `10s`, `5ms`). */
export const TIMESPAN_UNITS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: 0.0001,
  ticks: 0.0001,
}

const CLOCK_TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/
const UNIT_TIMESPAN = /^(-)?(\d+(?:\.\d+)?)\s*([a-z]+)$/i

/** Parses `1h`, `2.5d`, `1.02:03:04.5` or `00:30:00` into milliseconds, or null. */
export function parseTimespan(text: string): number | null {
  const trimmed = text.trim()
  const unit = UNIT_TIMESPAN.exec(trimmed)
  if (unit !== null) {
    const factor = TIMESPAN_UNITS[(unit[3] ?? '').toLowerCase()]
    if (factor === undefined) return null
    const value = Number(unit[2]) * factor
    return unit[1] === '-' ? -value : value
  }
  const clock = CLOCK_TIMESPAN.exec(trimmed)
  if (clock === null) return null
  const [, neg, days, hours, minutes, seconds, frac] = clock
  const ms =
    Number(days ?? 0) * 86_400_000 +
    Number(hours) * 3_600_000 +
    Number(minutes) * 60_000 +
    Number(seconds ?? 0) * 1000 +
    (frac === undefined ? 0 : Number(`0.${frac}`) * 1000)
  return neg === '-' ? -ms : ms
}

/** Formats milliseconds as KQL prints a timespan: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(ms)
  const days = Math.floor(rest / 86_400_000)
  rest -= days * 86_400_000
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  rest -= seconds * 1000
  const ticks = Math.round(rest * 10_000)
  const two = (n: number) => String(n).padStart(2, '0')
  const dayPart = days > 0 ? `${days}.` : ''
  const fraction = ticks > 0 ? `.${String(ticks).padStart(7, '0')}` : ''
  return `${sign}${dayPart}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`
}

const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** Normalises a GUID string to the lower-case dashed form, or null when it is not one. */
export function parseGuid(text: string): string | null {
  const trimmed = text.trim().replace(/^\{|\}$/g, '')
  if (!GUID.test(trimmed)) return null
  const hex = trimmed.replace(/-/g, '').toLowerCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i

function parseNumberText(text: string): number | null {
  const trimmed = text.trim()
  if (!NUMBER_TEXT.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

/** KQL `tostring`: the text form of any internal value of the given type ('' for null). */
export function toStringValue(value: unknown, type: KqlType): string {
  if (value === null || value === undefined) return ''
  switch (type) {
    case 'string':
    case 'guid':
      return typeof value === 'string' ? value : JSON.stringify(value)
    case 'datetime':
      return datetimeText(value)
    case 'timespan':
      return formatTimespan(value as number)
    case 'dynamic':
      return typeof value === 'string' ? value : JSON.stringify(value)
    default:
      // bool, int, long, real: scalars.
      return (value as boolean | number).toString()
  }
}

/** KQL `toreal`: a number or null. */
export function toRealValue(value: unknown, type: KqlType): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') {
    return type === 'datetime' || type === 'timespan' ? null : value
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') return parseNumberText(value)
  return null
}

const INT_MIN = -2_147_483_648
const INT_MAX = 2_147_483_647

/** KQL `tolong`: an integer (truncated towards zero) or null. */
export function toLongValue(value: unknown, type: KqlType): number | null {
  const real = toRealValue(value, type)
  return real === null ? null : Math.trunc(real)
}

/** KQL `toint`: a 32-bit integer or null (out of range gives null). */
export function toIntValue(value: unknown, type: KqlType): number | null {
  const long = toLongValue(value, type)
  return long === null || long < INT_MIN || long > INT_MAX ? null : long
}

/** KQL `tobool`: true/false from booleans, numbers and 'true'/'false' text; else null. */
export function toBoolValue(value: unknown, type: KqlType): boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value
  if (typeof value === 'number')
    return type === 'datetime' || type === 'timespan' ? null : value !== 0
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    const number = parseNumberText(lower)
    return number === null ? null : number !== 0
  }
  return null
}

/** KQL `todatetime`: epoch milliseconds from datetimes and date text; else null. */
export function toDateTimeValue(value: unknown, type: KqlType): number | null {
  if (value === null || value === undefined) return null
  if (type === 'datetime')
    return typeof value === 'string' ? parseDateTime(value) : (value as number)
  if (typeof value === 'string') return parseDateTime(value)
  return null
}

/** KQL `totimespan`: milliseconds from timespans and timespan text; else null. */
export function toTimespanValue(value: unknown, type: KqlType): number | null {
  if (value === null || value === undefined) return null
  if (type === 'timespan') return value as number
  if (typeof value === 'string') return parseTimespan(value)
  return null
}

/** KQL `toguid`: a normalised GUID string or null. */
export function toGuidValue(value: unknown): string | null {
  return typeof value === 'string' ? parseGuid(value) : null
}

/** KQL `todynamic`/`parse_json` of a value: text is parsed as JSON when it is JSON. */
export function toDynamicValue(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return null
  switch (type) {
    case 'string': {
      const text = value as string
      if (text === '') return null
      try {
        return JSON.parse(text) as unknown
      } catch {
        return text
      }
    }
    case 'datetime':
      return datetimeText(value)
    case 'timespan':
      return formatTimespan(value as number)
    default:
      return value
  }
}

/** Converts an internal value of type `from` to type `to` with KQL's `to*` rules. */
export function convertValue(value: unknown, from: KqlType, to: KqlType): unknown {
  if (from === to) return value ?? (to === 'string' ? '' : null)
  switch (to) {
    case 'string':
      return toStringValue(value, from)
    case 'int':
      return toIntValue(value, from)
    case 'long':
      return toLongValue(value, from)
    case 'real':
      return toRealValue(value, from)
    case 'bool':
      return toBoolValue(value, from)
    case 'datetime':
      // Datetime text stays text (its digits past the millisecond); anything else is parsed.
      return from === 'datetime' && typeof value === 'string' ? value : toDateTimeValue(value, from)
    case 'timespan':
      return toTimespanValue(value, from)
    case 'guid':
      return toGuidValue(value)
    case 'dynamic':
      return from === 'string' ? (value === '' ? null : value) : toDynamicValue(value, from)
  }
}

/**
 * Converts a JSON value from a request body to the internal value of a declared column type.
 *
 * This is how a stream's declared columns type the incoming records before the transform.
 */
export function fromJsonValue(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : (value as boolean | number | bigint).toString()
    case 'dynamic':
      return value
    case 'datetime':
      return typeof value === 'string' ? canonicalDateTime(value) : null
    default:
      return convertValue(value, typeof value === 'string' ? 'string' : 'dynamic', type)
  }
}

/**
 * Converts an internal value to what is stored in a table file (JSON): datetimes as ISO text,
 * timespans as KQL text, everything else as is. Returns undefined for values not worth storing.
 */
export function toStoredValue(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return undefined
  if (type === 'string' && value === '') return undefined
  if (type === 'datetime') return datetimeText(value)
  if (type === 'timespan') return formatTimespan(value as number)
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return value
}

/** Converts a stored JSON value back to the internal value of its column type. */
export function fromStoredValue(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null
  switch (type) {
    case 'datetime':
      return typeof value === 'string' ? parseDateTime(value) : null
    case 'timespan':
      return typeof value === 'string' ? parseTimespan(value) : null
    case 'real':
      return typeof value === 'string' ? Number(value) : value
    default:
      return value
  }
}

/**
 * Formats an internal value for a query response cell, as the Log Analytics API does:
 * datetimes and timespans as text, dynamic values as JSON text, strings never null.
 */
export function toResponseCell(value: unknown, type: KqlType): unknown {
  if (value === undefined || value === null) return type === 'string' ? '' : null
  // Stored datetimes and timespans are already in response form.
  if (typeof value === 'string' && (type === 'datetime' || type === 'timespan')) return value
  switch (type) {
    case 'datetime':
      return formatDateTime(value as number)
    case 'timespan':
      return formatTimespan(value as number)
    case 'dynamic':
      return JSON.stringify(value)
    case 'real':
      return Number.isFinite(value) ? value : (value as number).toString()
    default:
      return value
  }
}
