import { describe, expect, it } from 'vitest'
import { compileMapping } from '../../shared/mapping/compile-mapping'
import { mappingByName } from './name-mapping'

const columns = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Host', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'Message', type: 'string' },
] as const

describe('mappingByName', () => {
  it('matches names exactly or ignoring case, and nothing fuzzier', () => {
    const samples = [
      { timegenerated: '2025-01-01T00:00:00Z', host: 'a', Lvl: 3, Message: 'm', Extra: 1 },
    ]
    const result = mappingByName('Custom-X', Object.keys(samples[0]!), columns, samples)
    expect(result.matched).toEqual([
      ['TimeGenerated', 'timegenerated'],
      ['Host', 'host'],
      ['Message', 'Message'],
    ])
    expect(result.unfilledColumns).toEqual(['Level'])
    expect(result.droppedFields).toEqual(['Lvl', 'Extra'])
    const compiled = compileMapping(result.mapping, columns)
    expect(compiled.ok).toBe(true)
    if (compiled.ok) {
      const mapped = compiled.compiled.map(samples[0]!, Date.parse('2025-01-01T12:00:00Z'))
      expect(mapped).toMatchObject({ ok: true, record: { Host: 'a', Message: 'm' } })
    }
  })
})
