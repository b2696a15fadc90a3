import { KqlError } from './kql-error'
import type { ColumnSchema, KqlType, Row } from './kql-types'

/** Values that stay the same for one run (one query, or one ingestion request's transform). */
export interface EvalContext {
  /** `now()` in epoch milliseconds; fixed for the whole run, as in Kusto. */
  now: number
}

/** What an expression can see: the columns of its input and the run context. */
export interface Scope {
  readonly columns: ReadonlyMap<string, ColumnSchema>
  readonly ctx: EvalContext
  /** Operator name for messages, e.g. `where`. */
  readonly operator: string
}

/** A compiled scalar expression: its static type and an evaluator over internal values. */
export interface Compiled {
  readonly type: KqlType
  readonly evaluate: (row: Row) => unknown
  /** True when the value does not depend on the row (literals and constant folds). */
  readonly constant?: boolean
  /**
   * The value exactly as the row holds it, for a datetime column passed on unchanged (a column
   * reference, or `todatetime` of one): stored text keeps the digits past the millisecond that
   * `evaluate`'s epoch milliseconds cannot carry. `extend` and `project` store this when present.
   */
  readonly raw?: (row: Row) => unknown
}

/** Throws a semantic error prefixed with the operator, as Kusto words them. */
export function semanticError(scope: Scope, message: string, offset: number): KqlError {
  return new KqlError('semantic', `'${scope.operator}' operator: ${message}`, offset)
}

/** Makes a compiled constant. */
export function constantOf(type: KqlType, value: unknown): Compiled {
  return { type, evaluate: () => value, constant: true }
}
