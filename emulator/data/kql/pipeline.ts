import { compileAggregate, type Accumulator } from './aggregates'
import type { Expr, NamedExpr, Operator, SortKey } from './ast'
import { compareKindOf, sortCompare, type CompareKind } from './comparison'
import { compileExpression } from './compile-expression'
import { semanticError, type Compiled, type EvalContext, type Scope } from './compiled'
import type { ColumnSchema, Row, Schema } from './kql-types'
import { isNumericType } from './kql-types'

/**
 * A push-based consumer of rows. `push` returns false when no more rows are wanted (after
 * `take`), so a table scan can stop early; `end` is called exactly once afterwards.
 */
export interface Sink {
  push(row: Row): boolean
  end(): void
}

/** A compiled chain of tabular operators: its output schema and a way to wire it to a sink. */
export interface CompiledPipeline {
  readonly schema: Schema
  link(final: Sink): Sink
}

interface CompiledOperator {
  readonly schema: Schema
  wrap(next: Sink): Sink
}

/** Compiles operators over an input schema; `ctx.now` may change between runs. */
export function compilePipeline(
  input: Schema,
  operators: readonly Operator[],
  ctx: EvalContext,
): CompiledPipeline {
  let schema = input
  const compiled: CompiledOperator[] = []
  operators.forEach((op, i) => {
    const following = operators[i + 1]
    // `order by ... | take n` only needs to keep n rows while sorting.
    const next =
      op.kind === 'sort' && following?.kind === 'take'
        ? compileSort(
            op.keys,
            schema,
            ctx,
            'sort',
            constantCount(following.count, schema, ctx, 'take'),
          )
        : compileOperator(op, schema, ctx)
    compiled.push(next)
    schema = next.schema
  })
  return {
    schema,
    link: (final) => compiled.reduceRight<Sink>((sink, op) => op.wrap(sink), final),
  }
}

function scopeOf(schema: Schema, ctx: EvalContext, operator: string): Scope {
  return { columns: new Map(schema.map((c) => [c.name, c])), ctx, operator }
}

/** The column name Kusto gives an unnamed expression, when it gives one. */
function derivedName(expr: Expr): string | undefined {
  switch (expr.kind) {
    case 'column':
      return expr.name
    case 'member': {
      const target = derivedName(expr.target)
      return target === undefined ? undefined : `${target}_${expr.name}`
    }
    case 'call':
      if ((expr.name === 'bin' || expr.name === 'floor') && expr.args[0]?.kind === 'column') {
        return expr.args[0].name
      }
      return undefined
    default:
      return undefined
  }
}

class ColumnNamer {
  private counter = 0
  constructor(private readonly taken: Set<string>) {}

  name(item: NamedExpr): string {
    const base = item.name ?? derivedName(item.expr)
    if (base !== undefined) return base
    let candidate: string
    do candidate = `Column${++this.counter}`
    while (this.taken.has(candidate))
    return candidate
  }
}

function withColumn(schema: Schema, column: ColumnSchema): ColumnSchema[] {
  const index = schema.findIndex((c) => c.name === column.name)
  if (index < 0) return [...schema, column]
  const copy = [...schema]
  copy[index] = column
  return copy
}

function constantCount(expr: Expr, schema: Schema, ctx: EvalContext, operator: string): number {
  const scope = scopeOf(schema, ctx, operator)
  const compiled = compileExpression(expr, scope)
  const value = compiled.constant === true ? compiled.evaluate({}) : undefined
  if (!isNumericType(compiled.type) || typeof value !== 'number' || value < 0) {
    throw semanticError(scope, 'the row count must be a constant non-negative number', expr.offset)
  }
  return Math.trunc(value)
}

