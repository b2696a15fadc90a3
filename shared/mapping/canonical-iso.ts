import { daysInMonth } from './date-pattern'

/**
 * The hot path of datetime columns: most log files already hold times in the form the mapping
 * writes (`2024-03-04T05:06:07.123Z`, what toISOString gives). Checking that form with char
 * codes and remembering the last day seen costs a fraction of a regular expression and
 * Date.parse per record (measured: the two were 9 % of a prepare helper's time in
 * `npm run bench`).
 */

let cachedDay = ''
let cachedDayMs = Number.NaN

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48
  return code >= 0 && code <= 9 ? code : Number.NaN
}

function two(text: string, at: number): number {
  return digit(text, at) * 10 + digit(text, at + 1)
}

/** Epoch ms of the start of a `YYYY-MM-DD` day, NaN when the date does not exist. */
function dayStartMs(text: string): number {
  const day = text.slice(0, 10)
  if (day === cachedDay) return cachedDayMs
  const year = two(text, 0) * 100 + two(text, 2)
  const month = two(text, 5)
  const date = two(text, 8)
  let ms = Number.NaN
  if (year >= 1 && month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month)) {
    // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
    ms = new Date(0).setUTCFullYear(year, month - 1, date)
  }
  cachedDay = day
  cachedDayMs = ms
  return ms
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
  const hours = two(text, 11)
  const minutes = two(text, 14)
  const seconds = two(text, 17)
  const millis = digit(text, 20) * 100 + two(text, 21)
  // NaN (a non-digit) fails every comparison, so it falls through to the NaN answer.
  if (!(hours < 24 && minutes < 60 && seconds < 60 && millis >= 0)) return Number.NaN
  return dayStartMs(text) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
}
