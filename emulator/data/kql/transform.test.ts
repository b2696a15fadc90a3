import { describe, expect, it } from 'vitest'
import { KqlError } from './kql-error'
import type { Row, Schema } from './kql-types'
import { compileTransform, describeKqlError } from './transform'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)

const STREAM: Schema = [
  { name: 'Time', type: 'string' },
  { name: 'RawData', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Props', type: 'dynamic' },
]

function problemOf(kql: string): KqlError {
  try {
    compileTransform(kql, STREAM)
  } catch (error) {
    if (error instanceof KqlError) return error
    throw error
  }
  throw new Error(`expected '${kql}' to be rejected`)
}

describe('compileTransform', () => {
  it('passes rows through for `source`', () => {
    const transform = compileTransform('source', STREAM)
    const rows: Row[] = [{ Time: 'a', RawData: 'b', Level: '1', Props: null }]
    expect(transform.outputSchema).toEqual(STREAM)
    expect(transform.run(rows, NOW).rows).toEqual(rows)
  })

  it('runs extend, project-rename, project-away, where and the conversion functions', () => {
    const transform = compileTransform(
      [
        'source',
        '| extend TimeGenerated = todatetime(Time), Lvl = toint(Level), Big = tolong(Level) * 1000000000',
        '| extend Ratio = toreal(Level) / 4, Flag = tobool(Props.ok), Note = tostring(Props.note)',
        '| project-rename Raw = RawData',
        '| project-away Time, Level',
        '| where Lvl >= 2',
      ].join('\n'),
      STREAM,
    )
    expect(transform.outputSchema).toEqual([
      { name: 'Raw', type: 'string' },
      { name: 'Props', type: 'dynamic' },
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Lvl', type: 'int' },
      { name: 'Big', type: 'long' },
      { name: 'Ratio', type: 'real' },
      { name: 'Flag', type: 'bool' },
      { name: 'Note', type: 'string' },
    ])
    const out = transform.run(
      [
        { Time: '2024-04-30T10:00:00Z', RawData: 'x', Level: '3', Props: { ok: true, note: 'hi' } },
        { Time: 'garbage', RawData: 'y', Level: '1', Props: null },
        { Time: '2024-04-30 11:00:00', RawData: 'z', Level: '2', Props: { ok: 'false' } },
      ],
      NOW,
    )
    expect(out.rows).toEqual([
      {
        Raw: 'x',
        Props: { ok: true, note: 'hi' },
        TimeGenerated: Date.UTC(2024, 3, 30, 10),
        Lvl: 3,
        Big: 3_000_000_000,
        Ratio: 0.75,
        Flag: true,
        Note: 'hi',
      },
      {
        Raw: 'z',
        Props: { ok: 'false' },
        TimeGenerated: Date.UTC(2024, 3, 30, 11),
        Lvl: 2,
        Big: 2_000_000_000,
        Ratio: 0.5,
        Flag: false,
        Note: '',
      },
    ])
  })

  it('parses JSON text with parse_json and reads properties both ways', () => {
    const transform = compileTransform(
      "source | extend d = parse_json(RawData) | project TimeGenerated = now(), Host = tostring(d.host), Port = toint(d['port']), Tags = d.tags, Both = strcat(tostring(d.host), ':', tostring(d.port)), Empty = isempty(tostring(d.missing))",
      STREAM,
    )
    const out = transform.run(
      [{ Time: '', RawData: '{"host":"h1","port":"8080","tags":["a"]}', Level: '', Props: null }],
      NOW,
    )
    expect(out.rows).toEqual([
      { TimeGenerated: NOW, Host: 'h1', Port: 8080, Tags: ['a'], Both: 'h1:8080', Empty: true },
    ])
  })

  it('uses the run time for now() and ago()', () => {
    const transform = compileTransform(
      'source | extend T1 = now(), T2 = ago(1h) | project T1, T2',
      STREAM,
    )
    expect(transform.run([{}], NOW).rows).toEqual([{ T1: NOW, T2: NOW - 3_600_000 }])
    expect(transform.run([{}], NOW + 1000).rows).toEqual([
      { T1: NOW + 1000, T2: NOW + 1000 - 3_600_000 },
    ])
  })

  it('rejects query operators, unknown functions and unknown columns instead of running them', () => {
    expect(problemOf('source | summarize count()')).toMatchObject({
      kind: 'unsupported',
      message: "The 'summarize' operator is not supported in transformations",
    })
    expect(problemOf('source | take 1')).toMatchObject({ kind: 'unsupported' })
    expect(problemOf('source | extend x = parse_xml(RawData)')).toMatchObject({
      kind: 'unsupported',
    })
    expect(problemOf('source | extend x = Nope')).toMatchObject({ kind: 'semantic' })
    expect(problemOf('MyTable | extend x = 1')).toMatchObject({
      message: "A transformation must start with 'source', not 'MyTable'",
    })
    const syntax = problemOf('source\n| extend x = ')
    expect(syntax.kind).toBe('syntax')
    expect(describeKqlError('source\n| extend x = ', syntax)).toBe(
      'Expected an expression but found end of query (line 2, column 14)',
    )
  })
})