function compileOperator(op: Operator, schema: Schema, ctx: EvalContext): CompiledOperator {
  switch (op.kind) {
    case 'where':
      return compileWhere(op.predicate, schema, ctx)
    case 'extend':
      return compileExtend(op.items, schema, ctx)
    case 'project':
      return compileProject(op.items, schema, ctx)
    case 'project-away':
      return compileProjectAway(op.patterns, op.offset, schema, ctx)
    case 'project-rename':
      return compileProjectRename(op.renames, op.offset, schema, ctx)
    case 'take':
      return compileTake(constantCount(op.count, schema, ctx, 'take'), schema)
    case 'count':
      return compileCount()
    case 'summarize':
      return compileSummarize(op.aggregates, op.by, schema, ctx, op.offset)
    case 'sort':
      return compileSort(op.keys, schema, ctx, 'sort')
    case 'top': {
      const limit = constantCount(op.count, schema, ctx, 'top')
      const sort = compileSort(op.keys, schema, ctx, 'top', limit)
      const take = compileTake(limit, schema)
      return { schema, wrap: (next) => sort.wrap(take.wrap(next)) }
    }
    case 'distinct':
      return compileDistinct(op.items, schema, ctx)
  }
}

function compileWhere(predicate: Expr, schema: Schema, ctx: EvalContext): CompiledOperator {
  const scope = scopeOf(schema, ctx, 'where')
  const test = compileExpression(predicate, scope)
  if (test.type !== 'bool' && test.type !== 'dynamic') {
    throw semanticError(scope, `the predicate must be bool, got ${test.type}`, predicate.offset)
  }
  return {
    schema,
    wrap: (next) => ({
      push: (row) => (test.evaluate(row) === true ? next.push(row) : true),
      end: () => next.end(),
    }),
  }
}

function compileExtend(
  items: readonly NamedExpr[],
  input: Schema,
  ctx: EvalContext,
): CompiledOperator {
  let schema: Schema = input
  const namer = new ColumnNamer(new Set(input.map((c) => c.name)))
  const steps: Array<{ name: string; compiled: Compiled }> = []
  for (const item of items) {
    const compiled = compileExpression(item.expr, scopeOf(schema, ctx, 'extend'))
    const name = namer.name(item)
    schema = withColumn(schema, { name, type: compiled.type })
    steps.push({ name, compiled })
  }
  return {
    schema,
    wrap: (next) => ({
      push: (row) => {
        const out: Row = { ...row }
        for (const step of steps)
          out[step.name] = (step.compiled.raw ?? step.compiled.evaluate)(out)
        return next.push(out)
      },
      end: () => next.end(),
    }),
  }
}

