import { describe, expect, it } from 'vitest'
import { compileFieldReader, formatFieldPath, parseFieldPath } from './field-path'

describe('field paths', () => {
  it('parses dots, indexes, quoted keys and a leading $.', () => {
    expect(parseFieldPath('a.b[0].c')).toEqual(['a', 'b', 0, 'c'])
    expect(parseFieldPath('$.a["x.y"][2]')).toEqual(['a', 'x.y', 2])
    expect(parseFieldPath('a..b')).toMatch(/empty segment/)
    expect(parseFieldPath('a.')).toMatch(/ends with a dot/)
    expect(parseFieldPath('a[x]')).toMatch(/bracket/)
  })
  it('formats segments back to text', () => {
    expect(formatFieldPath(['a', 'x.y', 2, 'c'])).toBe('a["x.y"][2].c')
  })
  it('reads nested values and only own properties', () => {
    const read = compileFieldReader(['a', 'b', 1])
    expect(read({ a: { b: [1, 2] } })).toBe(2)
    expect(read({ a: null })).toBeUndefined()
    expect(compileFieldReader(['a', '0'])({ a: ['x'] })).toBe('x')
    expect(compileFieldReader(['toString'])({})).toBeUndefined()
    expect(compileFieldReader(['a', 'constructor'])({ a: {} })).toBeUndefined()
  })
})
