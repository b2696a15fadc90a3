import { compileMapping } from '../../../../shared/mapping/compile-mapping'
import {
  DEFAULT_TIME_POLICY,
  type ColumnMapping,
  type Mapping,
  type StreamColumn,
  type TimePolicy,
} from '../../../../shared/mapping/mapping-schema'
import type { RecordIssue, RecordValidation } from '../../../../shared/models/history'
import { toJsonSafe } from '../files/json-safe'

/**
 * Checks a stream record the person edited with the upload's own rules: it is run through a
 * mapping that reads each declared column from the column of the same name, so column names,
 * types and coercion, the time policy and the 64 KB limit apply exactly as during the upload.
 * A column the stream does not declare is an issue (the service would drop it silently).
 */
export function validateEditedRecord(
  record: Readonly<Record<string, unknown>>,
  streamColumns: readonly StreamColumn[],
  timePolicy: TimePolicy = { ...DEFAULT_TIME_POLICY, missing: 'service-time' },
  nowMs: number = Date.now(),
): RecordValidation {
  const declared = new Set(streamColumns.map((c) => c.name))
  const issues: RecordIssue[] = Object.keys(record)
    .filter((name) => !declared.has(name))
    .map((name) => {
      const sameButCase = streamColumns.find((c) => c.name.toLowerCase() === name.toLowerCase())
      return {
        column: name,
        code: 'mapping/unknown-column' as const,
        reason:
          sameButCase === undefined
            ? `The stream has no column ${name}; the service would drop it.`
            : `The stream has no column ${name}, but has ${sameButCase.name}: names are case-sensitive.`,
      }
    })
  const columns: Record<string, ColumnMapping> = {}
  for (const column of streamColumns) {
    columns[column.name] = { source: { kind: 'field', path: [column.name] }, type: column.type }
  }
  const mapping: Mapping = {
    version: 1,
    stream: 'edited',
    columns,
    timePolicy,
    oversizedValue: 'fail',
  }
  const compiled = compileMapping(mapping, streamColumns)
  if (!compiled.ok) {
    return {
      valid: false,
      issues: compiled.issues.map((i) => ({ column: i.column, code: i.code, reason: i.message })),
    }
  }
  const outcome = compiled.compiled.map(record, nowMs)
  if (!outcome.ok) {
    issues.push(
      ...outcome.errors.map((e) => ({ column: e.column, code: e.code, reason: e.reason })),
    )
  }
  if (issues.length > 0 || !outcome.ok) return { valid: false, issues }
  return { valid: true, record: toJsonSafe(outcome.record) }
}