function compileProject(
  items: readonly NamedExpr[],
  input: Schema,
  ctx: EvalContext,
): CompiledOperator {
  const scope = scopeOf(input, ctx, 'project')
  const namer = new ColumnNamer(new Set(input.map((c) => c.name)))
  const steps: Array<{ name: string; compiled: Compiled }> = []
  const seen = new Set<string>()
  for (const item of items) {
    const compiled = compileExpression(item.expr, scope)
    const name = namer.name(item)
    if (seen.has(name)) throw semanticError(scope, `duplicate column name '${name}'`, item.offset)
    seen.add(name)
    steps.push({ name, compiled })
  }
  return {
    schema: steps.map((s) => ({ name: s.name, type: s.compiled.type })),
    wrap: (next) => ({
      push: (row) => {
        const out: Row = {}
        for (const step of steps)
          out[step.name] = (step.compiled.raw ?? step.compiled.evaluate)(row)
        return next.push(out)
      },
      end: () => next.end(),
    }),
  }
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

function reshape(names: readonly string[], rename: ReadonlyMap<string, string>): (row: Row) => Row {
  return (row) => {
    const out: Row = {}
    for (const name of names) {
      const value = row[name]
      if (value !== undefined) out[rename.get(name) ?? name] = value
    }
    return out
  }
}

function compileProjectAway(
  patterns: readonly string[],
  offset: number,
  input: Schema,
  ctx: EvalContext,
): CompiledOperator {
  const scope = scopeOf(input, ctx, 'project-away')
  const removed = new Set<string>()
  for (const pattern of patterns) {
    const regex = wildcard(pattern)
    const matched = input.filter((c) => regex.test(c.name))
    if (matched.length === 0 && !pattern.includes('*')) {
      throw semanticError(scope, `Failed to resolve column named '${pattern}'`, offset)
    }
    for (const column of matched) removed.add(column.name)
  }
  const schema = input.filter((c) => !removed.has(c.name))
  const copy = reshape(
    schema.map((c) => c.name),
    new Map(),
  )
  return {
    schema,
    wrap: (next) => ({ push: (row) => next.push(copy(row)), end: () => next.end() }),
  }
}

function compileProjectRename(
  renames: ReadonlyArray<{ readonly to: string; readonly from: string }>,
  offset: number,
  input: Schema,
  ctx: EvalContext,
): CompiledOperator {
  const scope = scopeOf(input, ctx, 'project-rename')
  const map = new Map<string, string>()
  for (const { to, from } of renames) {
    if (!scope.columns.has(from)) {
      throw semanticError(scope, `Failed to resolve column named '${from}'`, offset)
    }
    map.set(from, to)
  }
  const targets = new Set(map.values())
  const schema = input
    .filter((c) => map.has(c.name) || !targets.has(c.name))
    .map((c) => ({ ...c, name: map.get(c.name) ?? c.name }))
  const copy = reshape(
    input.filter((c) => map.has(c.name) || !targets.has(c.name)).map((c) => c.name),
    map,
  )
  return {
    schema,
    wrap: (next) => ({ push: (row) => next.push(copy(row)), end: () => next.end() }),
  }
}

function compileTake(limit: number, schema: Schema): CompiledOperator {
  return {
    schema,
    wrap: (next) => {
      let taken = 0
      return {
        push: (row) => {
          if (taken >= limit) return false
          taken++
          return next.push(row) && taken < limit
        },
        end: () => next.end(),
      }
    },
  }
}

function compileCount(): CompiledOperator {
  return {
    schema: [{ name: 'Count', type: 'long' }],
    wrap: (next) => {
      let n = 0
      return {
        push: () => {
          n++
          return true
        },
        end: () => {
          next.push({ Count: n })
          next.end()
        },
      }
    },
  }
}

function groupKey(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value
}

function compileSummarize(
  aggregates: readonly NamedExpr[],
  by: readonly NamedExpr[],
  input: Schema,
  ctx: EvalContext,
  offset: number,
): CompiledOperator {
  const scope = scopeOf(input, ctx, 'summarize')
  const namer = new ColumnNamer(new Set(input.map((c) => c.name)))
  const keys = by.map((item) => ({
    name: namer.name(item),
    compiled: compileExpression(item.expr, scope),
  }))
  const aggs = aggregates.map((item) => {
    if (item.expr.kind !== 'call') {
      throw semanticError(
        scope,
        'each aggregate must be an aggregation call such as count()',
        item.offset,
      )
    }
    const aggregate = compileAggregate(item.expr.name, item.expr.args, item.expr.offset, scope)
    return { name: item.name ?? aggregate.defaultName, aggregate }
  })
  const names = new Set<string>()
  for (const { name } of [...keys, ...aggs]) {
    if (names.has(name)) throw semanticError(scope, `duplicate column name '${name}'`, offset)
    names.add(name)
  }
  const schema: Schema = [
    ...keys.map((k) => ({ name: k.name, type: k.compiled.type })),
    ...aggs.map((a) => ({ name: a.name, type: a.aggregate.type })),
  ]
  return {
    schema,
    wrap: (next) => {
      const groups = new Map<unknown, { values: unknown[]; accumulators: Accumulator[] }>()
      const newGroup = (values: unknown[]) => ({
        values,
        accumulators: aggs.map((a) => a.aggregate.create()),
      })
      return {
        push: (row) => {
          const values = keys.map((k) => k.compiled.evaluate(row))
          const key =
            values.length === 1 ? groupKey(values[0]) : JSON.stringify(values.map(groupKey))
          let group = groups.get(key)
          if (group === undefined) {
            group = newGroup(values)
            groups.set(key, group)
          }
          for (const accumulator of group.accumulators) accumulator.add(row)
          return true
        },
        end: () => {
          if (groups.size === 0 && keys.length === 0) groups.set('', newGroup([]))
          for (const group of groups.values()) {
            const out: Row = {}
            keys.forEach((k, i) => (out[k.name] = group.values[i]))
            aggs.forEach((a, i) => (out[a.name] = group.accumulators[i]?.result()))
            if (!next.push(out)) break
          }
          next.end()
        },
      }
    },
  }
}

/**
 * Sorts all rows at the end. With a `limit` (top, or order by followed by take) it keeps only
 * the best `limit` rows as it goes, so sorting millions of rows for a top 10 stays small.
 */
function compileSort(
  keys: readonly SortKey[],
  schema: Schema,
  ctx: EvalContext,
  operator: string,
  limit?: number,
): CompiledOperator {
  const scope = scopeOf(schema, ctx, operator)
  const compiled = keys.map((key) => {
    const expr = compileExpression(key.expr, scope)
    const kind: CompareKind = compareKindOf(expr.type, expr.type) ?? 'dynamic'
    return { expr, kind, descending: key.descending, nullsFirst: key.nullsFirst }
  })
  return {
    schema,
    wrap: (next) => {
      let buffered: Array<{ row: Row; keys: unknown[] }> = []
      const order = (a: { keys: unknown[] }, b: { keys: unknown[] }) => {
        for (let i = 0; i < compiled.length; i++) {
          const k = compiled[i] as (typeof compiled)[number]
          const c = sortCompare(a.keys[i], b.keys[i], k.kind, k.descending, k.nullsFirst)
          if (c !== 0) return c
        }
        return 0
      }
      const compactAt = limit === undefined ? Infinity : Math.max(2 * limit, 1024)
      let cutoff: { keys: unknown[] } | undefined
      return {
        push: (row) => {
          const entry = { row, keys: compiled.map((k) => k.expr.evaluate(row)) }
          // Once `limit` rows are known, a row that sorts after the last of them cannot win.
          if (cutoff !== undefined && order(entry, cutoff) >= 0) return true
          buffered.push(entry)
          if (buffered.length >= compactAt) {
            buffered = buffered.sort(order).slice(0, limit)
            cutoff = buffered[buffered.length - 1]
          }
          return true
        },
        end: () => {
          buffered.sort(order)
          for (const entry of buffered) if (!next.push(entry.row)) break
          next.end()
        },
      }
    },
  }
}

function compileDistinct(
  items: readonly NamedExpr[] | '*',
  input: Schema,
  ctx: EvalContext,
): CompiledOperator {
  const scope = scopeOf(input, ctx, 'distinct')
  const namer = new ColumnNamer(new Set(input.map((c) => c.name)))
  const steps =
    items === '*'
      ? input
          .filter((c) => c.hidden !== true)
          .map((c) => ({
            name: c.name,
            compiled: compileExpression({ kind: 'column', name: c.name, offset: 0 }, scope),
          }))
      : items.map((item) => ({
          name: namer.name(item),
          compiled: compileExpression(item.expr, scope),
        }))
  return {
    schema: steps.map((s) => ({ name: s.name, type: s.compiled.type })),
    wrap: (next) => {
      const seen = new Set<string>()
      return {
        push: (row) => {
          const out: Row = {}
          for (const step of steps) out[step.name] = step.compiled.evaluate(row)
          const key = JSON.stringify(steps.map((s) => out[s.name] ?? null))
          if (seen.has(key)) return true
          seen.add(key)
          return next.push(out)
        },
        end: () => next.end(),
      }
    },
  }
}
