/**
 * Marks a branch that the type system proves unreachable (exhaustive switches).
 *
 * Reaching it at run time is a bug, so it throws a plain Error, not an AppError.
 */
export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`)
}
