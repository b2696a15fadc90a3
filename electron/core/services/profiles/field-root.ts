import { pathSegments } from '../../../../shared/mapping/field-path'
import { parseFieldTemplate, templateFields } from '../../../../shared/mapping/field-template'
import type { ColumnSource, FieldPath } from '../../../../shared/mapping/mapping-schema'

/** The top-level source field a mapping path reads (`a.b[0]` → `a`), if the path is valid. */
export function fieldRoot(path: FieldPath): string | undefined {
  const segments = pathSegments(path)
  return typeof segments === 'string' ? undefined : String(segments[0])
}

/** The top-level fields a column's source reads (a field, or every field of a template). */
export function sourceRoots(source: ColumnSource): string[] {
  if (source.kind === 'field') {
    const root = fieldRoot(source.path)
    return root === undefined ? [] : [root]
  }
  if (source.kind !== 'template') return []
  const parts = parseFieldTemplate(source.template)
  if (typeof parts === 'string') return []
  return templateFields(parts).flatMap((path) => {
    const root = fieldRoot(path)
    return root === undefined ? [] : [root]
  })
}
