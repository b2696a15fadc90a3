import { formatFieldPath, parseFieldPath } from '../../../../shared/mapping/field-path'
import { inferColumnType } from '../../../../shared/mapping/infer-type'
import {
  DCR_COLUMN_TYPES,
  parseMapping,
  type ColumnFormat,
  type ColumnMapping,
  type ColumnSource,
  type DcrColumnType,
  type Mapping,
  type MappingIssue,
  type StreamColumn,
  type TimePolicy,
} from '../../../../shared/mapping/mapping-schema'
import { parseFieldTemplate } from '../../../../shared/mapping/field-template'
import { suggestMapping, type MappingSuggestion } from '../../../../shared/mapping/suggest-mapping'
import { readPath } from './source-paths'

/**
 * The Map screen's editable model of a mapping: one row per stream column with where its value
 * comes from, how it was chosen (matched automatically, from a profile, or by the person) and
 * its format. `toMapping` turns it into the shared mapping JSON that the engine compiles.
 */

/** Where a column's value comes from, as the form holds it (text the person can edit). */
export type SourceChoice =
  | { readonly kind: 'field'; readonly path: string }
  | { readonly kind: 'template'; readonly template: string }
  | { readonly kind: 'constant'; readonly text: string }
  | { readonly kind: 'now' }
  | { readonly kind: 'none' }

/** How a row got its source: matched on open, a saved profile, or the person's choice. */
export type ChoiceOrigin = 'auto' | 'profile' | 'user'

export interface ColumnDraft {
  readonly column: string
  readonly type: DcrColumnType
  readonly source: SourceChoice
  readonly format: ColumnFormat
  readonly required: boolean
  /** The automatic match found on open (kept to show its confidence and to go back to it). */
  readonly suggestion: MappingSuggestion | null
  readonly origin: ChoiceOrigin
}

export interface MappingDraft {
  readonly stream: string
  readonly columns: readonly ColumnDraft[]
  readonly timePolicy: TimePolicy
  readonly oversizedValue: 'fail' | 'send'
  /** The dynamic column that keeps the fields no column reads; null drops them (counted). */
  readonly unmappedTo: string | null
}

/** The path text for a top-level source field (keys with dots or brackets get quoted). */
export function fieldPathText(name: string): string {
  return formatFieldPath([name])
}

/** A DCR column type from a declaration's string (unknown future types are left out). */
export function asColumnType(type: string): DcrColumnType | null {
  return (DCR_COLUMN_TYPES as readonly string[]).includes(type) ? (type as DcrColumnType) : null
}

/**
 * The stream column the record's time is checked on: TimeGenerated when the stream declares it,
 * else the column the DCR's transform turns into TimeGenerated (`todatetime(Time)`), else the
 * first datetime column; TimeGenerated when there is none (the check then does not apply).
 */
