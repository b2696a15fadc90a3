import { compileMapping } from '../../../../shared/mapping/compile-mapping'
import type { Mapping, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type { FailedRecordView } from '../../../../shared/models/history'

/**
 * Editing a failed record inline: the text starts as the record to send (the edited one, else
 * the mapped one, else the source record) as pretty JSON, and must parse to a JSON object
 * before it is sent to the main side, which checks it against the stream's rules.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The JSON the editor starts with: the edited record, else the mapped one, else `prefill` (the
 * source mapped as far as it goes, see prefillFromMapping), else the source record.
 */
export function editStartText(
  record: FailedRecordView,
  prefill: Readonly<Record<string, unknown>> | null = null,
): string {
  const start =
    record.edited ?? record.mapped ?? prefill ?? (isRecord(record.source) ? record.source : {})
  return JSON.stringify(start, null, 2)
}

/**
 * A record that failed mapping, mapped as far as it goes: the columns that convert hold their
 * stream values, the ones that failed hold the source value as it was (for the person to fix).
 * Null when the source is not a record or the mapping does not fit the columns.
 */
export function prefillFromMapping(
  source: unknown,
  mapping: Mapping,
  columns: readonly StreamColumn[],
  nowMs: number,
): Record<string, unknown> | null {
  if (!isRecord(source)) return null
  const failed: Record<string, unknown> = {}
  let current = mapping
  // Each round drops the columns that failed; a handful of rounds covers every column.
  for (let round = 0; round < 4; round++) {
    const compiled = compileMapping(current, columns)
    if (!compiled.ok) return null
    const result = compiled.compiled.map(source, nowMs)
    if (result.ok) {
      const record: Record<string, unknown> = {}
      for (const name of Object.keys(mapping.columns)) {
        const value = name in failed ? failed[name] : result.record[name]
        if (value === undefined) continue
        record[name] = typeof value === 'bigint' ? value.toString() : value
      }
      return record
    }
    const remaining = { ...current.columns }
    for (const error of result.errors) {
      if (error.value !== undefined) failed[error.column] = error.value
      delete remaining[error.column]
    }
    current = { ...current, columns: remaining }
  }
  return null
}

export type ParsedEdit =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly message: string }

/** Parses the editor's text: a JSON object with at least one column. */
export function parseEdit(text: string): ParsedEdit {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { ok: false, message: `This is not valid JSON: ${detail}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: 'A record is a JSON object: { "Column": value, … }, not an array or a single value.',
    }
  }
  if (Object.keys(value).length === 0) {
    return { ok: false, message: 'The record has no columns.' }
  }
  return { ok: true, record: value as Record<string, unknown> }
}

/** The source of a record as text for display (raw text of a malformed entry stays as is). */
export function sourceText(source: unknown): string {
  if (source === undefined || source === null) return '(not available)'
  if (typeof source === 'string') return source
  return JSON.stringify(source, null, 2)
}
