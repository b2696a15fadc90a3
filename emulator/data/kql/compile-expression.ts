import type { Expr } from './ast'
import { coerceDynamic, compareKindOf, compareValues, dynamicEquals } from './comparison'
import { constantOf, semanticError, type Compiled, type Scope } from './compiled'
import { SCALAR_FUNCTIONS } from './functions'
import { KqlError } from './kql-error'
import { isNumericType, widerNumeric, type KqlType, type Row } from './kql-types'
import { fromStoredValue, toStringValue } from './values'

/** Names that are aggregation functions: only valid directly inside `summarize`. */
export const AGGREGATE_NAMES = new Set([
  'count',
  'countif',
  'sum',
  'min',
  'max',
  'avg',
  'dcount',
  'make_set',
  'make_list',
  'take_any',
  'any',
  'arg_max',
  'arg_min',
  'percentile',
  'percentiles',
  'stdev',
  'variance',
  'sumif',
  'dcountif',
])

/** Compiles a scalar expression against the columns in scope. */
export function compileExpression(expr: Expr, scope: Scope): Compiled {
  switch (expr.kind) {
    case 'literal':
      return constantOf(expr.type, expr.value)
    case 'column':
      return compileColumn(expr.name, expr.offset, scope)
    case 'member':
      return compileAccess(
        compileExpression(expr.target, scope),
        constantOf('string', expr.name),
        expr.offset,
        scope,
      )
    case 'index':
      return compileAccess(
        compileExpression(expr.target, scope),
        compileExpression(expr.index, scope),
        expr.offset,
        scope,
      )
    case 'call':
      return compileCall(expr.name, expr.args, expr.offset, scope)
    case 'unary':
      return compileUnary(expr.op, compileExpression(expr.operand, scope), expr.offset, scope)
    case 'binary':
      return compileBinary(expr.op, expr.left, expr.right, expr.offset, scope)
    case 'in':
      return compileIn(expr.op, expr.left, expr.list, expr.offset, scope)
    case 'between':
      return compileBetween(expr, scope)
  }
}

function compileColumn(name: string, offset: number, scope: Scope): Compiled {
  const column = scope.columns.get(name)
  if (column === undefined) {
    throw semanticError(scope, `Failed to resolve scalar expression named '${name}'`, offset)
  }
  if (column.type === 'string') {
    return {
      type: 'string',
      evaluate: (row) => {
        const value = row[name]
        return value === undefined || value === null ? '' : value
      },
    }
  }
  if (column.type === 'datetime' || column.type === 'timespan' || column.type === 'real') {
    // Rows read from table files keep these as stored text until an expression needs them.
    const type = column.type
    return {
      type,
      evaluate: (row) => {
        const value = row[name]
        return typeof value === 'string' ? fromStoredValue(value, type) : (value ?? null)
      },
      ...(type === 'datetime' ? { raw: (row: Row) => row[name] ?? null } : {}),
    }
  }
  return { type: column.type, evaluate: (row) => row[name] ?? null }
}

function compileAccess(target: Compiled, key: Compiled, offset: number, scope: Scope): Compiled {
  if (target.type !== 'dynamic') {
    throw semanticError(
      scope,
      `property access needs a dynamic value, got ${target.type} (use parse_json() or todynamic())`,
      offset,
    )
  }
  return {
    type: 'dynamic',
    evaluate: (row) => {
      const value = target.evaluate(row)
      const k = key.evaluate(row)
      if (value === null || typeof value !== 'object') return null
      if (Array.isArray(value)) {
        if (typeof k !== 'number') return null
        return (value as unknown[])[k < 0 ? value.length + k : k] ?? null
      }
      if (typeof k !== 'string') return null
      return (value as Record<string, unknown>)[k] ?? null
    },
  }
}

function compileCall(
  name: string,
  argExprs: readonly Expr[],
  offset: number,
  scope: Scope,
): Compiled {
  const fn = SCALAR_FUNCTIONS[name]
  if (fn === undefined) {
    if (AGGREGATE_NAMES.has(name)) {
      throw semanticError(
        scope,
        `aggregation function '${name}' can only be used directly inside summarize`,
        offset,
      )
    }
    throw new KqlError(
      'unsupported',
      `'${scope.operator}' operator: the function '${name}' is not supported by the emulator`,
      offset,
      name,
    )
  }
  return fn(
    argExprs.map((arg) => compileExpression(arg, scope)),
    offset,
    scope,
  )
}

