import { describe, expect, it } from 'vitest'
import { KqlError } from './kql-error'
import { tokenize, type Token } from './tokenizer'

function kinds(text: string): string[] {
  return tokenize(text).map((t: Token) => {
    switch (t.kind) {
      case 'ident':
      case 'punct':
        return `${t.kind}:${t.text}`
      case 'string':
        return `string:${t.value}`
      case 'number':
        return `number:${t.value}${t.isReal ? 'r' : ''}`
      case 'literal':
        return `literal:${t.type}:${JSON.stringify(t.value)}`
      case 'eof':
        return 'eof'
    }
  })
}

describe('tokenize', () => {
  it('splits a pipeline into identifiers, punctuation and literals', () => {
    expect(kinds("T | where Level >= 3 and Host == 'web'")).toEqual([
      'ident:T',
      'punct:|',
      'ident:where',
      'ident:Level',
      'punct:>=',
      'number:3',
      'ident:and',
      'ident:Host',
      'punct:==',
      'string:web',
      'eof',
    ])
  })

  it('keeps hyphenated operator names together but not subtraction', () => {
    expect(kinds('project-rename a = b | project-away c | extend x = a-b')).toContain(
      'ident:project-rename',
    )
    expect(kinds('project-away c')).toEqual(['ident:project-away', 'ident:c', 'eof'])
    expect(kinds('a-b')).toEqual(['ident:a', 'punct:-', 'ident:b', 'eof'])
  })

  it('reads timespan literals in every unit', () => {
    expect(kinds('1h 30m 2d 10s 5ms 1.5d')).toEqual([
      'literal:timespan:3600000',
      'literal:timespan:1800000',
      'literal:timespan:172800000',
      'literal:timespan:10000',
      'literal:timespan:5',
      'literal:timespan:129600000',
      'eof',
    ])
  })

  it('reads typed literals with raw content', () => {
    expect(kinds('datetime(2024-01-02)')).toEqual([
      `literal:datetime:${Date.UTC(2024, 0, 2)}`,
      'eof',
    ])
    expect(kinds('datetime(2024-01-02 03:04:05.678)')).toEqual([
      `literal:datetime:${Date.UTC(2024, 0, 2, 3, 4, 5, 678)}`,
      'eof',
    ])
    expect(kinds('dynamic({"a": [1, 2]})')).toEqual(['literal:dynamic:{"a":[1,2]}', 'eof'])
    expect(kinds('timespan(1.02:00:00)')).toEqual(['literal:timespan:93600000', 'eof'])
    expect(kinds('guid(5B9F6B2A-0000-4000-8000-00000000000A)')).toEqual([
      'literal:guid:"5b9f6b2a-0000-4000-8000-00000000000a"',
      'eof',
    ])
  })

  it('handles escapes, verbatim strings, reals, negated operators and comments', () => {
    expect(kinds(String.raw`'it\'s' "a\"b" @'c:\x'`)).toEqual([
      "string:it's",
      'string:a"b',
      'string:c:\\x',
      'eof',
    ])
    expect(kinds('1.5 2e3 42')).toEqual(['number:1.5r', 'number:2000r', 'number:42', 'eof'])
    expect(kinds('a !contains b !in (1) in~ ("x") // trailing comment')).toEqual([
      'ident:a',
      'ident:!contains',
      'ident:b',
      'ident:!in',
      'punct:(',
      'number:1',
      'punct:)',
      'ident:in~',
      'punct:(',
      'string:x',
      'punct:)',
      'eof',
    ])
  })

  it('reports bad input with its offset', () => {
    const unterminated = () => tokenize("T | where a == 'oops")
    expect(unterminated).toThrow(KqlError)
    expect(unterminated).toThrow('Unterminated string literal')
    expect(() => tokenize('T | where a # 1')).toThrow(
      expect.objectContaining({ kind: 'syntax', offset: 12, token: '#' }),
    )
    expect(() => tokenize('datetime(not a date)')).toThrow("Invalid datetime literal 'not a date'")
    expect(() => tokenize('5parsecs')).toThrow('Invalid number or timespan')
  })
})
