/**
 * Limits a record must keep to be sent, checked before sending so one bad record fails alone
 * instead of making the service refuse (or crash on) a whole request.
 */

/**
 * Most levels of nested objects and arrays in a sent record (`{}` is one level). Azure does not
 * document one; 64 is the default MaxDepth of .NET's System.Text.Json and Json.NET, which
 * services built on them enforce unless told otherwise. The emulator answers 400 beyond it.
 */
export const MAX_RECORD_DEPTH = 64

/** True when the value nests objects and arrays deeper than `limit` (never recurses past it). */
export function nestsDeeperThan(value: unknown, limit: number = MAX_RECORD_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (limit === 0) return true
  const children = Array.isArray(value) ? value : Object.values(value)
  for (const child of children) {
    if (typeof child === 'object' && child !== null && nestsDeeperThan(child, limit - 1)) {
      return true
    }
  }
  return false
}
