import type { FieldPath } from './mapping-schema'

/**
 * Field paths into source records: `a.b[0].c`, `["key.with.dots"].x`, an optional leading `$.`,
 * or the segments as an array. Reading never follows inherited properties, so a key named
 * `constructor` or `__proto__` reads only what the record itself holds.
 */

/** Splits a path string into segments; numbers in brackets become array indexes. */
export function parseFieldPath(path: string): (string | number)[] | string {
  const segments: (string | number)[] = []
  let text = path.startsWith('$.') ? path.slice(2) : path
  if (text === '') return 'the path is empty'
  let expectKey = true
  while (text.length > 0) {
    if (text.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(text)
      if (index !== null) {
        segments.push(Number(index[1]))
        text = text.slice(index[0].length)
      } else {
        const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(text)
        if (quoted === null) return `"${path}" has a bracket that is not [number] or ["key"]`
        segments.push(JSON.parse(quoted[1] as string) as string)
        text = text.slice(quoted[0].length)
      }
      expectKey = false
    } else if (text.startsWith('.')) {
      if (expectKey) return `"${path}" has an empty segment`
      text = text.slice(1)
      expectKey = true
      if (text === '') return `"${path}" ends with a dot`
    } else {
      if (!expectKey) return `"${path}" needs a dot before "${text}"`
      const key = /^[^.[]+/.exec(text)?.[0] as string
      segments.push(key)
      text = text.slice(key.length)
      expectKey = false
    }
  }
  return segments
}

/** Path segments from either form of a mapping's path. */
export function pathSegments(path: FieldPath): (string | number)[] | string {
  return typeof path === 'string' ? parseFieldPath(path) : path
}

/** Turns segments back into the text form, for display. */
export function formatFieldPath(segments: readonly (string | number)[]): string {
  let text = ''
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (/^[^.[\]"]+$/.test(segment)) text += text === '' ? segment : `.${segment}`
    else text += `[${JSON.stringify(segment)}]`
  }
  return text
}

function step(current: unknown, segment: string | number): unknown {
  if (typeof current !== 'object' || current === null) return undefined
  if (Array.isArray(current)) {
    const index =
      typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1
    return index >= 0 ? current[index] : undefined
  }
  const key = String(segment)
  return Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined
}

/** Compiles a reader for one path; the single-key case (most columns) is a direct lookup. */
export function compileFieldReader(
  segments: readonly (string | number)[],
): (record: object) => unknown {
  if (segments.length === 1 && typeof segments[0] === 'string') {
    const key = segments[0]
    if (!(key in Object.prototype)) return (record) => (record as Record<string, unknown>)[key]
    return (record) =>
      Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined
  }
  return (record) => {
    let current: unknown = record
    for (let i = 0; i < segments.length && current !== undefined; i++) {
      current = step(current, segments[i] as string | number)
    }
    return current
  }
}
