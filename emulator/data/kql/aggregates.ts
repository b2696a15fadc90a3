import type { Expr } from './ast'
import { compareKindOf, compareValues } from './comparison'
import { compileExpression } from './compile-expression'
import { semanticError, type Compiled, type Scope } from './compiled'
import { KqlError } from './kql-error'
import { isNumericType, type KqlType, type Row } from './kql-types'
import { toDynamicValue } from './values'

/** Running state of one aggregate for one group. */
export interface Accumulator {
  add(row: Row): void
  result(): unknown
}

/** A compiled aggregate: its result type, default column name and accumulator factory. */
export interface CompiledAggregate {
  readonly type: KqlType
  readonly defaultName: string
  readonly create: () => Accumulator
}

function oneArg(name: string, args: readonly Expr[], offset: number, scope: Scope): Compiled {
  if (args.length !== 1) {
    throw semanticError(
      scope,
      `aggregation '${name}' expects 1 argument but got ${args.length}`,
      offset,
    )
  }
  return compileExpression(args[0] as Expr, scope)
}

function nameFor(fn: string, args: readonly Expr[]): string {
  const first = args[0]
  return first?.kind === 'column' ? `${fn}_${first.name}` : `${fn}_`
}

function toKey(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value
}

/** Compiles an aggregate call such as `count()`, `sum(x)` or `dcount(Host)`. */
export function compileAggregate(
  name: string,
  args: readonly Expr[],
  offset: number,
  scope: Scope,
): CompiledAggregate {
  switch (name) {
    case 'count': {
      if (args.length > 0) {
        throw semanticError(scope, "aggregation 'count' takes no arguments (use countif)", offset)
      }
      return {
        type: 'long',
        defaultName: 'count_',
        create: () => {
          let n = 0
          return { add: () => void n++, result: () => n }
        },
      }
    }
    case 'countif': {
      const predicate = oneArg(name, args, offset, scope)
      if (predicate.type !== 'bool' && predicate.type !== 'dynamic') {
        throw semanticError(scope, "aggregation 'countif' needs a bool predicate", offset)
      }
      return {
        type: 'long',
        defaultName: 'countif_',
        create: () => {
          let n = 0
          return {
            add: (row) => {
              if (predicate.evaluate(row) === true) n++
            },
            result: () => n,
          }
        },
      }
    }
    case 'sum':
    case 'avg': {
      const value = oneArg(name, args, offset, scope)
      const summable =
        isNumericType(value.type) || value.type === 'timespan' || value.type === 'dynamic'
      if (!summable)
        throw semanticError(scope, `aggregation '${name}' cannot use ${value.type}`, offset)
      const type: KqlType =
        name === 'avg'
          ? value.type === 'timespan'
            ? 'timespan'
            : 'real'
          : value.type === 'int'
            ? 'long'
            : value.type === 'dynamic'
              ? 'real'
              : value.type
      return {
        type,
        defaultName: nameFor(name, args),
        create: () => {
          let total = 0
          let count = 0
          return {
            add: (row) => {
              const v = value.evaluate(row)
              if (typeof v === 'number') {
                total += v
                count++
              }
            },
            result: () =>
              name === 'sum' ? (count === 0 ? null : total) : count === 0 ? null : total / count,
          }
        },
      }
    }
    case 'min':
    case 'max': {
      const value = oneArg(name, args, offset, scope)
      const kind = compareKindOf(value.type, value.type)
      if (kind === undefined)
        throw semanticError(scope, `aggregation '${name}' cannot use ${value.type}`, offset)
      const better = name === 'min' ? (c: number) => c < 0 : (c: number) => c > 0
      return {
        type: value.type,
        defaultName: nameFor(name, args),
        create: () => {
          let best: unknown = null
          return {
            add: (row) => {
              const v = value.evaluate(row)
              if (v === null || v === undefined || (value.type === 'string' && v === '')) return
              const c = best === null ? -1 : compareValues(v, best, kind)
              if (best === null || (c !== null && better(c))) best = v
            },
            result: () => best ?? (value.type === 'string' ? '' : null),
          }
        },
      }
    }
    case 'dcount': {
      const value = compileExpression(args[0] as Expr, scope)
      return {
        type: 'long',
        defaultName: nameFor(name, args),
        create: () => {
          const seen = new Set<unknown>()
          return {
            add: (row) => {
              const v = value.evaluate(row)
              if (v !== null && v !== undefined) seen.add(toKey(v))
            },
            result: () => seen.size,
          }
        },
      }
    }
    case 'make_set':
    case 'make_list': {
      const value = compileExpression(args[0] as Expr, scope)
      const unique = name === 'make_set'
      return {
        type: 'dynamic',
        defaultName: nameFor(name, args),
        create: () => {
          const items: unknown[] = []
          const seen = new Set<unknown>()
          return {
            add: (row) => {
              const v = value.evaluate(row)
              if (v === null || v === undefined) return
              const item = toDynamicValue(v, value.type === 'string' ? 'dynamic' : value.type)
              if (unique) {
                const key = toKey(item)
                if (seen.has(key)) return
                seen.add(key)
              }
              items.push(item)
            },
            result: () => items,
          }
        },
      }
    }
    case 'take_any':
    case 'any': {
      const value = oneArg(name, args, offset, scope)
      return {
        type: value.type,
        defaultName: nameFor(name, args),
        create: () => {
          let taken: unknown = null
          let done = false
          return {
            add: (row) => {
              if (done) return
              taken = value.evaluate(row)
              done = true
            },
            result: () => taken,
          }
        },
      }
    }
    default:
      throw new KqlError(
        'unsupported',
        `'summarize' operator: the aggregation '${name}' is not supported by the emulator`,
        offset,
        name,
      )
  }
}
