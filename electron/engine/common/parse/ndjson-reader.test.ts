import { describe, expect, it } from 'vitest'
import { parseBytes } from '../../../../test/helpers/parse-helpers'

const TEXT = [
  '{"id":1,"msg":"héllo wörld ✓ 😀"}',
  '',
  '   ',
  '{"id":2,"nested":{"a":[1,2,{"b":"x"}]}}',
  '{"id":3 oops}',
  '[1,2]',
  '{"id":4}',
].join('\r\n')

describe('NDJSON', () => {
  it('reads records, skips blank lines and reports broken lines while the rest arrives', async () => {
    const out = await parseBytes(TEXT, 'a.ndjson')
    expect(out.detected?.format).toBe('ndjson')
    expect(out.records.map((r) => r.record.id)).toEqual([1, 2, 4])
    expect(out.records.map((r) => r.source.line)).toEqual([1, 4, 7])
    expect(out.records[0]?.record.msg).toBe('héllo wörld ✓ 😀')
    expect(out.errors.map((e) => [e.code, e.source.line])).toEqual([
      ['parse/ndjson-invalid-line', 5],
      ['parse/ndjson-not-object', 6],
    ])
    expect(out.errors[0]?.reason).toMatch(/^Line 5 is not valid JSON: /)
    expect(out.errors[0]?.raw).toBe('{"id":3 oops}')
    expect(out.errors[1]?.reason).toBe('Line 6 holds an array, not a JSON object.')
  })

  it('gives the same result with 1-byte reads (split UTF-8, split CRLF)', async () => {
    const whole = await parseBytes(TEXT, 'a.ndjson')
    const tiny = await parseBytes(TEXT, 'a.ndjson', {}, 1)
    expect(tiny.events).toEqual(whole.events)
    for (const size of [2, 3, 5, 7]) {
      expect((await parseBytes(TEXT, 'a.ndjson', {}, size)).events).toEqual(whole.events)
    }
  })

  it('reports byte offsets of each line', async () => {
    const out = await parseBytes('{"a":1}\n{"a":2}\n\n{"a":3}', 'x.jsonl', {}, 3)
    expect(out.records.map((r) => r.source)).toEqual([
      { line: 1, byteOffset: 0 },
      { line: 2, byteOffset: 8 },
      { line: 4, byteOffset: 17 },
    ])
  })

  it('replaces invalid UTF-8, flags the record and says at which byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"ok"}\n{"a":"bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n{"a":"fine"}\n'),
    ])
    for (const size of [1, 1024]) {
      const out = await parseBytes(bytes, 'x.ndjson', {}, size)
      expect(out.records.map((r) => r.record.a)).toEqual(['ok', 'bad \uFFFD\uFFFD', 'fine'])
      expect(out.records.map((r) => r.invalidUtf8)).toEqual([undefined, true, undefined])
      expect(out.warnings).toHaveLength(1)
      expect(out.warnings[0]).toMatchObject({
        code: 'parse/invalid-utf8',
        source: { line: 2, byteOffset: 21 },
      })
    }
  })

  it('skips a line longer than the record limit without holding it, then goes on', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`
    const text = `{"a":1}\n${long}\n{"a":2}\n${long}`
    for (const size of [1000, 64 * 1024]) {
      const out = await parseBytes(text, 'x.ndjson', { maxRecordBytes: 1000 }, size)
      expect(out.records.map((r) => r.record.a)).toEqual([1, 2])
      expect(out.errors.map((e) => [e.code, e.source.line])).toEqual([
        ['parse/record-too-large', 2],
        ['parse/record-too-large', 4],
      ])
    }
  })

  it('reads a last line without a newline, and a cut-off last line is one error', async () => {
    expect((await parseBytes('{"a":1}\n{"a":2}', 'x.ndjson')).records).toHaveLength(2)
    const cut = await parseBytes('{"a":1}\n{"a":2,"b":"unfinis', 'x.ndjson')
    expect(cut.records).toHaveLength(1)
    expect(cut.errors.map((e) => e.code)).toEqual(['parse/ndjson-invalid-line'])
  })
})
