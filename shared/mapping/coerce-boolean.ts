import { CoercionFailure, describeValue, type Coercer } from './coercion-failure'

/** Words read as true unless the column says otherwise (case-insensitive). */
export const DEFAULT_TRUE_WORDS = ['true', '1', 'yes'] as const
/** Words read as false unless the column says otherwise (case-insensitive). */
export const DEFAULT_FALSE_WORDS = ['false', '0', 'no'] as const

/**
 * boolean coercion: JSON booleans as they are, the numbers 1 and 0, and the column's true/false
 * words (case-insensitive, trimmed). Anything else fails: a typo never becomes false.
 */
export function createBooleanCoercer(
  trueWords: readonly string[] = DEFAULT_TRUE_WORDS,
  falseWords: readonly string[] = DEFAULT_FALSE_WORDS,
): Coercer {
  const truthy = new Set(trueWords.map((word) => word.trim().toLowerCase()))
  const falsy = new Set(falseWords.map((word) => word.trim().toLowerCase()))
  const expected = `true: ${[...truthy].join(', ')}; false: ${[...falsy].join(', ')}`
  return (value) => {
    if (typeof value === 'boolean') return value
    if (typeof value === 'number') {
      if (value === 1) return true
      if (value === 0) return false
      return new CoercionFailure(`${value} is not a boolean (only 1 and 0 are)`)
    }
    if (typeof value === 'string') {
      const word = value.trim().toLowerCase()
      if (truthy.has(word)) return true
      if (falsy.has(word)) return false
    }
    return new CoercionFailure(`${describeValue(value)} is not a boolean (${expected})`)
  }
}
