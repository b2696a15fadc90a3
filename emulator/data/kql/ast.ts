import type { KqlType } from './kql-types'

// The syntax tree of the KQL subset. Every node keeps the offset of its first token.

/** A scalar expression. */
export type Expr =
  | {
      readonly kind: 'literal'
      readonly type: KqlType
      readonly value: unknown
      readonly offset: number
    }
  | { readonly kind: 'column'; readonly name: string; readonly offset: number }
  | {
      readonly kind: 'member'
      readonly target: Expr
      readonly name: string
      readonly offset: number
    }
  | { readonly kind: 'index'; readonly target: Expr; readonly index: Expr; readonly offset: number }
  | {
      readonly kind: 'call'
      readonly name: string
      readonly args: readonly Expr[]
      readonly offset: number
    }
  | {
      readonly kind: 'unary'
      readonly op: '-' | '+'
      readonly operand: Expr
      readonly offset: number
    }
  | {
      readonly kind: 'binary'
      readonly op: string
      readonly left: Expr
      readonly right: Expr
      readonly offset: number
    }
  | {
      readonly kind: 'in'
      readonly op: string
      readonly left: Expr
      readonly list: readonly Expr[]
      readonly offset: number
    }
  | {
      readonly kind: 'between'
      readonly negated: boolean
      readonly left: Expr
      readonly low: Expr
      readonly high: Expr
      readonly offset: number
    }

/** `name = expr`, or a bare expression whose name is derived from it. */
export interface NamedExpr {
  readonly name?: string
  readonly expr: Expr
  readonly offset: number
}

/** One key of `order by`, `sort by` or `top ... by`. */
export interface SortKey {
  readonly expr: Expr
  readonly descending: boolean
  readonly nullsFirst: boolean
}

/** A tabular operator after a `|`. */
export type Operator =
  | { readonly kind: 'where'; readonly predicate: Expr; readonly offset: number }
  | { readonly kind: 'extend'; readonly items: readonly NamedExpr[]; readonly offset: number }
  | { readonly kind: 'project'; readonly items: readonly NamedExpr[]; readonly offset: number }
  | { readonly kind: 'project-away'; readonly patterns: readonly string[]; readonly offset: number }
  | {
      readonly kind: 'project-rename'
      readonly renames: ReadonlyArray<{ readonly to: string; readonly from: string }>
      readonly offset: number
    }
  | { readonly kind: 'take'; readonly count: Expr; readonly offset: number }
  | { readonly kind: 'count'; readonly offset: number }
  | {
      readonly kind: 'summarize'
      readonly aggregates: readonly NamedExpr[]
      readonly by: readonly NamedExpr[]
      readonly offset: number
    }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly offset: number }
  | {
      readonly kind: 'top'
      readonly count: Expr
      readonly keys: readonly SortKey[]
      readonly offset: number
    }
  | {
      readonly kind: 'distinct'
      readonly items: readonly NamedExpr[] | '*'
      readonly offset: number
    }

/** A whole query: a source (table name or `source`) and its operators. */
export interface QueryAst {
  readonly source: { readonly name: string; readonly offset: number }
  readonly operators: readonly Operator[]
}
