import { describe, expect, it } from 'vitest'
import {
  convertValue,
  formatTimespan,
  fromJsonValue,
  parseDateTime,
  parseGuid,
  parseTimespan,
  toResponseCell,
} from './values'

describe('datetime parsing', () => {
  it('accepts ISO 8601 with and without zone, space separator and fractions', () => {
    expect(parseDateTime('2024-01-02')).toBe(Date.UTC(2024, 0, 2))
    expect(parseDateTime('2024-01-02T03:04:05Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5))
    expect(parseDateTime('2021-12-08T23:51:14.1104269Z')).toBe(
      Date.UTC(2021, 11, 8, 23, 51, 14, 110),
    )
    expect(parseDateTime('2023-11-14 15:10:02')).toBe(Date.UTC(2023, 10, 14, 15, 10, 2))
    expect(parseDateTime('2024-01-02T03:04:05+02:00')).toBe(Date.UTC(2024, 0, 2, 1, 4, 5))
    expect(parseDateTime('Sat, 08 Nov 2014 15:05:02 GMT')).toBe(Date.UTC(2014, 10, 8, 15, 5, 2))
  })

  it('rejects text that is not a date, including impossible days', () => {
    expect(parseDateTime('1')).toBeNull()
    expect(parseDateTime('yesterday')).toBeNull()
    expect(parseDateTime('2024-02-30')).toBeNull()
    expect(parseDateTime('2024-13-01')).toBeNull()
  })
})

describe('timespans', () => {
  it('parses unit and clock forms and prints the Kusto form', () => {
    expect(parseTimespan('90m')).toBe(5_400_000)
    expect(parseTimespan('1.02:03:04.5')).toBe(93_784_500)
    expect(parseTimespan('-00:00:01')).toBe(-1000)
    expect(formatTimespan(93_784_500)).toBe('1.02:03:04.5000000')
    expect(formatTimespan(3_600_000)).toBe('01:00:00')
    expect(formatTimespan(-1000)).toBe('-00:00:01')
  })
})

describe('conversions', () => {
  it('types request JSON into declared stream columns', () => {
    expect(fromJsonValue('42', 'int')).toBe(42)
    expect(fromJsonValue(42.9, 'long')).toBe(42)
    expect(fromJsonValue('4.5', 'real')).toBe(4.5)
    expect(fromJsonValue('TRUE', 'bool')).toBe(true)
    expect(fromJsonValue(0, 'bool')).toBe(false)
    expect(fromJsonValue({ a: 1 }, 'string')).toBe('{"a":1}')
    expect(fromJsonValue(undefined, 'string')).toBe('')
    expect(fromJsonValue('abc', 'int')).toBeNull()
    expect(fromJsonValue(3_000_000_000, 'int')).toBeNull()
    // Datetimes are typed into canonical text, which keeps digits past the millisecond.
    expect(fromJsonValue('2024-01-02', 'datetime')).toBe('2024-01-02T00:00:00.000Z')
    expect(fromJsonValue('2021-12-08T23:51:14.1104269Z', 'datetime')).toBe(
      '2021-12-08T23:51:14.1104269Z',
    )
    expect(fromJsonValue('2021-12-08T23:51:14.11Z', 'datetime')).toBe('2021-12-08T23:51:14.110Z')
    expect(fromJsonValue('2024-01-02T03:04:05.1234567+02:00', 'datetime')).toBe(
      '2024-01-02T01:04:05.1234567Z',
    )
    expect(fromJsonValue('not a date', 'datetime')).toBeNull()
    expect(fromJsonValue({ nested: [1] }, 'dynamic')).toEqual({ nested: [1] })
  })

  it('converts between internal types with the to* rules', () => {
    const t = Date.UTC(2024, 0, 2, 3, 4, 5)
    expect(convertValue(t, 'datetime', 'string')).toBe('2024-01-02T03:04:05.000Z')
    expect(convertValue('{"a":[1]}', 'string', 'dynamic')).toBe('{"a":[1]}')
    expect(convertValue({ a: 1 }, 'dynamic', 'string')).toBe('{"a":1}')
    expect(convertValue('7', 'dynamic', 'long')).toBe(7)
    expect(parseGuid('{AABBCCDD-0000-4000-8000-00000000000A}')).toBe(
      'aabbccdd-0000-4000-8000-00000000000a',
    )
  })

  it('formats response cells as Log Analytics does', () => {
    expect(toResponseCell(undefined, 'string')).toBe('')
    expect(toResponseCell(null, 'int')).toBeNull()
    expect(toResponseCell({ a: 1 }, 'dynamic')).toBe('{"a":1}')
    expect(toResponseCell(Date.UTC(2024, 0, 1), 'datetime')).toBe('2024-01-01T00:00:00.000Z')
  })
})
