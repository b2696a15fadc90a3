import {
  compileMapping,
  type ColumnFailure,
  type MapResult,
  type MappingCompileIssue,
} from '../../../../shared/mapping/compile-mapping'
import type { Mapping, MappingIssue, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { parseFieldTemplate, templateFields } from '../../../../shared/mapping/field-template'
import { toMapping, type MappingDraft } from './mapping-draft'
import { rootField } from './source-paths'

/**
 * The mapping run over the preview records in the renderer, with the same shared rules the
 * engine applies to the whole file: how many records would fail, in which column and why,
 * which source fields the DCR would never see, and which stream columns stay empty.
 */

/** Failures of one stream column over the preview. */
export interface ColumnFailures {
  readonly column: string
  readonly count: number
  /** Counts by reason code (coercion, required, time window, size). */
  readonly byCode: Readonly<Partial<Record<ColumnFailure['code'], number>>>
  /** The first few, with the preview row they come from (0-based). */
  readonly examples: ReadonlyArray<{ readonly row: number; readonly reason: string }>
}

export interface PreviewCheck {
  /** The mapping could not be built or compiled: nothing below is meaningful. */
  readonly issues: readonly (MappingIssue | MappingCompileIssue)[]
  readonly mapping: Mapping | null
  readonly records: number
  readonly passed: number
  readonly failed: number
  /** Columns with failures, most failures first. */
  readonly failures: readonly ColumnFailures[]
  /** Preview records whose time is outside the window and are sent anyway (policy send). */
  readonly timeFlagged: number
  /** Top-level source fields no column reads: the DCR would drop them silently. */
  readonly droppedSources: readonly string[]
  /** Stream columns with no source: they stay empty in every record. */
  readonly unfilled: readonly string[]
  /** One result per preview record, in order (for the mapped-values table). */
  readonly results: readonly MapResult[]
}

const MAX_EXAMPLES = 3

function emptyCheck(
  issues: readonly (MappingIssue | MappingCompileIssue)[],
  mapping: Mapping | null,
): PreviewCheck {
  return {
    issues,
    mapping,
    records: 0,
    passed: 0,
    failed: 0,
    failures: [],
    timeFlagged: 0,
    droppedSources: [],
    unfilled: [],
    results: [],
  }
}

function templatePaths(template: string): string[] {
  const parts = parseFieldTemplate(template)
  return typeof parts === 'string' ? [] : templateFields(parts)
}

/** Builds, compiles and runs the mapping over the preview records at `nowMs`. */
export function checkPreview(input: {
  readonly draft: MappingDraft
  readonly columns: readonly StreamColumn[]
  readonly headers: readonly string[]
  readonly records: readonly Record<string, unknown>[]
  readonly nowMs: number
}): PreviewCheck {
  const built = toMapping(input.draft)
  if (!built.ok) return emptyCheck(built.issues, null)
  const compiled = compileMapping(built.mapping, input.columns)
  if (!compiled.ok) return emptyCheck(compiled.issues, built.mapping)
  const { map } = compiled.compiled

  const byColumn = new Map<
    string,
    {
      count: number
      byCode: Partial<Record<ColumnFailure['code'], number>>
      examples: ColumnFailures['examples'][number][]
    }
  >()
  const results: MapResult[] = []
  let passed = 0
  let timeFlagged = 0
  input.records.forEach((record, row) => {
    const result = map(record, input.nowMs)
    results.push(result)
    if (result.ok) {
      passed += 1
      if (result.timeOutsideWindow === true) timeFlagged += 1
      return
    }
    for (const failure of result.errors) {
      const entry = byColumn.get(failure.column) ?? { count: 0, byCode: {}, examples: [] }
      entry.count += 1
      entry.byCode[failure.code] = (entry.byCode[failure.code] ?? 0) + 1
      if (entry.examples.length < MAX_EXAMPLES) entry.examples.push({ row, reason: failure.reason })
      byColumn.set(failure.column, entry)
    }
  })

  const read = new Set<string>()
  for (const row of input.draft.columns) {
    const paths =
      row.source.kind === 'field'
        ? [row.source.path.trim()]
        : row.source.kind === 'template'
          ? templatePaths(row.source.template)
          : []
    for (const path of paths) {
      const root = rootField(path)
      if (root !== null) read.add(root)
    }
  }
  const failures = [...byColumn.entries()]
    .map(([column, entry]) => ({ column, ...entry }))
    .sort((a, b) => b.count - a.count || a.column.localeCompare(b.column))

  return {
    issues: [],
    mapping: built.mapping,
    records: input.records.length,
    passed,
    failed: input.records.length - passed,
    failures,
    timeFlagged,
    // Packed into the unmapped-fields column, nothing is dropped.
    droppedSources:
      input.draft.unmappedTo === null ? input.headers.filter((header) => !read.has(header)) : [],
    unfilled: input.draft.columns
      .filter((row) => row.source.kind === 'none' && row.column !== input.draft.unmappedTo)
      .map((r) => r.column),
    results,
  }
}
