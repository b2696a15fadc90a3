/**
 * Deepest nesting the emulator accepts in a request body, the outer array counting as level 1.
 *
 * Emulator choice: Azure does not document a limit. 64 is the default maximum depth of the .NET
 * JSON readers (System.Text.Json, Json.NET) the service is built on; deeper bodies get a 400
 * naming the element, never a crash.
 */
export const MAX_BODY_DEPTH = 64

/** The first array element nested deeper than `maxDepth` (the array itself is level 1). */
export interface TooDeep {
  readonly index: number
}

/**
 * Finds the first element of a parsed body nested deeper than `maxDepth`, walking with an explicit
 * stack (a recursive walk would overflow on the very bodies it is meant to catch) and stopping at
 * the first level past the limit, so the cost stays bounded by the body size.
 */
export function findTooDeep(
  items: readonly unknown[],
  maxDepth = MAX_BODY_DEPTH,
): TooDeep | undefined {
  const values: unknown[] = []
  const depths: number[] = []
  for (let index = 0; index < items.length; index++) {
    values.push(items[index])
    depths.push(2)
    while (values.length > 0) {
      const value = values.pop()
      const depth = depths.pop() as number
      if (value === null || typeof value !== 'object') continue
      if (depth > maxDepth) {
        values.length = 0
        depths.length = 0
        return { index }
      }
      const children: unknown[] = Array.isArray(value) ? value : Object.values(value)
      for (const child of children) {
        if (child !== null && typeof child === 'object') {
          values.push(child)
          depths.push(depth + 1)
        }
      }
    }
  }
  return undefined
}
