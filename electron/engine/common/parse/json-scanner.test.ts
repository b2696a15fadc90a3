import { describe, expect, it } from 'vitest'
import { FAIL, JsonScanner, compactJson } from './json-scanner'
import { mutate, randomValue, seeded } from '../../../../test/helpers/random-json'

/** The scan of a value: `canonical` as written, and `compact` when that holds without spaces. */
function scan(text: string): { end: number; canonical: boolean; compact?: string } {
  const scanner = new JsonScanner()
  const bytes = Buffer.from(text)
  scanner.bytes = bytes
  scanner.canonical = true
  scanner.spaced = false
  const start = scanner.skipWhitespace(0, bytes.length)
  let end = scanner.value(start, bytes.length, 0)
  if (end === FAIL) return { end, canonical: false }
  const valueEnd = end
  end = scanner.skipWhitespace(end, bytes.length)
  if (!scanner.canonical || !scanner.spaced) return { end, canonical: scanner.canonical }
  const target = Buffer.alloc(bytes.length)
  const compact = target.toString('utf8', 0, compactJson(bytes, start, valueEnd, target, 0))
  return { end, canonical: false, compact }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('JsonScanner', () => {
  it('accepts exactly what JSON.parse accepts, and calls text canonical only when JSON.stringify writes it back the same', () => {
    const random = seeded(20261125)
    let canonicalSeen = 0
    let compactSeen = 0
    let invalidSeen = 0
    for (let n = 0; n < 20_000; n++) {
      let text = randomValue(random, 0, 0.03, 0.05)
      // Mutations can split a surrogate pair; the scanner sees the UTF-8 bytes.
      if (random() < 0.2) text = Buffer.from(mutate(random, text)).toString('utf8')
      const { end, canonical, compact } = scan(text)
      const bytes = Buffer.byteLength(text)
      const valid = parses(text)
      expect({ text, valid: end === bytes }).toEqual({ text, valid })
      if (!valid) {
        invalidSeen++
        continue
      }
      if (canonical) {
        canonicalSeen++
        expect(JSON.stringify(JSON.parse(text))).toBe(text)
      }
      if (compact !== undefined) {
        compactSeen++
        expect({ text, compact }).toEqual({ text, compact: JSON.stringify(JSON.parse(text)) })
      }
    }
    // The generator must exercise every side.
    expect(canonicalSeen).toBeGreaterThan(2000)
    expect(compactSeen).toBeGreaterThan(200)
    expect(invalidSeen).toBeGreaterThan(2000)
  })

  it.each([
    ['{"a":1,"b":[true,null,"x"]}', true],
    ['{"a": 1}', false],
    ['[ 1 ,\t"a b" ]', false],
    ['{"a":1,"a":2}', false],
    ['{"b":1,"1":2}', false],
    ['{"-1":1,"a1":2}', true],
    // Not an array index, so not moved, but digit-only keys are left to JSON.parse.
    ['{"01":1}', false],
    ['"a\\"b\\n\\t\\\\"', true],
    ['"a\\/b"', false],
    ['"\\u00e9"', false],
    ['1.50', false],
    ['-0', false],
    ['-0.5', true],
    ['1e3', false],
    ['0.000001', true],
    ['0.0000001', false],
    ['123456789012345', true],
    ['1234567890123456', false],
  ])('%s is canonical: %s', (text, expected) => {
    const { end, canonical } = scan(text)
    expect(end).toBe(Buffer.byteLength(text))
    expect(canonical).toBe(expected)
    if (expected) expect(JSON.stringify(JSON.parse(text))).toBe(text)
  })

  it('never reads past the end it is given', () => {
    const scanner = new JsonScanner()
    scanner.bytes = Buffer.from('{"a":"bc"}')
    expect(scanner.value(0, 7, 0)).toBe(FAIL)
    scanner.bytes = Buffer.from('123456')
    expect(scanner.value(0, 3, 0)).toBe(3)
    scanner.bytes = Buffer.from('"\\u0041"')
    expect(scanner.value(0, 5, 0)).toBe(FAIL)
  })

  it('leaves values nested deeper than it goes to JSON.parse', () => {
    const deep = '['.repeat(100) + ']'.repeat(100)
    expect(scan(deep).end).toBe(FAIL)
    const fine = '['.repeat(60) + ']'.repeat(60)
    expect(scan(fine)).toEqual({ end: 120, canonical: true })
  })

  it('compacts spaced text to what JSON.stringify writes, leaving strings alone', () => {
    expect(scan('{ "a" : [ 1, "x \\" y" ],\n  "b": {} }')).toMatchObject({
      canonical: false,
      compact: '{"a":[1,"x \\" y"],"b":{}}',
    })
    // Something else to rewrite: no compact form is offered.
    expect(scan('{ "a": 1.50 }')).toEqual({ end: 13, canonical: false })
  })
})
