import { describe, expect, it } from 'vitest'
import { parseBytes } from '../../../../test/helpers/parse-helpers'
import { randomObject, seeded } from '../../../../test/helpers/random-json'
import { readJsonArray } from './json-array-reader'

const TRICKY = `[
  {"id": 1, "s": "brackets ] } [ { and \\"quotes\\" and \\\\"},
  {"id": 2, "s": "ends with backslash \\\\", "n": [1, [2, [3]]]},
  {"id": 3, "é": "ü 😀 ✓"},
  {"id": 4, "empty": {}, "arr": []}
]`

describe('JSON array', () => {
  it('reads items with tricky strings, escapes and nesting, with line numbers', async () => {
    const out = await parseBytes(TRICKY, 'a.json')
    expect(out.detected?.format).toBe('json')
    expect(out.errors).toEqual([])
    expect(out.warnings).toEqual([])
    expect(out.records.map((r) => r.record.id)).toEqual([1, 2, 3, 4])
    expect(out.records[0]?.record.s).toBe('brackets ] } [ { and "quotes" and \\')
    expect(out.records[1]?.record.s).toBe('ends with backslash \\')
    expect(out.records.map((r) => r.source.line)).toEqual([2, 3, 4, 5])
    expect(out.records[0]?.source.byteOffset).toBe(4)
  })

  it('finds the items JSON.parse finds in random arrays, however the reads cut them', async () => {
    const random = seeded(44)
    const ctx = { file: 'r.json', maxRecordBytes: 1_000_000, reportOffsets: true }
    for (let round = 0; round < 60; round++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        randomObject(random, 0, 0, 0.3),
      )
      const text = Buffer.from(`[${items.join(random() < 0.5 ? ',' : ',\n')}]`)
      // The generator's only number a double cannot hold is 1e400: its item fails (issue 16).
      const expected = items.map((item) =>
        item.includes('1e400') ? 'parse/number-out-of-range' : JSON.stringify(JSON.parse(item)),
      )
      const size = 1 + Math.floor(random() * 40)
      async function* reads() {
        for (let at = 0; at < text.length; at += size) yield text.subarray(at, at + size)
      }
      const found: string[] = []
      for await (const events of readJsonArray(reads(), ctx)) {
        for (const event of events) {
          expect(event.kind).not.toBe('warning')
          if (event.kind === 'record') found.push(JSON.stringify(event.record))
          if (event.kind === 'error') found.push(event.code)
        }
      }
      expect(found).toEqual(expected)
    }
  })

  it('gives the same events whatever the read size (escapes split across reads)', async () => {
    const whole = await parseBytes(TRICKY, 'a.json')
    for (const size of [1, 2, 3, 7, 13]) {
      expect((await parseBytes(TRICKY, 'a.json', {}, size)).events).toEqual(whole.events)
    }
  })

  it('reports a file cut off mid-item after the items before the cut', async () => {
    const out = await parseBytes('[{"a":1},\n{"a":2},\n{"a":3,"b":[1,2', 'cut.json', {}, 4)
    expect(out.records.map((r) => r.record.a)).toEqual([1, 2])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]).toMatchObject({
      code: 'parse/json-truncated',
      fatal: true,
      source: { line: 3 },
    })
    expect(out.errors[0]?.reason).toMatch(
      /ends inside the item that starts at line 3.*up to line 2/,
    )
    const noBracket = await parseBytes('[{"a":1},{"a":2}', 'cut.json')
    expect(noBracket.records).toHaveLength(2)
    expect(noBracket.errors[0]?.reason).toMatch(/without the closing \]/)
  })

  it('accepts a trailing comma with a warning', async () => {
    const out = await parseBytes('[{"a":1},{"a":2},\n]', 'x.json')
    expect(out.records).toHaveLength(2)
    expect(out.errors).toEqual([])
    expect(out.warnings.map((w) => w.code)).toEqual(['parse/json-trailing-comma'])
  })

  it('refuses a single object clearly', async () => {
    const out = await parseBytes('{\n  "records": [{"a": 1}]\n}\n', 'object.json')
    expect(out.detected?.format).toBe('json')
    expect(out.records).toEqual([])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]).toMatchObject({ code: 'parse/json-object-not-array', fatal: true })
    expect(out.errors[0]?.reason).toMatch(/one JSON object, not an array.*NDJSON/)
  })

  it('reports items that are not objects or not valid JSON, and keeps the rest', async () => {
    const out = await parseBytes(
      '[1, "two", null, {"a":1}, {"a": tru}, [3], {"a":2} {"a":3},, {"a":4}]',
      'x.json',
      {},
      5,
    )
    expect(out.records.map((r) => r.record.a)).toEqual([1, 4])
    expect(out.errors.map((e) => e.code)).toEqual([
      'parse/json-not-object',
      'parse/json-not-object',
      'parse/json-not-object',
      'parse/json-invalid-record',
      'parse/json-not-object',
      'parse/json-invalid-record',
      'parse/json-invalid-record',
    ])
    // Two objects without a comma are one item that JSON.parse refuses, never two records.
    expect(out.errors[5]?.raw).toBe('{"a":2} {"a":3}')
    expect(out.warnings).toEqual([])
  })

  it('refuses an item with text after its object as a whole, as JSON.parse does', async () => {
    for (const item of ['{}}', '{"a":true} "x"', '{"a":"b"}#', '{"a":"b"}/**/', '{"a":1}]']) {
      const out = await parseBytes(`[{"before":1},\n${item},\n{"after":2}]`, 'x.json', {}, 3)
      expect(out.records.map((r) => r.record)).not.toContainEqual({ a: 'b' })
      expect(out.records.map((r) => r.record)).not.toContainEqual({})
      expect(out.records[0]?.record).toEqual({ before: 1 })
      expect(out.errors.length).toBeGreaterThanOrEqual(1)
    }
    const stray = await parseBytes('[{"before":1},\n{}},\n{"after":2}]', 'x.json')
    expect(stray.records.map((r) => r.record)).toEqual([{ before: 1 }, { after: 2 }])
    expect(stray.errors).toMatchObject([
      { code: 'parse/json-invalid-record', raw: '{}}', source: { line: 2 } },
    ])
  })

  it('counts a raw line break inside a string for the lines after it', async () => {
    const out = await parseBytes('[{"a":"x\ny"},\n{"b":1},\n{"c":2}]', 'x.json', {}, 4)
    expect(out.errors).toMatchObject([{ code: 'parse/json-invalid-record', source: { line: 1 } }])
    expect(out.records.map((r) => r.source.line)).toEqual([3, 4])
  })

  it('says text after the array is not read, as an error, and reads an empty array as no records', async () => {
    const extra = await parseBytes('[{"a":1}]\n[{"a":2}]', 'x.json')
    expect(extra.records).toHaveLength(1)
    expect(extra.errors).toMatchObject([
      { code: 'parse/json-trailing-content', fatal: true, source: { line: 2 } },
    ])
    expect(extra.errors[0]?.reason).toMatch(/not read/)
    const double = await parseBytes('[][]', 'x.json')
    expect(double.errors.map((e) => e.code)).toEqual(['parse/json-trailing-content'])
    const empty = await parseBytes(' [ ] ', 'x.json')
    expect(empty.events).toEqual([])
  })

  it('reads deep nesting without recursion limits, and skips oversized items', async () => {
    const depth = 50_000
    const deep = `[{"d":${'['.repeat(depth)}${']'.repeat(depth)}}, {"a":1}]`
    const out = await parseBytes(deep, 'deep.json', {}, 4096)
    expect(out.records).toHaveLength(2)
    const big = `[{"a":0},{"s":"${'x'.repeat(3000)}"},{"a":1}]`
    const skipped = await parseBytes(big, 'big.json', { maxRecordBytes: 1000 }, 500)
    expect(skipped.records.map((r) => r.record.a)).toEqual([0, 1])
    expect(skipped.errors.map((e) => e.code)).toEqual(['parse/record-too-large'])
  })

  it('flags invalid UTF-8 inside an item', async () => {
    const bytes = Buffer.concat([
      Buffer.from('[{"a":"x'),
      Buffer.from([0xc3]),
      Buffer.from('"},{"a":"y"}]'),
    ])
    const out = await parseBytes(bytes, 'x.json', {}, 3)
    expect(out.records.map((r) => r.invalidUtf8)).toEqual([true, undefined])
    expect(out.warnings[0]).toMatchObject({ code: 'parse/invalid-utf8', source: { byteOffset: 8 } })
  })
})
