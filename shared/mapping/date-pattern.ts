/**
 * Date patterns such as `dd/MM/yyyy HH:mm:ss`, for dates whose day/month order or layout
 * cannot be known from the text alone.
 *
 * Tokens (.NET / Java style, case-sensitive): `yyyy` year, `yy` two-digit year (00–49 → 20xx,
 * 50–99 → 19xx), `MM`/`M` month, `MMM`/`MMMM` English month name, `dd`/`d` day, `EEE`/`EEEE`
 * (or `ddd`/`dddd`) English day name, checked against the date, `HH`/`H` hour 0–23, `hh`/`h`
 * hour 1–12 (needs `tt` or `a` for AM/PM), `mm`/`m` minute, `ss`/`s` second, `f…`/`S…`
 * fraction of a second (1 to 9 digits), `zzz`/`XXX`/`Z` zone (`Z`, `+02:00`, `+0200`), text in
 * single quotes is literal; any other character stands for itself.
 *
 * A pattern needs a month and a day. It may leave out the year (syslog's `MMM d HH:mm:ss`): the
 * parts then carry year 0 and `hasYear: false`, and the coercer applies the column's year rule
 * (see resolveYear).
 */

/** The date formats that are not patterns. */
export const DATE_PRESETS = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns'] as const
export type DatePreset = (typeof DATE_PRESETS)[number]

/** A calendar date and time read from text, before a time zone is applied. */
export interface DateParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  /** Digits after the decimal point of the second, as written (may be empty). */
  readonly fraction: string
  /** Minutes east of UTC when the text carries a zone; undefined when it does not. */
  readonly offsetMinutes: number | undefined
  /** False when the text has no year (`year` is then 0 until resolveYear sets it). */
  readonly hasYear?: false
  /** Day of the week the text names (0 Sunday … 6 Saturday), checked once the year is known. */
  readonly weekday?: number
}

/** Parses text with a compiled pattern: the parts, or a reason it does not match. */
export type DatePatternParser = (text: string) => DateParts | string

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

type Field =
  | 'weekday'
  | 'year'
  | 'year2'
  | 'month'
  | 'monthName'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'ampm'
  | 'zone'

