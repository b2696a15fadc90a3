import type { ColumnMapping, Mapping, StreamColumn } from './mapping-schema'
import { DEFAULT_TIME_POLICY } from './mapping-schema'

/** A mapping that joins source fields to stream columns by name, and what it matched. */
export interface SameNameMapping {
  readonly mapping: Mapping
  /** Stream column → the source field it reads. */
  readonly matched: ReadonlyArray<readonly [string, string]>
  /** Stream columns no source field fills. */
  readonly unfilled: readonly string[]
  /** Source fields that no column reads (dropped on purpose). */
  readonly dropped: readonly string[]
}

/**
 * The mapping used when none is given (the CLI without --mapping): each stream column reads the
 * source field of the same name, compared without regard to case (an exact match wins over a
 * case-insensitive one). Values are still coerced to the stream's types.
 */
export function sameNameMapping(
  stream: string,
  sourceFields: readonly string[],
  streamColumns: readonly StreamColumn[],
): SameNameMapping {
  const columns: Record<string, ColumnMapping> = {}
  const matched: Array<readonly [string, string]> = []
  const unfilled: string[] = []
  const used = new Set<string>()
  for (const column of streamColumns) {
    const source =
      sourceFields.find((field) => field === column.name && !used.has(field)) ??
      sourceFields.find(
        (field) => field.toLowerCase() === column.name.toLowerCase() && !used.has(field),
      )
    if (source === undefined) {
      unfilled.push(column.name)
      continue
    }
    used.add(source)
    matched.push([column.name, source])
    columns[column.name] = { source: { kind: 'field', path: [source] }, type: column.type }
  }
  return {
    mapping: {
      version: 1,
      stream,
      columns,
      timePolicy: DEFAULT_TIME_POLICY,
      oversizedValue: 'fail',
    },
    matched,
    unfilled,
    dropped: sourceFields.filter((field) => !used.has(field)),
  }
}
