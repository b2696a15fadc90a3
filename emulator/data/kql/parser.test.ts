import { describe, expect, it } from 'vitest'
import { KqlError } from './kql-error'
import { parseExpression, parseQuery } from './parser'

function errorOf(run: () => unknown): KqlError {
  try {
    run()
  } catch (error) {
    if (error instanceof KqlError) return error
    throw error
  }
  throw new Error('expected a KqlError')
}

describe('parseQuery', () => {
  it('parses a source and every supported operator', () => {
    const ast = parseQuery(
      [
        'AppEvents_CL',
        '| where Level > 2',
        '| extend Slow = DurationMs > 100, Day = bin(TimeGenerated, 1d)',
        '| project Host, Level, Slow, Day',
        '| project-rename Server = Host',
        '| project-away Slow',
        '| summarize n = count(), max(Level) by Server',
        '| order by n desc, Server asc nulls last',
        '| top 5 by n',
        '| distinct Server',
        '| take 10',
        '| count',
      ].join('\n'),
    )
    expect(ast.source.name).toBe('AppEvents_CL')
    expect(ast.operators.map((op) => op.kind)).toEqual([
      'where',
      'extend',
      'project',
      'project-rename',
      'project-away',
      'summarize',
      'sort',
      'top',
      'distinct',
      'take',
      'count',
    ])
    const sort = ast.operators[6]
    expect(sort).toMatchObject({
      kind: 'sort',
      keys: [
        { descending: true, nullsFirst: false },
        { descending: false, nullsFirst: false },
      ],
    })
    const summarize = ast.operators[5]
    expect(summarize).toMatchObject({
      kind: 'summarize',
      aggregates: [
        { name: 'n', expr: { kind: 'call', name: 'count' } },
        { expr: { kind: 'call', name: 'max' } },
      ],
      by: [{ expr: { kind: 'column', name: 'Server' } }],
    })
  })

  it('gives and a higher precedence than or, and arithmetic higher than comparison', () => {
    const expr = parseExpression('a == 1 or b + 2 * c > 3 and d')
    expect(expr).toMatchObject({
      kind: 'binary',
      op: 'or',
      left: { op: '==' },
      right: {
        op: 'and',
        left: { op: '>', left: { op: '+', right: { op: '*' } } },
        right: { kind: 'column', name: 'd' },
      },
    })
  })

  it('parses property access, indexing, in-lists, between and bracketed names', () => {
    expect(parseExpression("d.a['b'][0]")).toMatchObject({
      kind: 'index',
      index: { kind: 'literal', value: 0 },
      target: { kind: 'index', index: { value: 'b' }, target: { kind: 'member', name: 'a' } },
    })
    expect(parseExpression("x !in ('a', 'b')")).toMatchObject({ kind: 'in', op: '!in' })
    expect(parseExpression('t between (ago(1h) .. now())')).toMatchObject({
      kind: 'between',
      negated: false,
      low: { kind: 'call', name: 'ago' },
      high: { kind: 'call', name: 'now' },
    })
    expect(parseExpression("['my col'] == -5")).toMatchObject({
      left: { kind: 'column', name: 'my col' },
      right: { kind: 'literal', value: -5 },
    })
  })

  it('reports syntax errors with the offending token', () => {
    const missing = errorOf(() => parseQuery('T | where'))
    expect(missing.kind).toBe('syntax')
    expect(missing.message).toBe('Expected an expression but found end of query')
    const unknown = errorOf(() => parseQuery('T | frobnicate'))
    expect(unknown).toMatchObject({
      kind: 'syntax',
      message: "Unknown query operator 'frobnicate'",
    })
    const trailing = errorOf(() => parseQuery('T | take 5 5'))
    expect(trailing).toMatchObject({ kind: 'syntax', token: '5', offset: 11 })
  })

  it('marks real KQL the emulator does not implement as unsupported', () => {
    expect(errorOf(() => parseQuery('T | join (U) on Id'))).toMatchObject({
      kind: 'unsupported',
      message: "The 'join' operator is not supported",
    })
    expect(errorOf(() => parseQuery('let x = 1; T'))).toMatchObject({ kind: 'unsupported' })
    expect(errorOf(() => parseQuery('T | mv-expand Props'))).toMatchObject({ kind: 'unsupported' })
  })
})
