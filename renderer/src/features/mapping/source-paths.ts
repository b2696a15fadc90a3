import {
  compileFieldReader,
  formatFieldPath,
  parseFieldPath,
} from '../../../../shared/mapping/field-path'

/**
 * The places a column's value can come from in a file: its top-level fields, and for JSON the
 * paths into nested objects (`props.user`, `tags[0]`), found in the preview records.
 */

/** How deep nested paths are offered (deeper ones can still be typed). */
export const MAX_PATH_DEPTH = 4
/** Most nested paths offered, so a huge document does not flood the picker. */
export const MAX_NESTED_PATHS = 500

/** Reads a path (text form) from a record; undefined when the path is invalid or absent. */
export function readPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  const segments = parseFieldPath(path)
  if (typeof segments === 'string') return undefined
  return compileFieldReader(segments)(record)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Paths below the top level, in the order first seen: objects are walked key by key, arrays by
 * their first item (`tags[0]`). Top-level fields are not included (they are the headers).
 */
export function nestedPaths(samples: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>()
  const walk = (value: unknown, segments: readonly (string | number)[]) => {
    if (seen.size >= MAX_NESTED_PATHS || segments.length > MAX_PATH_DEPTH) return
    if (segments.length > 1) seen.add(formatFieldPath(segments))
    if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...segments, key])
    } else if (Array.isArray(value) && value.length > 0) {
      walk(value[0], [...segments, 0])
    }
  }
  for (const record of samples) {
    for (const [key, value] of Object.entries(record)) {
      if (isPlainObject(value) || Array.isArray(value)) walk(value, [key])
    }
  }
  return [...seen]
}

/** The top-level field a path starts from (`props.user` → `props`). */
export function rootField(path: string): string | null {
  const segments = parseFieldPath(path)
  if (typeof segments === 'string' || segments.length === 0) return null
  return String(segments[0])
}
