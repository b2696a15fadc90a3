import { CoercionFailure, describeValue, type Coercer } from './coercion-failure'

/**
 * int, long and real coercion.
 *
 * - Numbers are taken as they are when they fit; booleans are refused (say 1/0 if you mean it).
 * - Text is trimmed, the column's thousands separator removed and its decimal separator read
 *   (default `.`, no thousands separator: `1,5` and `1,000` fail with a hint to set one).
 * - int: whole numbers in −2,147,483,648 … 2,147,483,647. Text like `12.0` is accepted,
 *   `12.5` is not.
 * - long: whole numbers in −2^63 … 2^63−1. Beyond 2^53 a JavaScript number is not exact, so such
 *   values are kept exactly only when they come as text (they are sent as exact JSON digits);
 *   a JSON number that large has already lost digits when it was read, and fails.
 * - real: any finite number; NaN and Infinity fail (JSON cannot carry them).
 */

export interface NumberFormat {
  readonly decimal?: '.' | ','
  readonly thousands?: string
}

const INT_MIN = -2147483648
const INT_MAX = 2147483647
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
const REAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const WHOLE_RE = /^([+-]?\d+)(?:\.0*)?$/

/** Normalises numeric text to JavaScript's form, or explains why it is not a number. */
function normaliseNumberText(raw: string, format: NumberFormat): string | CoercionFailure {
  let text = raw.trim()
  if (format.thousands !== undefined) text = text.split(format.thousands).join('')
  if (format.decimal === ',') {
    if (text.includes('.') && format.thousands !== '.') {
      return new CoercionFailure(`${describeValue(raw)} has a "." but the decimal separator is ","`)
    }
    text = text.replace(',', '.')
  } else if (text.includes(',')) {
    return new CoercionFailure(
      `${describeValue(raw)} has a ","; set the decimal separator to "," or the thousands separator to "," for this column`,
    )
  }
  return text
}

function notNumber(value: unknown, what: string): CoercionFailure {
  return new CoercionFailure(`${describeValue(value)} is not ${what}`)
}

/** Builds the int coercer. */
export function createIntCoercer(format: NumberFormat = {}): Coercer {
  return (value) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) return new CoercionFailure(`${value} is not a whole number`)
      if (value < INT_MIN || value > INT_MAX) return outOfIntRange(value)
      return value
    }
    if (typeof value !== 'string') return notNumber(value, 'a whole number')
    const text = normaliseNumberText(value, format)
    if (text instanceof CoercionFailure) return text
    const match = WHOLE_RE.exec(text)
    if (match === null) {
      return REAL_RE.test(text)
        ? new CoercionFailure(`${describeValue(value)} is not a whole number`)
        : notNumber(value, 'a whole number')
    }
    const n = Number(match[1])
    if (n < INT_MIN || n > INT_MAX) return outOfIntRange(value)
    return n
  }
}

function outOfIntRange(value: unknown): CoercionFailure {
  return new CoercionFailure(
    `${describeValue(value)} is outside the int range (−2147483648 to 2147483647); make the column a long`,
  )
}

function outOfLongRange(value: unknown): CoercionFailure {
  return new CoercionFailure(
    `${describeValue(value)} is outside the long range (−9223372036854775808 to 9223372036854775807)`,
  )
}

/**
 * Builds the long coercer. Results are numbers, or bigint beyond 2^53 (serialise with
 * the engine's serializer, which writes bigint as exact JSON digits).
 */
export function createLongCoercer(format: NumberFormat = {}): Coercer {
  return (value) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) return new CoercionFailure(`${value} is not a whole number`)
      if (Number.isSafeInteger(value)) return value
      if (value < -(2 ** 63) || value >= 2 ** 63) return outOfLongRange(value)
      return new CoercionFailure(
        `${value} is beyond 2^53 and lost digits when the file was read as JSON; write it as text ("…") in the source to keep it exact`,
      )
    }
    if (typeof value === 'bigint') {
      return value < LONG_MIN || value > LONG_MAX ? outOfLongRange(value) : value
    }
    if (typeof value !== 'string') return notNumber(value, 'a whole number')
    const text = normaliseNumberText(value, format)
    if (text instanceof CoercionFailure) return text
    const match = WHOLE_RE.exec(text)
    if (match === null) {
      return REAL_RE.test(text)
        ? new CoercionFailure(`${describeValue(value)} is not a whole number`)
        : notNumber(value, 'a whole number')
    }
    const digits = match[1] as string
    const n = Number(digits)
    if (Number.isSafeInteger(n)) return n
    const big = BigInt(digits)
    if (big < LONG_MIN || big > LONG_MAX) return outOfLongRange(value)
    return big
  }
}

/** Builds the real coercer. */
export function createRealCoercer(format: NumberFormat = {}): Coercer {
  return (value) => {
    if (typeof value === 'number') {
      return Number.isFinite(value) ? value : notNumber(value, 'a finite number')
    }
    if (typeof value !== 'string') return notNumber(value, 'a number')
    const text = normaliseNumberText(value, format)
    if (text instanceof CoercionFailure) return text
    if (!REAL_RE.test(text)) return notNumber(value, 'a number')
    const n = Number(text)
    return Number.isFinite(n) ? n : notNumber(value, 'a finite number')
  }
}

/** Could JSON text hold a number a double cannot hold: a 3-digit exponent, or 309 digits in a row. */
const OUT_OF_RANGE_HINT = /\d[eE][+-]?\d{3}|\d{309}/
const JSON_NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/**
 * The first number in JSON text that a double cannot hold, as written, or undefined. JSON.parse
 * turns such a number into Infinity (beyond ±1.7976931348623157e308), which JSON.stringify
 * then writes as null, or into 0 (non-zero digits below about 5e-324). The rule: a record
 * holding one fails with its original text, in every column type and when sent as it is; quoted
 * in the source, the value is text and is sent as written.
 */
export function unrepresentableJsonNumber(text: string): string | undefined {
  if (!OUT_OF_RANGE_HINT.test(text)) return undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 0x22) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) i++
      }
      continue
    }
    if (ch !== 0x2d && (ch < 0x30 || ch > 0x39)) continue
    JSON_NUMBER_RE.lastIndex = i
    const token = JSON_NUMBER_RE.exec(text)?.[0]
    if (token === undefined) continue
    const value = Number(token)
    const mantissa = token.split(/[eE]/)[0] as string
    if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(mantissa))) return token
    i += token.length - 1
  }
  return undefined
}

/** Why a record holding `token` (see unrepresentableJsonNumber) was not sent. */
export function unrepresentableNumberReason(token: string, what: string): string {
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token
  const why = Number.isFinite(Number(token))
    ? 'so close to 0 that it would become 0'
    : 'beyond the largest a number can hold (about ±1.8e308), so it would become null'
  return `${what} holds the number ${shown}, ${why}; it was not sent rather than changed. Write it in quotes to send it as text.`
}
