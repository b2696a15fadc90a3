import type { EvalContext } from './compiled'
import { KqlError } from './kql-error'
import type { KqlType, Row, Schema } from './kql-types'
import { parseQuery } from './parser'
import { compilePipeline, type CompiledPipeline, type Sink } from './pipeline'
import type { Operator } from './ast'
import { toResponseCell } from './values'

/** A query compiled against the schema of the table it reads. */
export interface CompiledQuery {
  readonly tableName: string
  readonly tableSchema: Schema
  readonly operators: readonly Operator[]
  readonly pipeline: CompiledPipeline
}

/**
 * Compiles `Table | op | ...`. `resolveTable` gives the schema of a table in the queried
 * workspace (undefined when there is none); `now` is `now()` for the whole query.
 */
export function compileQuery(
  text: string,
  resolveTable: (name: string) => Schema | undefined,
  now: number,
): CompiledQuery {
  const ast = parseQuery(text)
  const tableSchema = resolveTable(ast.source.name)
  if (tableSchema === undefined) {
    throw new KqlError(
      'semantic',
      `Failed to resolve table or column expression named '${ast.source.name}'`,
      ast.source.offset,
      ast.source.name,
    )
  }
  const ctx: EvalContext = { now }
  return {
    tableName: ast.source.name,
    tableSchema,
    operators: ast.operators,
    pipeline: compilePipeline(tableSchema, ast.operators, ctx),
  }
}

/** One table of a query response, in the Log Analytics API shape. */
export interface ResponseTable {
  readonly name: string
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: KqlType }>
  readonly rows: unknown[][]
}

/** Collects result rows into the response shape, stopping after `maxRows`. */
export function createResultCollector(
  schema: Schema,
  maxRows: number,
): { readonly sink: Sink; readonly table: ResponseTable; readonly truncated: () => boolean } {
  const visible = schema.filter((c) => c.hidden !== true)
  const rows: unknown[][] = []
  let truncated = false
  const sink: Sink = {
    push: (row: Row) => {
      if (rows.length >= maxRows) {
        truncated = true
        return false
      }
      rows.push(visible.map((c) => toResponseCell(row[c.name], c.type)))
      return true
    },
    end: () => undefined,
  }
  return {
    sink,
    table: {
      name: 'PrimaryResult',
      columns: visible.map((c) => ({ name: c.name, type: c.type })),
      rows,
    },
    truncated: () => truncated,
  }
}
