import type { EvalContext } from './compiled'
import { KqlError, positionOf } from './kql-error'
import type { Row, Schema } from './kql-types'
import { parseQuery } from './parser'
import { compilePipeline, type Sink } from './pipeline'

/** Operators a DCR transformation may use in the emulator (Azure allows a similar subset). */
export const TRANSFORM_OPERATORS: ReadonlySet<string> = new Set([
  'where',
  'extend',
  'project',
  'project-rename',
  'project-away',
])

/** What one run of a transformation produced. */
export interface TransformOutput {
  readonly rows: Row[]
  /** Rows that failed to evaluate and were dropped. */
  readonly failedRows: number
  readonly firstError?: string
}

/** A DCR `transformKql`, compiled once against its input stream's columns. */
export interface CompiledTransform {
  readonly outputSchema: Schema
  run(rows: readonly Row[], now: number): TransformOutput
}

/**
 * Compiles a DCR transformation (`source | extend ... | project ...`) against the stream's
 * declared columns. Throws a `KqlError` for anything the emulator cannot run faithfully.
 */
export function compileTransform(kql: string, input: Schema): CompiledTransform {
  const ast = parseQuery(kql)
  if (ast.source.name !== 'source') {
    throw new KqlError(
      'semantic',
      `A transformation must start with 'source', not '${ast.source.name}'`,
      ast.source.offset,
      ast.source.name,
    )
  }
  for (const op of ast.operators) {
    if (!TRANSFORM_OPERATORS.has(op.kind)) {
      throw new KqlError(
        'unsupported',
        `The '${op.kind}' operator is not supported in transformations`,
        op.offset,
        op.kind,
      )
    }
  }
  const ctx: EvalContext = { now: 0 }
  const pipeline = compilePipeline(input, ast.operators, ctx)
  return {
    outputSchema: pipeline.schema,
    run(rows, now) {
      ctx.now = now
      const out: Row[] = []
      const final: Sink = {
        push: (row) => {
          out.push(row)
          return true
        },
        end: () => undefined,
      }
      const sink = pipeline.link(final)
      let failedRows = 0
      let firstError: string | undefined
      for (const row of rows) {
        try {
          sink.push(row)
        } catch (error) {
          failedRows++
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
      sink.end()
      return { rows: out, failedRows, ...(firstError === undefined ? {} : { firstError }) }
    },
  }
}

/** A one-line description of a KQL problem with its position, for logs and error bodies. */
export function describeKqlError(text: string, error: KqlError): string {
  if (error.offset === undefined) return error.message
  const at = positionOf(text, error.offset)
  return `${error.message} (line ${at.line}, column ${at.column})`
}