function compileUnary(op: '-' | '+', operand: Compiled, offset: number, scope: Scope): Compiled {
  const type = operand.type
  if (!isNumericType(type) && type !== 'timespan' && type !== 'dynamic') {
    throw semanticError(scope, `unary '${op}' cannot be applied to ${type}`, offset)
  }
  if (op === '+') return operand
  return {
    type,
    evaluate: (row) => {
      const value = operand.evaluate(row)
      return typeof value === 'number' ? -value : null
    },
  }
}

function compileBinary(
  op: string,
  leftExpr: Expr,
  rightExpr: Expr,
  offset: number,
  scope: Scope,
): Compiled {
  const left = compileExpression(leftExpr, scope)
  const right = compileExpression(rightExpr, scope)
  if (op === 'and' || op === 'or') return compileLogical(op, left, right, offset, scope)
  if (['==', '!=', '<', '<=', '>', '>='].includes(op)) {
    return compileComparison(op, left, right, offset, scope)
  }
  if (op === '=~' || op === '!~') {
    const equal = stringOperator('=~', right, offset, scope)
    return negatable(op === '!~', left, equal)
  }
  if (['+', '-', '*', '/', '%'].includes(op))
    return compileArithmetic(op, left, right, offset, scope)
  const negated = op.startsWith('!')
  const test = stringOperator(negated ? op.slice(1) : op, right, offset, scope)
  return negatable(negated, left, test)
}

function compileLogical(
  op: 'and' | 'or',
  left: Compiled,
  right: Compiled,
  offset: number,
  scope: Scope,
): Compiled {
  for (const side of [left, right]) {
    if (side.type !== 'bool' && side.type !== 'dynamic') {
      throw semanticError(scope, `'${op}' needs bool operands, got ${side.type}`, offset)
    }
  }
  const evaluate =
    op === 'and'
      ? (row: Row) => left.evaluate(row) === true && right.evaluate(row) === true
      : (row: Row) => left.evaluate(row) === true || right.evaluate(row) === true
  return { type: 'bool', evaluate }
}

function coerced(side: Compiled, other: KqlType): (row: Row) => unknown {
  if (side.type === 'dynamic' && other !== 'dynamic') {
    return (row) => coerceDynamic(side.evaluate(row), other)
  }
  return side.evaluate
}

function compileComparison(
  op: string,
  left: Compiled,
  right: Compiled,
  offset: number,
  scope: Scope,
): Compiled {
  const kind = compareKindOf(left.type, right.type)
  if (kind === undefined) {
    throw semanticError(
      scope,
      `Cannot compare values of types ${left.type} and ${right.type}. Try adding explicit casts`,
      offset,
    )
  }
  const l = coerced(left, right.type)
  const r = coerced(right, left.type)
  const effective =
    kind === 'dynamic' && left.type !== 'dynamic'
      ? compareKindOf(left.type, left.type)
      : kind === 'dynamic' && right.type !== 'dynamic'
        ? compareKindOf(right.type, right.type)
        : kind
  const compareKind = effective ?? 'dynamic'
  if (op === '==' || op === '!=') {
    const equals = (row: Row): boolean | null => {
      const a = l(row)
      const b = r(row)
      if (compareKind === 'dynamic') return dynamicEquals(a, b)
      const c = compareValues(a, b, compareKind)
      return c === null ? null : c === 0
    }
    return op === '=='
      ? { type: 'bool', evaluate: (row) => equals(row) === true }
      : { type: 'bool', evaluate: (row) => equals(row) === false }
  }
  const test =
    op === '<'
      ? (c: number) => c < 0
      : op === '<='
        ? (c: number) => c <= 0
        : op === '>'
          ? (c: number) => c > 0
          : (c: number) => c >= 0
  return {
    type: 'bool',
    evaluate: (row) => {
      const c = compareValues(l(row), r(row), compareKind)
      return c === null ? false : test(c)
    },
  }
}

