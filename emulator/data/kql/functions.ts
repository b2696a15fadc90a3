import { constantOf, semanticError, type Compiled, type Scope } from './compiled'
import { isNumericType, widerNumeric, type KqlType, type Row } from './kql-types'
import { convertValue, toDynamicValue, toStringValue, parseDateTime } from './values'

/** Builds a compiled call from compiled arguments; throws a semantic error on misuse. */
export type ScalarFunction = (args: readonly Compiled[], offset: number, scope: Scope) => Compiled

function arity(
  name: string,
  args: readonly Compiled[],
  min: number,
  max: number,
  offset: number,
  scope: Scope,
): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`
    throw semanticError(
      scope,
      `function '${name}' expects ${expected} argument(s) but got ${args.length}`,
      offset,
    )
  }
}

function requireType(
  name: string,
  arg: Compiled,
  allowed: (type: KqlType) => boolean,
  what: string,
  offset: number,
  scope: Scope,
): void {
  if (!allowed(arg.type)) {
    throw semanticError(scope, `function '${name}' expects ${what}, got ${arg.type}`, offset)
  }
}

const isStringLike = (type: KqlType) => type === 'string' || type === 'dynamic' || type === 'guid'

function unary(
  type: KqlType,
  name: string,
  apply: (value: unknown, from: KqlType) => unknown,
): ScalarFunction {
  return (args, offset, scope) => {
    arity(name, args, 1, 1, offset, scope)
    const [arg] = args as [Compiled]
    const from = arg.type
    return fold({ type, evaluate: (row) => apply(arg.evaluate(row), from) }, args)
  }
}

/** Evaluates once when every argument is constant (so `datetime(x) + 1d` costs nothing per row). */
function fold(compiled: Compiled, args: readonly Compiled[]): Compiled {
  if (args.length > 0 && args.every((arg) => arg.constant === true)) {
    return constantOf(compiled.type, compiled.evaluate({}))
  }
  return compiled
}

function conversion(to: KqlType, name: string): ScalarFunction {
  const convert = unary(to, name, (value, from) => convertValue(value, from, to))
  return (args, offset, scope) => {
    const compiled = convert(args, offset, scope)
    // A conversion to the type the value already has passes it on unchanged, digits and all.
    const raw = args[0]?.type === to ? args[0].raw : undefined
    return raw === undefined ? compiled : { ...compiled, raw }
  }
}

function str(arg: Compiled, row: Row): string {
  return toStringValue(arg.evaluate(row), arg.type)
}

/** The common type of branches (`iff`, `case`, `coalesce`), or a semantic error. */
function commonType(name: string, types: KqlType[], offset: number, scope: Scope): KqlType {
  let result = types[0] as KqlType
  for (const type of types.slice(1)) {
    if (type === result) continue
    if (isNumericType(type) && isNumericType(result)) result = widerNumeric(type, result)
    else if (type === 'dynamic' || result === 'dynamic') result = 'dynamic'
    else {
      throw semanticError(
        scope,
        `function '${name}' branches have different types (${result}, ${type})`,
        offset,
      )
    }
  }
  return result
}

function evaluateAs(arg: Compiled, row: Row, type: KqlType): unknown {
  const value = arg.evaluate(row)
  return arg.type === type ? value : convertValue(value, arg.type, type)
}

function binValue(value: unknown, size: unknown, type: KqlType): unknown {
  if (value === null || size === null || typeof value !== 'number' || typeof size !== 'number') {
    return null
  }
  if (size <= 0) return null
  const binned = Math.floor(value / size) * size
  return type === 'real' ? binned : Math.trunc(binned)
}

const bin: ScalarFunction = (args, offset, scope) => {
  arity('bin', args, 2, 2, offset, scope)
  const [value, size] = args as [Compiled, Compiled]
  const ok =
    (isNumericType(value.type) && isNumericType(size.type)) ||
    ((value.type === 'datetime' || value.type === 'timespan') && size.type === 'timespan')
  if (!ok) {
    throw semanticError(scope, `function 'bin' cannot bin ${value.type} by ${size.type}`, offset)
  }
  const type = value.type
  return {
    type,
    evaluate: (row) => binValue(value.evaluate(row), size.evaluate(row), type),
  }
}

const strcat: ScalarFunction = (args, offset, scope) => {
  arity('strcat', args, 1, 64, offset, scope)
  return fold(
    {
      type: 'string',
      evaluate: (row) => {
        let out = ''
        for (const arg of args) out += str(arg, row)
        return out
      },
    },
    args,
  )
}

const iff: ScalarFunction = (args, offset, scope) => {
  arity('iff', args, 3, 3, offset, scope)
  const [cond, then, otherwise] = args as [Compiled, Compiled, Compiled]
  requireType(
    'iff',
    cond,
    (t) => t === 'bool' || t === 'dynamic',
    'a bool condition',
    offset,
    scope,
  )
  const type = commonType('iff', [then.type, otherwise.type], offset, scope)
  return {
    type,
    evaluate: (row) =>
      cond.evaluate(row) === true ? evaluateAs(then, row, type) : evaluateAs(otherwise, row, type),
  }
}

const caseFunction: ScalarFunction = (args, offset, scope) => {
  if (args.length < 3 || args.length % 2 === 0) {
    throw semanticError(
      scope,
      "function 'case' expects predicate/value pairs and an else value",
      offset,
    )
  }
  const pairs: Array<[Compiled, Compiled]> = []
  for (let i = 0; i + 1 < args.length; i += 2) {
    pairs.push([args[i] as Compiled, args[i + 1] as Compiled])
  }
  const otherwise = args[args.length - 1] as Compiled
  const type = commonType(
    'case',
    [...pairs.map(([, value]) => value.type), otherwise.type],
    offset,
    scope,
  )
  return {
    type,
    evaluate: (row) => {
      for (const [predicate, value] of pairs) {
        if (predicate.evaluate(row) === true) return evaluateAs(value, row, type)
      }
      return evaluateAs(otherwise, row, type)
    },
  }
}

const coalesce: ScalarFunction = (args, offset, scope) => {
  arity('coalesce', args, 1, 64, offset, scope)
  const type = commonType(
    'coalesce',
    args.map((arg) => arg.type),
    offset,
    scope,
  )
  return {
    type,
    evaluate: (row) => {
      for (const arg of args) {
        const value = evaluateAs(arg, row, type)
        if (value !== null && value !== undefined && value !== '') return value
      }
      return type === 'string' ? '' : null
    },
  }
}

const now: ScalarFunction = (args, offset, scope) => {
  arity('now', args, 0, 1, offset, scope)
  const shift = args[0]
  if (shift !== undefined)
    requireType('now', shift, (t) => t === 'timespan', 'a timespan', offset, scope)
  const ctx = scope.ctx
  return {
    type: 'datetime',
    evaluate: (row) => ctx.now + ((shift?.evaluate(row) as number | null) ?? 0),
  }
}

const ago: ScalarFunction = (args, offset, scope) => {
  arity('ago', args, 1, 1, offset, scope)
  const [span] = args as [Compiled]
  requireType('ago', span, (t) => t === 'timespan', 'a timespan', offset, scope)
  const ctx = scope.ctx
  return {
    type: 'datetime',
    evaluate: (row) => {
      const value = span.evaluate(row) as number | null
      return value === null ? null : ctx.now - value
    },
  }
}

const isEmptyValue = (value: unknown) => value === null || value === undefined || value === ''

const substring: ScalarFunction = (args, offset, scope) => {
  arity('substring', args, 2, 3, offset, scope)
  const [text, start, length] = args as [Compiled, Compiled, Compiled | undefined]
  return {
    type: 'string',
    evaluate: (row) => {
      const s = str(text, row)
      const from = Math.max(0, Number(start.evaluate(row) ?? 0))
      const count = length === undefined ? undefined : Number(length.evaluate(row) ?? 0)
      return count === undefined ? s.slice(from) : s.slice(from, from + Math.max(0, count))
    },
  }
}

const extract: ScalarFunction = (args, offset, scope) => {
  arity('extract', args, 3, 3, offset, scope)
  const [pattern, group, text] = args as [Compiled, Compiled, Compiled]
  if (pattern.constant !== true) {
    throw semanticError(scope, "function 'extract' needs a constant regular expression", offset)
  }
  let regex: RegExp
  try {
    regex = new RegExp(String(pattern.evaluate({})))
  } catch (error) {
    throw semanticError(scope, `invalid regular expression: ${String(error)}`, offset)
  }
  return {
    type: 'string',
    evaluate: (row) => {
      const match = regex.exec(str(text, row))
      const value = match?.[Number(group.evaluate(row) ?? 0)]
      return value ?? ''
    },
  }
}

const split: ScalarFunction = (args, offset, scope) => {
  arity('split', args, 2, 3, offset, scope)
  const [text, delimiter, index] = args as [Compiled, Compiled, Compiled | undefined]
  return {
    type: 'dynamic',
    evaluate: (row) => {
      const parts = str(text, row).split(str(delimiter, row))
      if (index === undefined) return parts
      const at = Number(index.evaluate(row))
      const part = parts[at < 0 ? parts.length + at : at]
      return part === undefined ? [] : [part]
    },
  }
}

const round: ScalarFunction = (args, offset, scope) => {
  arity('round', args, 1, 2, offset, scope)
  const [value, digits] = args as [Compiled, Compiled | undefined]
  requireType('round', value, isNumericType, 'a number', offset, scope)
  return {
    type: 'real',
    evaluate: (row) => {
      const v = value.evaluate(row)
      if (typeof v !== 'number') return null
      const factor = 10 ** Number(digits?.evaluate(row) ?? 0)
      return Math.round(v * factor) / factor
    },
  }
}

/** Every scalar function the emulator implements, by KQL name. */
export const SCALAR_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  tostring: conversion('string', 'tostring'),
  toint: conversion('int', 'toint'),
  tolong: conversion('long', 'tolong'),
  toreal: conversion('real', 'toreal'),
  todouble: conversion('real', 'todouble'),
  todecimal: conversion('real', 'todecimal'),
  tobool: conversion('bool', 'tobool'),
  toboolean: conversion('bool', 'toboolean'),
  todatetime: conversion('datetime', 'todatetime'),
  totimespan: conversion('timespan', 'totimespan'),
  toguid: conversion('guid', 'toguid'),
  parse_json: unary('dynamic', 'parse_json', toDynamicValue),
  todynamic: unary('dynamic', 'todynamic', toDynamicValue),
  isnull: unary('bool', 'isnull', (v) => v === null || v === undefined),
  isnotnull: unary('bool', 'isnotnull', (v) => v !== null && v !== undefined),
  isempty: unary('bool', 'isempty', isEmptyValue),
  isnotempty: unary('bool', 'isnotempty', (v) => !isEmptyValue(v)),
  not: unary('bool', 'not', (v) => (v === null || v === undefined ? null : v !== true)),
  tolower: unary('string', 'tolower', (v, t) => toStringValue(v, t).toLowerCase()),
  toupper: unary('string', 'toupper', (v, t) => toStringValue(v, t).toUpperCase()),
  strlen: unary('long', 'strlen', (v, t) => toStringValue(v, t).length),
  array_length: unary('long', 'array_length', (v) => (Array.isArray(v) ? v.length : null)),
  startofday: unary('datetime', 'startofday', (v, t) => {
    const ms =
      t === 'datetime' ? (v as number | null) : typeof v === 'string' ? parseDateTime(v) : null
    return ms === null ? null : Math.floor(ms / 86_400_000) * 86_400_000
  }),
  abs: (args, offset, scope) => {
    arity('abs', args, 1, 1, offset, scope)
    const [value] = args as [Compiled]
    requireType(
      'abs',
      value,
      (t) => isNumericType(t) || t === 'timespan',
      'a number',
      offset,
      scope,
    )
    return {
      type: value.type,
      evaluate: (row) => {
        const v = value.evaluate(row)
        return typeof v === 'number' ? Math.abs(v) : null
      },
    }
  },
  strcat,
  iff,
  iif: iff,
  case: caseFunction,
  coalesce,
  now,
  ago,
  bin,
  floor: bin,
  substring,
  extract,
  split,
  round,
  indexof: (args, offset, scope) => {
    arity('indexof', args, 2, 2, offset, scope)
    const [text, lookup] = args as [Compiled, Compiled]
    return { type: 'long', evaluate: (row) => str(text, row).indexOf(str(lookup, row)) }
  },
  replace_string: (args, offset, scope) => {
    arity('replace_string', args, 3, 3, offset, scope)
    const [text, lookup, replacement] = args as [Compiled, Compiled, Compiled]
    return {
      type: 'string',
      evaluate: (row) => {
        const find = str(lookup, row)
        return find === '' ? str(text, row) : str(text, row).split(find).join(str(replacement, row))
      },
    }
  },
  trim: (args, offset, scope) => {
    arity('trim', args, 2, 2, offset, scope)
    const [pattern, text] = args as [Compiled, Compiled]
    requireType('trim', pattern, isStringLike, 'a string', offset, scope)
    return {
      type: 'string',
      evaluate: (row) => {
        const p = str(pattern, row)
        const regex = new RegExp(`^(?:${p})+|(?:${p})+$`, 'g')
        return str(text, row).replace(regex, '')
      },
    }
  },
}
