import { describe, expect, it } from 'vitest'
import { inferColumnType } from './infer-type'

describe('inferColumnType', () => {
  it('finds the narrowest type that fits the values', () => {
    expect(inferColumnType(['1', '2', '3', '4', '5'])).toEqual({ type: 'int', confidence: 1 })
    expect(inferColumnType([1, 2, 3, 4, 3000000000]).type).toBe('long')
    expect(inferColumnType(['1', '2.5', '3', '4', '5']).type).toBe('real')
    expect(inferColumnType(['true', 'False', 'yes', 'no', true]).type).toBe('boolean')
    expect(inferColumnType([{ a: 1 }, [1], '{"b":2}', '[3]', {}]).type).toBe('dynamic')
    expect(inferColumnType(['a', 'b', 'c', 'd', 'e'])).toMatchObject({ type: 'string' })
  })
  it('recognises ISO dates and epoch numbers in a time-named column', () => {
    const iso = [
      '2024-01-01T00:00:00Z',
      '2024-01-02 10:00:00',
      '2024-01-03',
      '2024-01-04T01:02Z',
      '2024-02-01',
    ]
    expect(inferColumnType(iso)).toEqual({ type: 'datetime', confidence: 1 })
    const epoch = [1700000000000, 1700000001000, 1700000002000, 1700000003000, 1700000004000]
    expect(inferColumnType(epoch, 'timestamp')).toMatchObject({
      type: 'datetime',
      format: { date: 'epoch-ms' },
    })
    expect(inferColumnType(epoch, 'bytes').type).toBe('long')
  })
  it('proposes a day/month pattern only when a sample proves the order', () => {
    const dayFirst = ['03/04/2024 10:00:00', '25/04/2024 11:30:00', '01/05/2024 09:15:00']
    const guess = inferColumnType(dayFirst)
    expect(guess.type).toBe('datetime')
    expect(guess.format).toEqual({ date: 'd/M/yyyy H:mm:ss' })
    const unknown = inferColumnType([
      '03/04/2024',
      '05/06/2024',
      '07/08/2024',
      '01/02/2024',
      '02/03/2024',
    ])
    expect(unknown.type).toBe('datetime')
    expect(unknown.format).toBeUndefined()
    expect(unknown.confidence).toBeLessThanOrEqual(0.5)
    expect(unknown.note).toMatch(/cannot be told/)
  })
  it('ignores empty values and lowers confidence for misfits and tiny samples', () => {
    const mostly = inferColumnType(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'N/A', '', null])
    expect(mostly.type).toBe('int')
    expect(mostly.confidence).toBeCloseTo(0.9)
    expect(mostly.note).toBe('1 of 10 sample values do not fit int.')
    expect(inferColumnType(['7']).confidence).toBeCloseTo(0.6)
    expect(inferColumnType([null, ''])).toMatchObject({ type: 'string', confidence: 0 })
  })
})