type StringTest = (text: string, row: Row) => boolean

function negatable(negated: boolean, left: Compiled, test: StringTest): Compiled {
  const text = (row: Row) => toStringValue(left.evaluate(row), left.type)
  return negated
    ? { type: 'bool', evaluate: (row) => !test(text(row), row) }
    : { type: 'bool', evaluate: (row) => test(text(row), row) }
}

const isTermChar = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/** Kusto `has`: the needle occurs as whole terms (bounded by non-alphanumeric characters). */
export function hasTerm(
  text: string,
  needle: string,
  prefixOnly = false,
  suffixOnly = false,
): boolean {
  if (needle === '') return true
  let from = 0
  for (;;) {
    const at = text.indexOf(needle, from)
    if (at < 0) return false
    const before = at === 0 || !isTermChar(text.charCodeAt(at - 1))
    const end = at + needle.length
    const after = end >= text.length || !isTermChar(text.charCodeAt(end))
    if ((before || suffixOnly) && (after || prefixOnly) && (before || after)) return true
    from = at + 1
  }
}

function stringOperator(op: string, right: Compiled, offset: number, scope: Scope): StringTest {
  const needle = (row: Row) => toStringValue(right.evaluate(row), right.type)
  const lower = (row: Row) => needle(row).toLowerCase()
  switch (op) {
    case '=~':
      return (text, row) => text.toLowerCase() === lower(row)
    case 'contains':
      return (text, row) => text.toLowerCase().includes(lower(row))
    case 'contains_cs':
      return (text, row) => text.includes(needle(row))
    case 'has':
      return (text, row) => hasTerm(text.toLowerCase(), lower(row))
    case 'has_cs':
      return (text, row) => hasTerm(text, needle(row))
    case 'hasprefix':
      return (text, row) => hasTerm(text.toLowerCase(), lower(row), true)
    case 'hasprefix_cs':
      return (text, row) => hasTerm(text, needle(row), true)
    case 'hassuffix':
      return (text, row) => hasTerm(text.toLowerCase(), lower(row), false, true)
    case 'hassuffix_cs':
      return (text, row) => hasTerm(text, needle(row), false, true)
    case 'startswith':
      return (text, row) => text.toLowerCase().startsWith(lower(row))
    case 'startswith_cs':
      return (text, row) => text.startsWith(needle(row))
    case 'endswith':
      return (text, row) => text.toLowerCase().endsWith(lower(row))
    case 'endswith_cs':
      return (text, row) => text.endsWith(needle(row))
    case 'matches regex': {
      if (right.constant !== true) {
        throw semanticError(scope, "'matches regex' needs a constant regular expression", offset)
      }
      let regex: RegExp
      try {
        regex = new RegExp(needle({}))
      } catch (error) {
        throw semanticError(scope, `invalid regular expression: ${String(error)}`, offset)
      }
      return (text) => regex.test(text)
    }
    default:
      throw new KqlError('unsupported', `The '${op}' operator is not supported`, offset, op)
  }
}

function compileArithmetic(
  op: string,
  left: Compiled,
  right: Compiled,
  offset: number,
  scope: Scope,
): Compiled {
  const lt = left.type
  const rt = right.type
  const type = arithmeticType(op, lt, rt)
  if (type === undefined) {
    throw semanticError(scope, `operator '${op}' cannot be applied to ${lt} and ${rt}`, offset)
  }
  const integral = type === 'int' || type === 'long'
  const apply = arithmetic(op, integral)
  const compiled: Compiled = {
    type,
    evaluate: (row) => {
      const a = left.evaluate(row)
      const b = right.evaluate(row)
      if (typeof a !== 'number' || typeof b !== 'number') return null
      return apply(a, b)
    },
  }
  return left.constant === true && right.constant === true
    ? constantOf(type, compiled.evaluate({}))
    : compiled
}