export function pickTimeColumn(
  columns: readonly StreamColumn[],
  transforms: readonly string[] = [],
): string {
  const datetime = columns.filter((column) => column.type === 'datetime')
  if (datetime.some((column) => column.name === 'TimeGenerated')) return 'TimeGenerated'
  for (const kql of transforms) {
    const match = /TimeGenerated\s*=\s*todatetime\(\s*\[?'?"?([A-Za-z_][A-Za-z0-9_]*)/.exec(kql)
    const name = match?.[1]
    if (name !== undefined && datetime.some((column) => column.name === name)) return name
  }
  return datetime[0]?.name ?? 'TimeGenerated'
}

/** The date format a datetime source needs, guessed from the samples (undefined: automatic). */
function guessedFormat(
  type: DcrColumnType,
  path: string,
  samples: readonly Record<string, unknown>[],
): ColumnFormat {
  if (type !== 'datetime' || samples.length === 0) return {}
  const values = samples.map((record) => readPath(record, path))
  const guess = inferColumnType(values, path)
  return guess.format?.date === undefined ? {} : { date: guess.format.date }
}

/**
 * A first draft, matched automatically: exact, case-insensitive, normalised, synonyms, fuzzy
 * (shared suggestMapping), over the file's columns and its nested JSON paths.
 */
export function draftFromSuggestions(input: {
  readonly stream: string
  readonly columns: readonly StreamColumn[]
  /** Top-level source fields and nested paths, as path text. */
  readonly sources: readonly string[]
  readonly samples: readonly Record<string, unknown>[]
  readonly transforms?: readonly string[]
}): MappingDraft {
  const timeColumn = pickTimeColumn(input.columns, input.transforms)
  const suggestions = suggestMapping(input.sources, input.columns, input.samples, { timeColumn })
  const rows = suggestions.map((suggestion): ColumnDraft => {
    const path = suggestion.source
    if (suggestion.template !== undefined) {
      return {
        column: suggestion.column,
        type: suggestion.type,
        source: { kind: 'template', template: suggestion.template },
        format: suggestion.date === undefined ? {} : { date: suggestion.date },
        required: false,
        suggestion,
        origin: 'auto',
      }
    }
    return {
      column: suggestion.column,
      type: suggestion.type,
      source: path === null ? { kind: 'none' } : { kind: 'field', path },
      format:
        path === null
          ? {}
          : suggestion.date !== undefined
            ? { date: suggestion.date }
            : guessedFormat(suggestion.type, path, input.samples),
      required: false,
      suggestion: path === null ? null : suggestion,
      origin: 'auto',
    }
  })
  return {
    stream: input.stream,
    columns: rows,
    timePolicy: { column: timeColumn, outsideWindow: 'send', missing: 'fail' },
    oversizedValue: 'fail',
    unmappedTo: null,
  }
}

function choiceFromMapping(rule: ColumnMapping): SourceChoice {
  const { source } = rule
  if (source.kind === 'now') return { kind: 'now' }
  if (source.kind === 'none') return { kind: 'none' }
  if (source.kind === 'template') return { kind: 'template', template: source.template }
  if (source.kind === 'constant') {
    const { value } = source
    return { kind: 'constant', text: typeof value === 'string' ? value : JSON.stringify(value) }
  }
  const segments = typeof source.path === 'string' ? parseFieldPath(source.path) : source.path
  return {
    kind: 'field',
    path: typeof segments === 'string' ? String(source.path) : formatFieldPath(segments),
  }
}

/**
 * A draft from a saved mapping (a profile), laid over the automatic draft: columns the profile
 * fills take its rule; the others keep their automatic match. Profile columns the stream does
 * not declare (or declares with another type) are returned as `ignored`.
 */
export function draftFromMapping(
  mapping: Mapping,
  automatic: MappingDraft,
): { draft: MappingDraft; ignored: readonly string[] } {
  const ignored: string[] = []
  const declared = new Map(automatic.columns.map((row) => [row.column, row]))
  for (const [name, rule] of Object.entries(mapping.columns)) {
    const row = declared.get(name)
    if (row === undefined || row.type !== rule.type) ignored.push(name)
  }
  const columns = automatic.columns.map((row): ColumnDraft => {
    const rule = Object.prototype.hasOwnProperty.call(mapping.columns, row.column)
      ? mapping.columns[row.column]
      : undefined
    if (rule === undefined || rule.type !== row.type) return row
    return {
      ...row,
      source: choiceFromMapping(rule),
      format: rule.format ?? {},
      required: rule.required === true,
      origin: 'profile',
    }
  })
  return {
    draft: {
      ...automatic,
      columns,
      timePolicy: mapping.timePolicy,
      oversizedValue: mapping.oversizedValue,
      unmappedTo:
        mapping.unmappedTo !== undefined && declared.get(mapping.unmappedTo)?.type === 'dynamic'
          ? mapping.unmappedTo
          : null,
    },
    ignored,
  }
}

type ConstantValue = Extract<ColumnSource, { kind: 'constant' }>['value']

/** The JSON value a constant's text stands for in its column (text is coerced when mapping). */
function constantValue(type: DcrColumnType, text: string): ConstantValue {
  if (type === 'dynamic') {
    try {
      return JSON.parse(text) as ConstantValue
    } catch {
      return text
    }
  }
  return text
}

/** Problems in the form itself, by column, before the mapping is compiled. */
export function draftIssues(draft: MappingDraft): MappingIssue[] {
  const issues: MappingIssue[] = []
  for (const row of draft.columns) {
    if (row.source.kind === 'field') {
      const parsed = parseFieldPath(row.source.path.trim())
      if (typeof parsed === 'string') issues.push({ path: row.column, message: parsed })
    } else if (row.source.kind === 'template') {
      const parsed = parseFieldTemplate(row.source.template)
      if (typeof parsed === 'string') issues.push({ path: row.column, message: parsed })
    } else if (row.source.kind === 'constant' && row.source.text.trim() === '') {
      issues.push({ path: row.column, message: `${row.column}: type the constant value.` })
    } else if (row.source.kind === 'now' && row.type !== 'datetime' && row.type !== 'string') {
      issues.push({
        path: row.column,
        message: `${row.column} is ${row.type}: "now" can only fill a datetime or string column.`,
      })
    }
  }
  return issues
}

/** The mapping's source for a row's choice (constants read as the column's JSON). */
function mappingSource(row: ColumnDraft): ColumnSource {
  const { source } = row
  switch (source.kind) {
    case 'field':
      return { kind: 'field', path: source.path.trim() }
    case 'template':
      return { kind: 'template', template: source.template }
    case 'constant':
      return { kind: 'constant', value: constantValue(row.type, source.text) }
    case 'now':
      return { kind: 'now' }
    case 'none':
      return { kind: 'none' }
  }
}

/**
 * The mapping JSON for a draft, validated by the shared schema; problems come back with the
 * column they belong to. "Leave empty" is kept as a `none` source, so a profile saved from it
 * leaves the column empty again instead of taking the automatic match.
 */
export function toMapping(
  draft: MappingDraft,
): { ok: true; mapping: Mapping } | { ok: false; issues: MappingIssue[] } {
  const formIssues = draftIssues(draft)
  if (formIssues.length > 0) return { ok: false, issues: formIssues }
  const columns: Record<string, ColumnMapping> = {}
  for (const row of draft.columns) {
    const empty = row.source.kind === 'none'
    const format = empty || Object.keys(row.format).length === 0 ? undefined : row.format
    columns[row.column] = {
      source: mappingSource(row),
      type: row.type,
      ...(format === undefined ? {} : { format }),
      ...(row.required && !empty ? { required: true } : {}),
    }
  }
  const parsed = parseMapping({
    version: 1,
    stream: draft.stream,
    columns,
    timePolicy: draft.timePolicy,
    oversizedValue: draft.oversizedValue,
    ...(draft.unmappedTo === null ? {} : { unmappedTo: draft.unmappedTo }),
  })
  if (parsed.ok) return parsed
  return {
    ok: false,
    issues: parsed.issues.map((issue) => ({
      // `columns.Level.format.date` → the row `Level`.
      path: issue.path.startsWith('columns.')
        ? (issue.path.split('.')[1] ?? issue.path)
        : issue.path,
      message: issue.message,
    })),
  }
}

/** True when two rows fill their column the same way (source, format and required). */
export function sameRule(a: ColumnDraft, b: ColumnDraft): boolean {
  return (
    a.required === b.required &&
    JSON.stringify(a.source) === JSON.stringify(b.source) &&
    JSON.stringify(a.format) === JSON.stringify(b.format)
  )
}
