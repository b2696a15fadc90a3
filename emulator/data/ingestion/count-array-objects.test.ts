import { describe, expect, it } from 'vitest'
import { countArrayObjects } from './count-array-objects'

const count = (text: string) => countArrayObjects(Buffer.from(text))

describe('countArrayObjects', () => {
  it('counts the objects of arrays as JSON.parse sees them', () => {
    const bodies = [
      '[]',
      ' [ ] ',
      '[{}]',
      '\uFEFF[{"a":1}]',
      '[{"a":"x]}{,\\"y"},{"b":[1,{"c":"}"}]}]',
      '[\n  {"a": "\\\\"},\n  {"b": "\\\\\\""}\n]\n',
      JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ i, s: `q"}{[${i}`, n: { d: [i] } }))),
    ]
    for (const body of bodies) {
      const parsed = JSON.parse(body.replace(/^\uFEFF/, '')) as unknown[]
      expect(count(body)).toBe(parsed.length)
    }
  })

  it.each([
    ['empty', ''],
    ['an object', '{"a":1}'],
    ['a scalar item', '[{"a":1},2]'],
    ['a nested array item', '[[{}]]'],
    ['a missing comma', '[{"a":1} {"b":2}]'],
    ['a trailing comma', '[{"a":1},]'],
    ['no closing bracket', '[{"a":1}'],
    ['an unclosed object', '[{"a":1]'],
    ['an unclosed string', '[{"a":"1}]'],
    ['text after the array', '[{"a":1}] x'],
  ])('leaves %s to the full parser', (_name, body) => {
    expect(count(body)).toBeUndefined()
  })
})