function arithmetic(op: string, integral: boolean): (a: number, b: number) => number | null {
  switch (op) {
    case '+':
      return (a, b) => a + b
    case '-':
      return (a, b) => a - b
    case '*':
      return integral ? (a, b) => Math.trunc(a * b) : (a, b) => a * b
    case '/':
      return integral ? (a, b) => (b === 0 ? null : Math.trunc(a / b)) : (a, b) => a / b
    default:
      return (a, b) => (b === 0 && integral ? null : a % b)
  }
}

function arithmeticType(op: string, lt: KqlType, rt: KqlType): KqlType | undefined {
  if (lt === 'dynamic' || rt === 'dynamic') return 'dynamic'
  if (isNumericType(lt) && isNumericType(rt)) return widerNumeric(lt, rt)
  switch (op) {
    case '+':
      if ((lt === 'datetime' && rt === 'timespan') || (lt === 'timespan' && rt === 'datetime')) {
        return 'datetime'
      }
      return lt === 'timespan' && rt === 'timespan' ? 'timespan' : undefined
    case '-':
      if (lt === 'datetime' && rt === 'datetime') return 'timespan'
      if (lt === 'datetime' && rt === 'timespan') return 'datetime'
      return lt === 'timespan' && rt === 'timespan' ? 'timespan' : undefined
    case '*':
      if ((lt === 'timespan' && isNumericType(rt)) || (isNumericType(lt) && rt === 'timespan')) {
        return 'timespan'
      }
      return undefined
    case '/':
      if (lt === 'timespan' && rt === 'timespan') return 'real'
      return lt === 'timespan' && isNumericType(rt) ? 'timespan' : undefined
    default:
      return undefined
  }
}

function compileIn(
  op: string,
  leftExpr: Expr,
  listExprs: readonly Expr[],
  offset: number,
  scope: Scope,
): Compiled {
  const left = compileExpression(leftExpr, scope)
  const list = listExprs.map((expr) => compileExpression(expr, scope))
  const negated = op.startsWith('!')
  if (op === 'has_any') {
    const text = (row: Row) => toStringValue(left.evaluate(row), left.type).toLowerCase()
    return {
      type: 'bool',
      evaluate: (row) => {
        const t = text(row)
        return list.some((item) =>
          hasTerm(t, toStringValue(item.evaluate(row), item.type).toLowerCase()),
        )
      },
    }
  }
  const caseInsensitive = op.endsWith('~')
  const tests = list.map((item) => {
    if (caseInsensitive) {
      return (row: Row, value: string) =>
        toStringValue(item.evaluate(row), item.type).toLowerCase() === value
    }
    const equals = compileComparison('==', left, item, offset, scope)
    return (row: Row) => equals.evaluate(row) === true
  })
  const matches = (row: Row) => {
    const lowered = caseInsensitive
      ? toStringValue(left.evaluate(row), left.type).toLowerCase()
      : ''
    return tests.some((test) => test(row, lowered))
  }
  return negated
    ? { type: 'bool', evaluate: (row) => !matches(row) }
    : { type: 'bool', evaluate: (row) => matches(row) }
}

function compileBetween(expr: Extract<Expr, { kind: 'between' }>, scope: Scope): Compiled {
  const left = compileExpression(expr.left, scope)
  const low = compileExpression(expr.low, scope)
  const highRaw = compileExpression(expr.high, scope)
  // `datetime between (start .. 1d)` means start .. start + 1d.
  const high: Compiled =
    left.type === 'datetime' && highRaw.type === 'timespan'
      ? {
          type: 'datetime',
          evaluate: (row) => {
            const l = low.evaluate(row)
            const h = highRaw.evaluate(row)
            return typeof l === 'number' && typeof h === 'number' ? l + h : null
          },
        }
      : highRaw
  const lower = compileComparison('>=', left, low, expr.offset, scope)
  const upper = compileComparison('<=', left, high, expr.offset, scope)
  const inside = (row: Row) => lower.evaluate(row) === true && upper.evaluate(row) === true
  if (!expr.negated) return { type: 'bool', evaluate: inside }
  return {
    type: 'bool',
    evaluate: (row) => {
      const value = left.evaluate(row)
      return value !== null && value !== undefined && !inside(row)
    },
  }
}
