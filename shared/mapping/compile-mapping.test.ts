import { describe, expect, it } from 'vitest'
import { compileMapping, type CompiledMapping, type MapResult } from './compile-mapping'
import { parseMapping, type MappingInput, type StreamColumn } from './mapping-schema'

const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Count', type: 'int' },
  { name: 'Big', type: 'long' },
  { name: 'Props', type: 'dynamic' },
  { name: 'Ok', type: 'boolean' },
  { name: 'Source', type: 'string' },
]
const NOW = Date.parse('2024-06-01T12:00:00Z')

function compile(input: MappingInput, stream = STREAM): CompiledMapping {
  const parsed = parseMapping(input)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  const result = compileMapping(parsed.mapping, stream)
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.compiled
}

function okRecord(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.record
}

const BASE: MappingInput = {
  version: 1,
  stream: 'Custom-App',
  columns: {
    TimeGenerated: { source: { kind: 'field', path: 'ts' }, type: 'datetime' },
    Message: { source: { kind: 'field', path: 'detail.msg' }, type: 'string' },
    Count: { source: { kind: 'field', path: 'items[1].n' }, type: 'int' },
    Source: { source: { kind: 'constant', value: 'logdrop' }, type: 'string' },
  },
}

describe('compileMapping', () => {
  it('maps fields, nested paths, constants and counts dropped fields', () => {
    const { map } = compile(BASE)
    const result = map(
      { ts: '2024-06-01T11:00:00Z', detail: { msg: 'hi' }, items: [{}, { n: '5' }], extra: 1 },
      NOW,
    )
    expect(result).toEqual({
      ok: true,
      record: {
        TimeGenerated: '2024-06-01T11:00:00.000Z',
        Message: 'hi',
        Count: 5,
        Source: 'logdrop',
      },
      droppedFields: 1,
    })
  })

  it('leaves absent values out and never writes null', () => {
    const { map } = compile(BASE)
    const record = okRecord(
      map({ ts: '2024-06-01T11:00:00Z', detail: { msg: '' }, items: [] }, NOW),
    )
    expect(record).toEqual({ TimeGenerated: '2024-06-01T11:00:00.000Z', Source: 'logdrop' })
  })

  it('fails the record with column, reason and value when a value cannot be coerced', () => {
    const { map } = compile(BASE)
    const result = map({ ts: 'soon', detail: { msg: 'x' }, items: [{}, { n: 'five' }] }, NOW)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(2)
    expect(result.errors[0]).toMatchObject({
      column: 'TimeGenerated',
      code: 'mapping/coercion-failed',
      value: 'soon',
    })
    expect(result.errors[1]).toMatchObject({
      column: 'Count',
      reason: 'Count: "five" is not a whole number',
      value: 'five',
    })
  })

  it('fails a record without a time by default, and sends it with missing: service-time', () => {
    const strict = compile(BASE)
    expect(strict.map({ detail: { msg: 'x' } }, NOW)).toMatchObject({
      ok: false,
      errors: [{ column: 'TimeGenerated', code: 'mapping/required-missing' }],
    })
    const lenient = compile({ ...BASE, timePolicy: { missing: 'service-time' } })
    expect(okRecord(lenient.map({ detail: { msg: 'x' } }, NOW))).toEqual({
      Message: 'x',
      Source: 'logdrop',
    })
  })

  it('flags times outside [-2 days, +1 day] and fails them under the fail policy', () => {
    const send = compile(BASE)
    const old = { ts: '2024-05-29T11:59:59Z' }
    expect(send.map(old, NOW)).toMatchObject({ ok: true, timeOutsideWindow: true })
    expect(send.map({ ts: '2024-05-30T12:00:00Z' }, NOW)).not.toHaveProperty('timeOutsideWindow')
    expect(send.map({ ts: '2024-06-02T12:00:00Z' }, NOW)).not.toHaveProperty('timeOutsideWindow')
    expect(send.map({ ts: '2024-06-02T12:00:01Z' }, NOW)).toMatchObject({
      timeOutsideWindow: true,
    })
    const fail = compile({ ...BASE, timePolicy: { outsideWindow: 'fail' } })
    const result = fail.map(old, NOW)
    expect(result).toMatchObject({
      ok: false,
      errors: [{ column: 'TimeGenerated', code: 'mapping/time-outside-window' }],
    })
    if (!result.ok) expect(result.errors[0]?.reason).toMatch(/more than 2 days before/)
  })

  it('checks the window on the column the time policy names', () => {
    const stream: StreamColumn[] = [{ name: 'EventTime', type: 'datetime' }]
    const mapping: MappingInput = {
      version: 1,
      stream: 'Custom-X',
      columns: { EventTime: { source: { kind: 'field', path: 't' }, type: 'datetime' } },
      timePolicy: { column: 'EventTime', outsideWindow: 'fail' },
    }
    const { map, timeColumn } = compile(mapping, stream)
    expect(timeColumn).toBe('EventTime')
    expect(map({ t: 0 }, NOW).ok).toBe(false)
  })

  it('fills now columns with the mapping clock', () => {
    const { map } = compile({
      version: 1,
      stream: 'Custom-X',
      columns: {
        TimeGenerated: { source: { kind: 'now' }, type: 'datetime' },
        Message: { source: { kind: 'field', path: 'm' }, type: 'string' },
      },
    })
    expect(okRecord(map({ m: 'hi' }, NOW))).toEqual({
      TimeGenerated: '2024-06-01T12:00:00.000Z',
      Message: 'hi',
    })
  })

  it('never sends a record in which no column read from the file got a value', () => {
    const { map } = compile({
      version: 1,
      stream: 'Custom-X',
      columns: {
        TimeGenerated: { source: { kind: 'now' }, type: 'datetime' },
        Source: { source: { kind: 'constant', value: 'eu' }, type: 'string' },
        Message: { source: { kind: 'field', path: 'm' }, type: 'string' },
        Count: { source: { kind: 'field', path: 'c' }, type: 'int' },
      },
    })
    for (const empty of [{}, { other: 'x' }, { m: '', c: null }]) {
      expect(map(empty, NOW)).toEqual({
        ok: false,
        errors: [
          {
            column: 'Message, Count',
            code: 'mapping/no-mapped-value',
            reason: 'none of Message, Count has a value in this record',
            value: undefined,
          },
        ],
      })
    }
    const constantsOnly = compile({
      version: 1,
      stream: 'Custom-X',
      columns: { TimeGenerated: { source: { kind: 'now' }, type: 'datetime' } },
    })
    expect(constantsOnly.map({ m: 'x' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ code: 'mapping/no-mapped-value' }],
    })
  })

  it('fails text over 64 KB by default and counts it under oversizedValue: send', () => {
    const columns = { Message: { source: { kind: 'field', path: 'm' }, type: 'string' } } as const
    const big = 'é'.repeat(40_000)
    const failing = compile({ version: 1, stream: 'Custom-X', columns })
    expect(failing.map({ m: big }, NOW)).toMatchObject({
      ok: false,
      errors: [{ code: 'mapping/field-too-large' }],
    })
    expect(failing.map({ m: 'é'.repeat(30_000) }, NOW).ok).toBe(true)
    const sending = compile({ version: 1, stream: 'Custom-X', columns, oversizedValue: 'send' })
    expect(sending.map({ m: big }, NOW)).toMatchObject({ ok: true, oversizedColumns: ['Message'] })
  })

  it('treats configured null words and blank non-text values as absent', () => {
    const { map } = compile({
      version: 1,
      stream: 'Custom-X',
      columns: {
        Count: {
          source: { kind: 'field', path: 'c' },
          type: 'int',
          format: { nullValues: ['N/A'] },
        },
        Ok: { source: { kind: 'field', path: 'o' }, type: 'boolean', required: true },
      },
    })
    expect(okRecord(map({ c: 'N/A', o: 'yes' }, NOW))).toEqual({ Ok: true })
    expect(map({ c: '  ', o: ' ' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ column: 'Ok', code: 'mapping/required-missing' }],
    })
  })

  it('does not read inherited properties through a path', () => {
    const { map } = compile({
      version: 1,
      stream: 'Custom-X',
      columns: { Message: { source: { kind: 'field', path: 'constructor' }, type: 'string' } },
    })
    expect(map({}, NOW)).toMatchObject({
      ok: false,
      errors: [{ code: 'mapping/no-mapped-value' }],
    })
  })

  it('refuses columns the stream lacks, type mismatches, bad constants and bad paths', () => {
    const parsed = parseMapping({
      version: 1,
      stream: 'Custom-X',
      columns: {
        message: { source: { kind: 'field', path: 'm' }, type: 'string' },
        Nope: { source: { kind: 'field', path: 'm' }, type: 'string' },
        Count: { source: { kind: 'field', path: 'c' }, type: 'long' },
        Ok: { source: { kind: 'constant', value: 'perhaps' }, type: 'boolean' },
        Level: { source: { kind: 'field', path: 'a..b' }, type: 'string' },
        Big: { source: { kind: 'now' }, type: 'long' },
      },
    })
    if (!parsed.ok) throw new Error('schema should accept this')
    const result = compileMapping(parsed.mapping, STREAM)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((issue) => [issue.column, issue.code])).toEqual([
      ['message', 'mapping/unknown-column'],
      ['Nope', 'mapping/unknown-column'],
      ['Count', 'mapping/type-mismatch'],
      ['Ok', 'mapping/bad-constant'],
      ['Level', 'mapping/invalid'],
      ['Big', 'mapping/invalid'],
    ])
    expect(result.issues[0]?.message).toMatch(/has Message: column names are case-sensitive/)
  })
})

