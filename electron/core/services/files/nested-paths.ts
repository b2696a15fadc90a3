/** Deepest level of nested JSON offered as a mapping source. */
const MAX_DEPTH = 4
/** Most nested paths offered (wide documents stay bounded). */
const MAX_PATHS = 500

const PLAIN_KEY = /^[A-Za-z_$@][\w$@-]*$/

/**
 * Dotted paths to nested values of JSON records (`detail.msg`), for auto-matching stream columns
 * to fields below the top level. Only object nesting with plain keys is followed (arrays and
 * keys with dots or brackets are left to the person), so each path reads back with the mapping's
 * field-path syntax.
 */
export function nestedPaths(records: ReadonlyArray<Readonly<Record<string, unknown>>>): string[] {
  const found = new Set<string>()
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (found.size >= MAX_PATHS || depth > MAX_DEPTH) return
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    for (const [key, child] of Object.entries(value)) {
      if (!PLAIN_KEY.test(key)) continue
      const path = `${prefix}.${key}`
      if (typeof child === 'object' && child !== null && !Array.isArray(child)) {
        walk(child, path, depth + 1)
      } else {
        found.add(path)
      }
      if (found.size >= MAX_PATHS) return
    }
  }
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (PLAIN_KEY.test(key)) walk(value, key, 2)
    }
  }
  return [...found]
}
