import { describe, expect, it } from 'vitest'
import { serializeRecord } from './serialize-record'

describe('serializeRecord', () => {
  it('writes compact UTF-8 JSON', () => {
    const result = serializeRecord({ a: 'é', n: 1.5, b: true, o: { x: [1] } })
    expect(result.ok && result.bytes.toString('utf8')).toBe(
      '{"a":"é","n":1.5,"b":true,"o":{"x":[1]}}',
    )
    expect(result.ok && result.bytes.length).toBe(41)
  })

  it('writes bigint longs as exact digits', () => {
    const result = serializeRecord({
      big: 9223372036854775807n,
      neg: -9223372036854775808n,
      s: 'x',
    })
    expect(result.ok && result.bytes.toString()).toBe(
      '{"big":9223372036854775807,"neg":-9223372036854775808,"s":"x"}',
    )
  })

  it('leaves text that merely looks like the placeholder alone', () => {
    const result = serializeRecord({ s: '\u0000bigint:123', big: 10n ** 18n })
    expect(result.ok && result.bytes.toString()).toBe(
      '{"s":"\\u0000bigint:123","big":1000000000000000000}',
    )
  })

  it('reports a record nested too deeply instead of throwing', () => {
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i++) deep = { d: deep }
    expect(serializeRecord({ deep })).toEqual({
      ok: false,
      reason: 'The record is nested too deeply to be written as JSON.',
    })
  })
})
