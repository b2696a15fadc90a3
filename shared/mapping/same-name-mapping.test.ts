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
})
