import type { KqlType, Row, Schema } from '../kql/kql-types'
import { convertValue, formatDateTime, fromJsonValue, toStoredValue } from '../kql/values'
import type { FlowTarget } from './dcr-catalog'

/** Longest stored string value, in UTF-8 bytes; longer values are cut (Azure: 64 KB). */
export const MAX_FIELD_BYTES = 65_536

const TWO_DAYS_MS = 2 * 86_400_000
const ONE_DAY_MS = 86_400_000

/** Columns the service fills itself; a transform cannot write them. */
const SERVICE_COLUMNS = new Set(['Type', '_TimeReceived', 'TenantId'])

/** Typed input rows plus what was dropped on the way. */
export interface TypedRecords {
  readonly rows: Row[]
  /** Undeclared top-level property name → how many records carried it. */
  readonly undeclared: Map<string, number>
}

/**
 * Keeps only the stream's declared columns of each record and converts their values to the
 * declared types, as the service does before the transform. Undeclared properties are
 * dropped silently but counted.
 */
export function typeRecords(
  records: ReadonlyArray<Record<string, unknown>>,
  schema: Schema,
): TypedRecords {
  const declared = new Set(schema.map((c) => c.name))
  const undeclared = new Map<string, number>()
  const rows: Row[] = records.map((record) => {
    const row: Row = {}
    for (const column of schema) row[column.name] = fromJsonValue(record[column.name], column.type)
    for (const name of Object.keys(record)) {
      if (!declared.has(name)) undeclared.set(name, (undeclared.get(name) ?? 0) + 1)
    }
    return row
  })
  return { rows, undeclared }
}

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(value: string, maxBytes = MAX_FIELD_BYTES): string {
  if (value.length * 3 <= maxBytes) return value
  const buffer = Buffer.from(value, 'utf8')
  if (buffer.length <= maxBytes) return value
  let cut = maxBytes
  while (cut > 0 && ((buffer[cut] as number) & 0xc0) === 0x80) cut--
  return buffer.toString('utf8', 0, cut)
}

/** Stored rows for one table, plus what could not be kept. */
export interface ShapedRows {
  readonly stored: Array<Record<string, unknown>>
  /** Output columns the table does not have → rows whose non-empty value was dropped. */
  readonly droppedColumns: Map<string, number>
  readonly truncatedValues: number
}

/**
 * Turns transform output rows into stored table rows, as the service does: columns the table
 * does not have are dropped, values are converted to the table's column types, long strings
 * are cut at 64 KB, `TimeGenerated` outside [-2 days, +1 day] of receipt (or missing) becomes
 * the receive time, and `Type` / `_TimeReceived` (and `TenantId` when the table has it) are set.
 */
export function shapeRows(
  rows: readonly Row[],
  outputSchema: Schema,
  target: FlowTarget,
  receivedMs: number,
): ShapedRows {
  const tableTypes = new Map<string, KqlType>(target.schema.map((c) => [c.name, c.type]))
  const writable: Array<{ name: string; from: KqlType; to: KqlType }> = []
  const droppedColumns = new Map<string, number>()
  for (const column of outputSchema) {
    const to = tableTypes.get(column.name)
    if (to === undefined || SERVICE_COLUMNS.has(column.name)) droppedColumns.set(column.name, 0)
    else writable.push({ name: column.name, from: column.type, to })
  }
  const received = formatDateTime(receivedMs)
  const hasTenant = tableTypes.has('TenantId')
  let truncatedValues = 0
  const stored = rows.map((row) => {
    const out: Record<string, unknown> = {}
    for (const { name, from, to } of writable) {
      let value = convertValue(row[name], from, to)
      if (typeof value === 'string' && to === 'string') {
        const cut = truncateUtf8(value)
        if (cut !== value) truncatedValues++
        value = cut
      }
      const storedValue = toStoredValue(value, to)
      if (storedValue !== undefined) out[name] = storedValue
    }
    for (const [name, count] of droppedColumns) {
      const value = row[name]
      if (value !== null && value !== undefined && value !== '') droppedColumns.set(name, count + 1)
    }
    const time = typeof out.TimeGenerated === 'string' ? Date.parse(out.TimeGenerated) : Number.NaN
    const inWindow = time >= receivedMs - TWO_DAYS_MS && time <= receivedMs + ONE_DAY_MS
    out.TimeGenerated = inWindow ? out.TimeGenerated : received
    if (hasTenant) out.TenantId = target.workspace.customerId
    out.Type = target.table
    out._TimeReceived = received
    return out
  })
  return { stored, droppedColumns, truncatedValues }
}
