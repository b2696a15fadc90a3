import type { KqlType } from './kql-types'
import { isNumericType } from './kql-types'
import { parseDateTime } from './values'

/** How two values of given types are compared; undefined when KQL cannot compare them. */
export type CompareKind =
  'number' | 'string' | 'guid' | 'bool' | 'datetime' | 'timespan' | 'dynamic'

/** The comparison used for two static types, or undefined when they are not comparable. */
export function compareKindOf(left: KqlType, right: KqlType): CompareKind | undefined {
  if (left === 'dynamic' || right === 'dynamic') return 'dynamic'
  if (isNumericType(left) && isNumericType(right)) return 'number'
  if ((left === 'guid' || left === 'string') && (right === 'guid' || right === 'string')) {
    return left === 'guid' || right === 'guid' ? 'guid' : 'string'
  }
  if (left === right && (left === 'bool' || left === 'datetime' || left === 'timespan')) return left
  return undefined
}

/**
 * Coerces a dynamic value towards the static type it is compared with, so that
 * `Props.level == 3` and `Props.name == "x"` behave as in Kusto.
 */
export function coerceDynamic(value: unknown, towards: KqlType): unknown {
  if (value === null || value === undefined) return null
  if (isNumericType(towards) || towards === 'timespan') {
    return typeof value === 'number' ? value : null
  }
  if (towards === 'string' || towards === 'guid') {
    return typeof value === 'string' ? value : JSON.stringify(value)
  }
  if (towards === 'bool') return typeof value === 'boolean' ? value : null
  if (towards === 'datetime') return typeof value === 'string' ? parseDateTime(value) : null
  return value
}

/**
 * Orders two internal values of the same comparison kind: negative, zero or positive, or
 * null when either is null or they cannot be ordered (mixed dynamic kinds).
 */
export function compareValues(a: unknown, b: unknown, kind: CompareKind): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null
  switch (kind) {
    case 'guid':
      return compareStrings((a as string).toLowerCase(), (b as string).toLowerCase())
    case 'string':
      return compareStrings(a as string, b as string)
    case 'bool':
      return Number(a) - Number(b)
    case 'dynamic':
      return compareDynamic(a, b)
    default:
      return (a as number) - (b as number)
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareDynamic(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return null
}

/** Equality of two dynamic values (deep, through their JSON text). */
export function dynamicEquals(a: unknown, b: unknown): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) return null
  if (typeof a !== 'object' && typeof b !== 'object') return a === b
  return JSON.stringify(a) === JSON.stringify(b)
}

/** A total order for sorting, with nulls placed as asked. */
export function sortCompare(
  a: unknown,
  b: unknown,
  kind: CompareKind,
  descending: boolean,
  nullsFirst: boolean,
): number {
  const aNull = a === null || a === undefined
  const bNull = b === null || b === undefined
  if (aNull || bNull) {
    if (aNull && bNull) return 0
    return aNull === nullsFirst ? -1 : 1
  }
  let result = compareValues(a, b, kind)
  if (result === null) {
    // Mixed dynamic kinds: order by kind name, then text, so the sort stays total.
    result = compareStrings(`${typeof a}:${JSON.stringify(a)}`, `${typeof b}:${JSON.stringify(b)}`)
  }
  return descending ? -result : result
}
