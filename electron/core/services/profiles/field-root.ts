import { pathSegments } from '../../../../shared/mapping/field-path'
import type { FieldPath } from '../../../../shared/mapping/mapping-schema'

/** The top-level source field a mapping path reads (`a.b[0]` → `a`), if the path is valid. */
export function fieldRoot(path: FieldPath): string | undefined {
  const segments = pathSegments(path)
  return typeof segments === 'string' ? undefined : String(segments[0])
}
