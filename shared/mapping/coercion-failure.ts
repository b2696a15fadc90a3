/**
 * Coercers return the converted value, `undefined` for "no value", or a CoercionFailure.
 *
 * A class instead of a result object keeps the hot path free of an allocation per value: only
 * values that fail create anything.
 */
export class CoercionFailure {
  constructor(readonly reason: string) {}
}

/**
 * Converts one source value to a column type. `nowMs` is the mapping's clock, needed only by
 * dates without a year (the current year is taken from it; Date.now() when it is not given).
 */
export type Coercer = (value: unknown, nowMs?: number) => unknown

const MAX_SHOWN = 120

/** A short, quoted rendering of a value for reasons and error reports. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return 'nothing'
  try {
    const text = JSON.stringify(value) ?? typeof value
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object'
  }
}

/** The value as kept in an error report: primitives as they are, long text and objects cut. */
export function reportedValue(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_SHOWN * 2) {
    return `${value.slice(0, MAX_SHOWN * 2)}…`
  }
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'object' && value !== null) return describeValue(value)
  return value
}
