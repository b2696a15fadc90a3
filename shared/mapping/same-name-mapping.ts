import type { Mapping, StreamColumn } from './mapping-schema'
import { draftMapping, suggestMapping } from './suggest-mapping'

/** A mapping that joins source fields to stream columns by name, and what it matched. */
export interface SameNameMapping {
  readonly mapping: Mapping
  /** `[stream column, source field]` pairs. */
  readonly matched: ReadonlyArray<readonly [string, string]>
  /** Stream columns no source field fills (left empty). */
  readonly unfilled: readonly string[]
  /** Source fields that no column reads (dropped on purpose). */
  readonly dropped: readonly string[]
}

/**
 * The mapping used when none is given (the CLI without --mapping): each stream column reads the
 * source field of the same name, compared without regard to case (an exact match wins over a
 * case-insensitive one), and nothing fuzzier: on the command line nobody reviews a guess, and a
 * wrong one sends data to the wrong column. Values are still coerced to the stream's types;
 * date formats are inferred from the samples, when there are some.
 */
export function sameNameMapping(
  stream: string,
  sourceFields: readonly string[],
  streamColumns: readonly StreamColumn[],
  samples: readonly Record<string, unknown>[] = [],
): SameNameMapping {
  const suggestions = suggestMapping(sourceFields, streamColumns, samples).filter(
    (suggestion) => suggestion.match === 'exact' || suggestion.match === 'case-insensitive',
  )
  const matched = suggestions.flatMap((s) =>
    s.source === null ? [] : [[s.column, s.source] as const],
  )
  const used = new Set(matched.map(([, field]) => field))
  const filled = new Set(matched.map(([column]) => column))
  return {
    mapping: draftMapping(stream, suggestions, samples),
    matched,
    unfilled: streamColumns.map((c) => c.name).filter((name) => !filled.has(name)),
    dropped: sourceFields.filter((field) => !used.has(field)),
  }
}