/** Longest tokens first, so `yyyy` wins over `yy` and `MMMM` over `MM`. */
const TOKENS: ReadonlyArray<readonly [string, Field, string]> = [
  ['yyyy', 'year', '(\\d{4})'],
  ['yy', 'year2', '(\\d{2})'],
  ['MMMM', 'monthName', '([A-Za-z]{3,9})'],
  ['MMM', 'monthName', '([A-Za-z]{3,9})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['EEEE', 'weekday', '([A-Za-z]{3,9})'],
  ['EEE', 'weekday', '([A-Za-z]{3,9})'],
  ['dddd', 'weekday', '([A-Za-z]{3,9})'],
  ['ddd', 'weekday', '([A-Za-z]{3,9})'],
  ['dd', 'day', '(\\d{2})'],
  ['d', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['m', 'minute', '(\\d{1,2})'],
  ['ss', 'second', '(\\d{2})'],
  ['s', 'second', '(\\d{1,2})'],
  ['tt', 'ampm', '([AaPp][Mm])'],
  ['a', 'ampm', '([AaPp][Mm])'],
  ['zzz', 'zone', '(Z|z|[+-]\\d{2}:?\\d{2})'],
  ['XXX', 'zone', '(Z|z|[+-]\\d{2}:?\\d{2})'],
  ['Z', 'zone', '(Z|z|[+-]\\d{2}:?\\d{2})'],
]

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Reads `Z`, `+02:00`, `+0200` or `+02` as minutes east of UTC. */
export function parseOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text)
  if (match === null) return undefined
  const hours = Number(match[2])
  const minutes = Number(match[3] ?? '0')
  if (hours > 18 || minutes > 59) return undefined
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

/**
 * Checks that the parts name a real moment (no 31 April, no 25:00, no Monday that is a Sunday).
 * Parts without a year are checked as in a leap year; resolveYear checks them again.
 */
export function checkDateParts(parts: DateParts): string | undefined {
  const yearless = parts.hasYear === false
  if (!yearless && (parts.year < 1 || parts.year > 9999))
    return `year ${parts.year} is out of range`
  if (parts.month < 1 || parts.month > 12) return `month ${parts.month} does not exist`
  if (parts.day < 1 || parts.day > daysInMonth(yearless ? 2000 : parts.year, parts.month)) {
    return yearless
      ? `day ${parts.day} does not exist in month ${parts.month}`
      : `day ${parts.day} does not exist in month ${parts.month} of ${parts.year}`
  }
  if (!yearless && parts.weekday !== undefined) {
    const actual = new Date(0)
    actual.setUTCFullYear(parts.year, parts.month - 1, parts.day)
    if (actual.getUTCDay() !== parts.weekday) {
      const date = `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`
      return `${date} is a ${capitalise(DAYS[actual.getUTCDay()] as string)}, not a ${capitalise(DAYS[parts.weekday] as string)}`
    }
  }
  if (parts.hour > 23) return `hour ${parts.hour} is out of range`
  if (parts.minute > 59) return `minute ${parts.minute} is out of range`
  if (parts.second > 59) return `second ${parts.second} is out of range`
  return undefined
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** Index of an English name or its 3-letter abbreviation, -1 when it is neither. */
function nameIndex(names: readonly string[], text: string): number {
  const lower = text.toLowerCase()
  return names.findIndex((name) => name === lower || name.slice(0, 3) === lower)
}

/** A hint for letters people type for the tokens they mean. */
const LETTER_HINTS: Readonly<Record<string, string>> = {
  y: 'use yyyy for a 4-digit year or yy for 2 digits',
  Y: 'use yyyy for the year',
  D: 'use dd for the day',
  e: 'use EEE for a day name',
  E: 'use EEE for a day name such as Sun, EEEE for Sunday',
}

/**
 * How the year of a text without one is chosen: the year the user set, or the current year of
 * `nowMs`, moved one year back when that would put the time more than a day ahead of now (a
 * December log read in January).
 */
export function resolveYear(
  parts: DateParts,
  nowMs: number,
  fixedYear: number | undefined,
): DateParts | string {
  if (parts.hasYear !== false) return parts
  let year = fixedYear ?? new Date(nowMs).getUTCFullYear()
  if (fixedYear === undefined) {
    const at = new Date(0)
    at.setUTCFullYear(year, parts.month - 1, parts.day)
    at.setUTCHours(parts.hour, parts.minute, parts.second)
    const offset = (parts.offsetMinutes ?? 0) * 60_000
    if (at.getTime() - offset > nowMs + 86_400_000) year -= 1
  }
  const resolved: DateParts = {
    year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    fraction: parts.fraction,
    offsetMinutes: parts.offsetMinutes,
    ...(parts.weekday === undefined ? {} : { weekday: parts.weekday }),
  }
  return checkDateParts(resolved) ?? resolved
}

/** Compiles a pattern once; the parser it returns is used for every value of the column. */
export function compileDatePattern(
  pattern: string,
): { ok: true; parse: DatePatternParser; hasYear: boolean } | { ok: false; reason: string } {
  const fields: Field[] = []
  let source = '^'
  let i = 0
  while (i < pattern.length) {
    const ch = pattern[i] as string
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1)
      if (end === -1) return { ok: false, reason: `"${pattern}" has an unclosed quote` }
      source += escapeRegExp(pattern.slice(i + 1, end))
      i = end + 1
      continue
    }
    if (ch === 'f' || ch === 'S') {
      let j = i
      while (pattern[j] === ch) j++
      if (j - i > 9) return { ok: false, reason: 'a fraction has at most 9 digits' }
      fields.push('fraction')
      source += '(\\d{1,9})'
      i = j
      continue
    }
    const token = TOKENS.find(([text]) => pattern.startsWith(text, i))
    if (token !== undefined) {
      if (fields.includes(token[1])) {
        return { ok: false, reason: `"${pattern}" has more than one ${token[0]}` }
      }
      fields.push(token[1])
      source += token[2]
      i += token[0].length
      continue
    }
    if (/[A-Za-z]/.test(ch) && ch !== 'T') {
      const hint = LETTER_HINTS[ch]
      return {
        ok: false,
        reason: `"${ch}" is not a date token${hint === undefined ? '' : ` (${hint})`}; put literal text in single quotes, as in 'at'`,
      }
    }
    source += ch === ' ' ? '\\s+' : escapeRegExp(ch)
    i++
  }
  const has = (field: Field) => fields.includes(field)
  const hasYear = has('year') || has('year2')
  if (has('year') && has('year2')) return { ok: false, reason: 'use either yyyy or yy, not both' }
  if (has('month') && has('monthName'))
    return { ok: false, reason: 'use either MM or MMM, not both' }
  if (!has('month') && !has('monthName') && !has('day')) {
    return { ok: false, reason: 'the pattern needs a month and a day (MM and dd, or MMM d)' }
  }
  if (!has('month') && !has('monthName')) {
    return { ok: false, reason: 'the pattern needs a month (MM, or MMM for Jan)' }
  }
  if (!has('day')) return { ok: false, reason: 'the pattern needs a day (dd)' }
  if (has('hour12') !== has('ampm')) {
    return { ok: false, reason: 'hh (1–12) needs tt (AM/PM), and tt needs hh; use HH for 0–23' }
  }
  if (has('hour') && has('hour12')) return { ok: false, reason: 'use either HH or hh, not both' }
  const regex = new RegExp(`${source}$`)
  const parse: DatePatternParser = (text) => {
    const match = regex.exec(text.trim())
    if (match === null) return `does not match the date format ${pattern}`
    let year = 0
    let weekday: number | undefined
    let month = 1
    let day = 1
    let hour = 0
    let minute = 0
    let second = 0
    let fraction = ''
    let offsetMinutes: number | undefined
    let pm: boolean | undefined
    for (let k = 0; k < fields.length; k++) {
      const value = match[k + 1] as string
      switch (fields[k]) {
        case 'year':
          year = Number(value)
          break
        case 'year2':
          year = Number(value) + (Number(value) < 50 ? 2000 : 1900)
          break
        case 'month':
          month = Number(value)
          break
        case 'monthName': {
          const index = nameIndex(MONTHS, value)
          if (index === -1) return `"${value}" is not an English month name`
          month = index + 1
          break
        }
        case 'weekday': {
          const index = nameIndex(DAYS, value)
          if (index === -1) return `"${value}" is not an English day name`
          weekday = index
          break
        }
        case 'day':
          day = Number(value)
          break
        case 'hour':
        case 'hour12':
          hour = Number(value)
          break
        case 'minute':
          minute = Number(value)
          break
        case 'second':
          second = Number(value)
          break
        case 'fraction':
          fraction = value
          break
        case 'ampm':
          pm = value.toLowerCase() === 'pm'
          break
        case 'zone':
          offsetMinutes = parseOffset(value)
          if (offsetMinutes === undefined) return `"${value}" is not a time zone offset`
          break
        default:
          break
      }
    }
    if (pm !== undefined) {
      if (hour < 1 || hour > 12) return `hour ${hour} is out of range for a 12-hour clock`
      hour = (hour % 12) + (pm ? 12 : 0)
    }
    const parts: DateParts = {
      year,
      month,
      day,
      hour,
      minute,
      second,
      fraction,
      offsetMinutes,
      ...(hasYear ? {} : { hasYear: false as const }),
      ...(weekday === undefined ? {} : { weekday }),
    }
    return checkDateParts(parts) ?? parts
  }
  return { ok: true, parse, hasYear }
}
