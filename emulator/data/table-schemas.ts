import type { ColumnSchema, KqlType, Schema } from './kql/kql-types'
import type {
  SeedTable,
  SeedWorkspace,
  StreamColumnType,
  TableColumnType,
} from '../seed/seed-types'

/** The DCR diagnostics table the emulator writes to in each DCR's workspace. */
export const DCR_LOG_ERRORS_TABLE = 'DCRLogErrors'

/** Columns of `DCRLogErrors`, after the Azure Monitor table reference. */
export const DCR_LOG_ERRORS_COLUMNS: Schema = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'InputStreamId', type: 'string' },
  { name: 'Message', type: 'string' },
  { name: 'ClientRequestId', type: 'string' },
  { name: 'CorrelationId', type: 'string' },
  { name: '_ResourceId', type: 'string' },
]

/** Maps a Log Analytics table column type to the query type name. */
export function tableTypeToKql(type: TableColumnType): KqlType {
  switch (type) {
    case 'dateTime':
      return 'datetime'
    case 'boolean':
      return 'bool'
    default:
      return type
  }
}

/** Maps a DCR stream column type to the query type name. */
export function streamTypeToKql(type: StreamColumnType): KqlType {
  switch (type) {
    case 'boolean':
      return 'bool'
    default:
      return type
  }
}

/**
 * The schema a stored table has in queries: the seeded columns, plus `TimeGenerated` and
 * `Type` when the seed leaves them out, plus the hidden `_TimeReceived`.
 */
export function tableSchema(table: Pick<SeedTable, 'columns'>): Schema {
  const columns: ColumnSchema[] = table.columns.map((c) => ({
    name: c.name,
    type: tableTypeToKql(c.type),
  }))
  return withStandardColumns(columns)
}

function withStandardColumns(columns: ColumnSchema[]): Schema {
  const names = new Set(columns.map((c) => c.name))
  const out = [...columns]
  if (!names.has('TimeGenerated')) out.unshift({ name: 'TimeGenerated', type: 'datetime' })
  if (!names.has('Type')) out.push({ name: 'Type', type: 'string' })
  if (!names.has('_TimeReceived'))
    out.push({ name: '_TimeReceived', type: 'datetime', hidden: true })
  return out
}

/** Every queryable table of a workspace by name, `DCRLogErrors` included. */
export function workspaceTables(workspace: SeedWorkspace): ReadonlyMap<string, Schema> {
  const tables = new Map<string, Schema>()
  for (const table of workspace.tables) tables.set(table.name, tableSchema(table))
  if (!tables.has(DCR_LOG_ERRORS_TABLE)) {
    tables.set(DCR_LOG_ERRORS_TABLE, withStandardColumns([...DCR_LOG_ERRORS_COLUMNS]))
  }
  return tables
}
