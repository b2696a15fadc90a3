import { describe, expect, it } from 'vitest'
import { compileMapping } from './compile-mapping'
import { sameNameMapping } from './same-name-mapping'

describe('sameNameMapping', () => {
  it('matches names ignoring case, exact first, and lists what was left', () => {
    const result = sameNameMapping(
      'Custom-X',
      ['timegenerated', 'Message', 'message', 'extra'],
      [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'message', type: 'string' },
        { name: 'Count', type: 'int' },
      ],
    )
    expect(result.matched).toEqual([
      ['TimeGenerated', 'timegenerated'],
      ['message', 'message'],
    ])
    expect(result.unfilled).toEqual(['Count'])
    expect(result.dropped).toEqual(['Message', 'extra'])
    const compiled = compileMapping(result.mapping, [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'message', type: 'string' },
    ])
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
    expect(
      compiled.compiled.map(
        { timegenerated: '2024-01-01T00:00:00Z', message: 'm', Message: 'M' },
        0,
      ),
    ).toMatchObject({ ok: true, record: { message: 'm' }, droppedFields: 1 })
  })

  it('matches nothing fuzzier than case, and infers date formats from samples', () => {
    const columns = [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Host', type: 'string' },
      { name: 'Level', type: 'int' },
      { name: 'Message', type: 'string' },
    ] as const
    const samples = [
      { timegenerated: '2025-01-01T00:00:00Z', host: 'a', Lvl: 3, Message: 'm', Extra: 1 },
    ]
    const result = sameNameMapping('Custom-X', Object.keys(samples[0]!), columns, samples)
    expect(result.matched).toEqual([
      ['TimeGenerated', 'timegenerated'],
      ['Host', 'host'],
      ['Message', 'Message'],
    ])
    expect(result.unfilled).toEqual(['Level'])
    expect(result.dropped).toEqual(['Lvl', 'Extra'])
    const compiled = compileMapping(result.mapping, columns)
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
    expect(compiled.compiled.map(samples[0]!, Date.parse('2025-01-01T12:00:00Z'))).toMatchObject({
      ok: true,
      record: { Host: 'a', Message: 'm', TimeGenerated: '2025-01-01T00:00:00.000Z' },
    })
  })
})