describe('parseMapping', () => {
  it('fills defaults and reports problems with their location', () => {
    const good = parseMapping({ version: 1, stream: 'Custom-X', columns: {} })
    expect(good).toMatchObject({
      ok: true,
      mapping: {
        timePolicy: { column: 'TimeGenerated', outsideWindow: 'send', missing: 'fail' },
        oversizedValue: 'fail',
      },
    })
    const bad = parseMapping({
      version: 1,
      stream: 'Custom-X',
      columns: {
        T: { source: { kind: 'field', path: 't' }, type: 'datetime', format: { date: 'HH:mm' } },
        U: { source: { kind: 'field', path: 'u' }, type: 'text' },
      },
    })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.issues.map((issue) => issue.path)).toEqual([
      'columns.T.format.date',
      'columns.U.type',
    ])
    expect(bad.issues[0]?.message).toMatch(/needs a month and a day/)
  })

  it('survives a JSON round trip unchanged', () => {
    const parsed = parseMapping(BASE)
    if (!parsed.ok) throw new Error('invalid')
    expect(parseMapping(JSON.parse(JSON.stringify(parsed.mapping)))).toEqual(parsed)
  })
})

describe('templates, left-empty columns and unmapped fields', () => {
  const STREAM_T: StreamColumn[] = [...STREAM, { name: 'Rest', type: 'dynamic' }]
  const syslog: MappingInput = {
    version: 1,
    stream: 'Custom-Syslog',
    columns: {
      TimeGenerated: {
        source: { kind: 'template', template: '{Month} {Date} {Time}' },
        type: 'datetime',
        format: { date: 'MMM d HH:mm:ss' },
      },
      Message: { source: { kind: 'field', path: 'Content' }, type: 'string' },
      Level: { source: { kind: 'none' }, type: 'string' },
    },
  }

  it('joins fields with a template and reads the year-less time with the year rule', () => {
    const { map, direct, usedFields } = compile(syslog, STREAM_T)
    expect(direct).toBeUndefined()
    expect([...usedFields].sort()).toEqual(['Content', 'Date', 'Month', 'Time'])
    const later = NOW + 86_400_000 * 20
    expect(map({ Month: 'Jun', Date: '14', Time: '15:16:01', Content: 'x' }, later)).toMatchObject({
      ok: true,
      record: { TimeGenerated: '2024-06-14T15:16:01.000Z', Message: 'x' },
    })
    // 2024-06-01 is "now": 14 June would be ahead, so it is last year's.
    expect(
      map({ Month: 'Jun', Date: '14', Time: '15:16:01' }, NOW - 86_400_000 * 20),
    ).toMatchObject({ ok: true, record: { TimeGenerated: '2023-06-14T15:16:01.000Z' } })
  })

  it('fails a record whose template misses some fields, naming them and keeping the text', () => {
    const { map } = compile(syslog, STREAM_T)
    expect(map({ Month: 'Jun', Time: '15:16:01' }, NOW)).toEqual({
      ok: false,
      errors: [
        {
          column: 'TimeGenerated',
          code: 'mapping/coercion-failed',
          reason:
            'TimeGenerated: Date has no value, so "Jun  15:16:01" is not the whole TimeGenerated',
          value: 'Jun  15:16:01',
        },
      ],
    })
    expect(map({ Content: 'x' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ column: 'TimeGenerated', code: 'mapping/required-missing' }],
    })
  })

  it('keeps a left-empty column out, and refuses one marked required', () => {
    const { map, columns } = compile(syslog, STREAM_T)
    expect(columns).not.toContain('Level')
    const result = map({ Month: 'Jun', Date: '1', Time: '00:00:00', Level: 'INFO' }, NOW)
    expect(okRecord(result)).not.toHaveProperty('Level')
    const parsed = parseMapping({
      ...syslog,
      columns: { Level: { source: { kind: 'none' }, type: 'string', required: true } },
    })
    if (!parsed.ok) throw new Error('invalid')
    expect(compileMapping(parsed.mapping, STREAM_T)).toMatchObject({
      ok: false,
      issues: [{ column: 'Level', code: 'mapping/invalid' }],
    })
  })

  it('packs every field no column reads into the chosen dynamic column', () => {
    const { map, direct, columns } = compile({ ...syslog, unmappedTo: 'Rest' }, STREAM_T)
    expect(direct).toBeUndefined()
    expect(columns.at(-1)).toBe('Rest')
    const source = JSON.parse(
      '{"Month":"Jun","Date":"1","Time":"00:00:00","Pid":"42","__proto__":{"a":1}}',
    ) as Record<string, unknown>
    const result = map(source, NOW)
    expect(result).toMatchObject({ ok: true, droppedFields: 0 })
    const rest = okRecord(result).Rest as Record<string, unknown>
    expect(JSON.stringify(rest)).toBe('{"Pid":"42","__proto__":{"a":1}}')
    expect(okRecord(map({ Month: 'Jun', Date: '1', Time: '00:00:00' }, NOW))).not.toHaveProperty(
      'Rest',
    )
  })

  it('refuses to pack into a column that is missing, not dynamic or already filled', () => {
    for (const [unmappedTo, message] of [
      ['Nope', /no column Nope/],
      ['Message', /only be kept in a dynamic column/],
      ['Props', /already has a source/],
    ] as const) {
      const parsed = parseMapping({
        ...syslog,
        columns: {
          ...syslog.columns,
          Props: { source: { kind: 'field', path: 'p' }, type: 'dynamic' },
        },
        unmappedTo,
      })
      if (!parsed.ok) throw new Error('invalid')
      const result = compileMapping(parsed.mapping, STREAM_T)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.issues[0]?.message).toMatch(message)
    }
  })

  it('refuses a template with unbalanced braces or no field', () => {
    for (const template of ['{Date', 'Date}', 'no fields', '{}']) {
      const parsed = parseMapping({
        ...syslog,
        columns: { Message: { source: { kind: 'template', template }, type: 'string' } },
      })
      expect(parsed.ok).toBe(false)
    }
  })
})
