import { CoercionFailure, describeValue, type Coercer } from './coercion-failure'

/**
 * string coercion: text as it is; numbers in JavaScript's shortest exact form; booleans as
 * true/false; objects and arrays as compact JSON.
 */
export const coerceString: Coercer = (value) => {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return Number.isFinite(value) ? String(value) : notText(value)
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'object':
      return value === null ? undefined : stringifyNested(value)
    default:
      return notText(value)
  }
}

function notText(value: unknown): CoercionFailure {
  return new CoercionFailure(`${describeValue(value)} cannot be written as text`)
}

function stringifyNested(value: object): string | CoercionFailure {
  try {
    return JSON.stringify(value)
  } catch (error) {
    return error instanceof RangeError
      ? new CoercionFailure('is nested too deeply to be written as JSON')
      : new CoercionFailure('cannot be written as JSON')
  }
}

/**
 * dynamic coercion: objects, arrays, numbers and booleans as they are. Text that looks like a
 * JSON object or array (`{…}` / `[…]`) is parsed, so a CSV cell holding JSON arrives as JSON;
 * text that only looks like it (`[INFO] started`) stays text. Other text stays text.
 */
export const coerceDynamic: Coercer = (value) => {
  if (typeof value === 'string') {
    const text = value.trim()
    const first = text.charCodeAt(0)
    const last = text.charCodeAt(text.length - 1)
    if ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d)) {
      try {
        return JSON.parse(text) as unknown
      } catch {
        return value
      }
    }
    return value
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : notText(value)
  return value
}
