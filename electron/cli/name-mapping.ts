import type { Mapping, StreamColumn } from '../../shared/mapping/mapping-schema'
import { draftMapping, suggestMapping } from '../../shared/mapping/suggest-mapping'

/** A mapping made by matching names, and what it left out. */
export interface NameMapping {
  readonly mapping: Mapping
  /** `[stream column, source field]` pairs. */
  readonly matched: ReadonlyArray<readonly [string, string]>
  /** Stream columns no source field fills (left empty). */
  readonly unfilledColumns: readonly string[]
  /** Source fields no column takes (dropped on purpose). */
  readonly droppedFields: readonly string[]
}

/**
 * Maps source fields to the stream's columns of the same name, ignoring case only (no fuzzy
 * guesses on the command line: a wrong guess would send data to the wrong column). Dates get
 * the format inferred from the samples.
 */
export function mappingByName(
  stream: string,
  sourceFields: readonly string[],
  columns: readonly StreamColumn[],
  samples: readonly Record<string, unknown>[],
): NameMapping {
  const suggestions = suggestMapping(sourceFields, columns, samples).filter(
    (suggestion) => suggestion.match === 'exact' || suggestion.match === 'case-insensitive',
  )
  const mapping = draftMapping(stream, suggestions, samples)
  const matched = suggestions.flatMap((s) =>
    s.source === null ? [] : [[s.column, s.source] as const],
  )
  const used = new Set(matched.map(([, field]) => field))
  const filled = new Set(matched.map(([column]) => column))
  return {
    mapping,
    matched,
    unfilledColumns: columns.map((c) => c.name).filter((name) => !filled.has(name)),
    droppedFields: sourceFields.filter((field) => !used.has(field)),
  }
}
