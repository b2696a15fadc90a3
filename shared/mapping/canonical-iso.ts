import { daysInMonth } from './date-pattern'

/**
 * The hot path of datetime columns: most log files already hold times in the form the mapping
 * writes (`2024-03-04T05:06:07.123Z`, what toISOString gives). Checking that form with char
 * codes and remembering the last day seen costs a fraction of a regular expression and
 * Date.parse per record (measured: the two were 9 % of a prepare helper's time in
 * `npm run bench`).
 */

let cachedDay = Number.NaN
let cachedDayMs = Number.NaN

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48
  return code >= 0 && code <= 9 ? code : Number.NaN
}

function two(text: string, at: number): number {
  return digit(text, at) * 10 + digit(text, at + 1)
}

function byteDigit(bytes: Uint8Array, at: number): number {
  const code = (bytes[at] ?? 0) - 48
  return code >= 0 && code <= 9 ? code : Number.NaN
}

function byteTwo(bytes: Uint8Array, at: number): number {
  return byteDigit(bytes, at) * 10 + byteDigit(bytes, at + 1)
}

/** Epoch ms of the start of a day, NaN when the date does not exist (or a part is NaN). */
function dayStartMs(year: number, month: number, date: number): number {
  const day = (year * 100 + month) * 100 + date
  if (day === cachedDay) return cachedDayMs
  let ms = Number.NaN
  if (year >= 1 && month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month)) {
    // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
    ms = new Date(0).setUTCFullYear(year, month - 1, date)
  }
  cachedDay = day
  cachedDayMs = ms
  return ms
}

/** The time from its parts; NaN when one is not a digit or out of range. */
function epochMs(
  year: number,
  month: number,
  date: number,
  hours: number,
  minutes: number,
  seconds: number,
  millis: number,
): number {
  // NaN (a non-digit) fails every comparison, so it falls through to the NaN answer.
  if (!(hours < 24 && minutes < 60 && seconds < 60 && millis >= 0)) return Number.NaN
  return dayStartMs(year, month, date) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
}

/**
 * Epoch milliseconds of a canonical UTC time (`YYYY-MM-DDTHH:MM:SS.mmmZ`, a real date and time),
 * or NaN for any other text.
 */
export function canonicalIsoToEpochMs(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  ) {
    return Number.NaN
  }
  return epochMs(
    two(text, 0) * 100 + two(text, 2),
    two(text, 5),
    two(text, 8),
    two(text, 11),
    two(text, 14),
    two(text, 17),
    digit(text, 20) * 100 + two(text, 21),
  )
}

/** canonicalIsoToEpochMs for the 24 bytes of UTF-8 text at `at` (the engine's direct writer). */
export function canonicalIsoBytesToEpochMs(bytes: Uint8Array, at: number): number {
  if (
    bytes[at + 4] !== 45 ||
    bytes[at + 7] !== 45 ||
    bytes[at + 10] !== 84 ||
    bytes[at + 13] !== 58 ||
    bytes[at + 16] !== 58 ||
    bytes[at + 19] !== 46 ||
    bytes[at + 23] !== 90
  ) {
    return Number.NaN
  }
  return epochMs(
    byteTwo(bytes, at) * 100 + byteTwo(bytes, at + 2),
    byteTwo(bytes, at + 5),
    byteTwo(bytes, at + 8),
    byteTwo(bytes, at + 11),
    byteTwo(bytes, at + 14),
    byteTwo(bytes, at + 17),
    byteDigit(bytes, at + 20) * 100 + byteTwo(bytes, at + 21),
  )
}
