/** Scalar types of the KQL subset, named as the Log Analytics query API names them in `columns`. */
export type KqlType =
  'string' | 'int' | 'long' | 'real' | 'bool' | 'datetime' | 'timespan' | 'dynamic' | 'guid'

/**
 * One column of a tabular schema.
 *
 * `hidden` columns (such as `_TimeReceived`) can be referenced by name but are left out of
 * results unless a query projects them, as in Log Analytics.
 */
export interface ColumnSchema {
  readonly name: string
  readonly type: KqlType
  readonly hidden?: boolean
}

/** Ordered columns of a tabular expression. */
export type Schema = ReadonlyArray<ColumnSchema>

/**
 * A row in the evaluator's internal representation.
 *
 * Values by type: string → string (never null; missing is ''), int/long/real → number | null,
 * bool → boolean | null, datetime → epoch milliseconds | null, timespan → milliseconds | null,
 * guid → lower-case string | null, dynamic → any JSON value (null when missing).
 */
export type Row = Record<string, unknown>

/** Numeric KQL types, in widening order. */
export const NUMERIC_TYPES: ReadonlySet<KqlType> = new Set(['int', 'long', 'real'])

/** Whether the type is int, long or real. */
export function isNumericType(type: KqlType): boolean {
  return NUMERIC_TYPES.has(type)
}

/** The wider of two numeric types (int < long < real). */
export function widerNumeric(a: KqlType, b: KqlType): KqlType {
  if (a === 'real' || b === 'real') return 'real'
  if (a === 'long' || b === 'long') return 'long'
  return 'int'
}
