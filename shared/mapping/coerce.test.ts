import { describe, expect, it } from 'vitest'
import { createCoercer } from './coerce'
import { CoercionFailure } from './coercion-failure'

function failReason(value: unknown): string {
  expect(value).toBeInstanceOf(CoercionFailure)
  return (value as CoercionFailure).reason
}

describe('int', () => {
  const int = createCoercer('int')
  it('accepts whole numbers and whole-number text in the 32-bit range', () => {
    expect(int(42)).toBe(42)
    expect(int(' -7 ')).toBe(-7)
    expect(int('12.00')).toBe(12)
    expect(int(2147483647)).toBe(2147483647)
    expect(int('-2147483648')).toBe(-2147483648)
  })
  it('refuses fractions, out-of-range values, booleans and words with a reason', () => {
    expect(failReason(int(1.5))).toMatch(/not a whole number/)
    expect(failReason(int('12.5'))).toMatch(/not a whole number/)
    expect(failReason(int(2147483648))).toMatch(/outside the int range.*long/)
    expect(failReason(int('abc'))).toMatch(/"abc" is not a whole number/)
    expect(int(true)).toBeInstanceOf(CoercionFailure)
    expect(failReason(int('1,000'))).toMatch(/thousands separator/)
  })
  it('reads thousands and decimal separators when the column says so', () => {
    expect(createCoercer('int', { thousands: ',' })('1,234,567')).toBe(1234567)
    expect(createCoercer('real', { decimal: ',' })('3,25')).toBe(3.25)
    expect(createCoercer('real', { decimal: ',', thousands: '.' })('1.234,5')).toBe(1234.5)
    expect(createCoercer('real', { decimal: ',' })('1.5')).toBeInstanceOf(CoercionFailure)
  })
})

describe('long', () => {
  const long = createCoercer('long')
  it('keeps safe integers as numbers and exact digits beyond 2^53 as bigint', () => {
    expect(long(9007199254740991)).toBe(9007199254740991)
    expect(long('9223372036854775807')).toBe(9223372036854775807n)
    expect(long('-9223372036854775808')).toBe(-9223372036854775808n)
  })
  it('refuses values beyond 2^63 and JSON numbers that already lost digits', () => {
    expect(failReason(long('9223372036854775808'))).toMatch(/outside the long range/)
    expect(failReason(long(2 ** 60))).toMatch(/lost digits/)
    expect(failReason(long(1e30))).toMatch(/outside the long range/)
  })
})

describe('real', () => {
  const real = createCoercer('real')
  it('accepts finite numbers and numeric text, refuses the rest', () => {
    expect(real(1.25)).toBe(1.25)
    expect(real('1e3')).toBe(1000)
    expect(real('.5')).toBe(0.5)
    expect(failReason(real('NaN'))).toMatch(/not a number/)
    expect(real(false)).toBeInstanceOf(CoercionFailure)
  })
})

describe('boolean', () => {
  it('reads true/false/1/0/yes/no in any case, and nothing else', () => {
    const bool = createCoercer('boolean')
    expect([true, 'TRUE', 'Yes', '1', 1].map(bool)).toEqual([true, true, true, true, true])
    expect([false, 'false', 'NO', '0', 0].map(bool)).toEqual([false, false, false, false, false])
    expect(failReason(bool('maybe'))).toMatch(/"maybe" is not a boolean \(true: true, 1, yes/)
    expect(bool(2)).toBeInstanceOf(CoercionFailure)
  })
  it('uses the column words when given', () => {
    const bool = createCoercer('boolean', { booleanTrue: ['on', 'Y'], booleanFalse: ['off', 'n'] })
    expect([bool('ON'), bool('y'), bool('off'), bool('N')]).toEqual([true, true, false, false])
    expect(bool('yes')).toBeInstanceOf(CoercionFailure)
  })
})

describe('string and dynamic', () => {
  it('stringifies numbers, booleans and objects for string columns', () => {
    const str = createCoercer('string')
    expect(str('a')).toBe('a')
    expect(str(1.5)).toBe('1.5')
    expect(str(true)).toBe('true')
    expect(str({ a: [1] })).toBe('{"a":[1]}')
  })
  it('keeps objects for dynamic and parses text that is JSON', () => {
    const dyn = createCoercer('dynamic')
    const object = { a: 1 }
    expect(dyn(object)).toBe(object)
    expect(dyn(' {"b":[1,2]} ')).toEqual({ b: [1, 2] })
    expect(dyn('[INFO] started')).toBe('[INFO] started')
    expect(dyn('plain')).toBe('plain')
    expect(dyn(3)).toBe(3)
  })
  it('reports nesting too deep to write instead of crashing', () => {
    let deep: unknown = 1
    for (let i = 0; i < 20000; i++) deep = [deep]
    expect(failReason(createCoercer('string')(deep))).toMatch(/nested too deeply/)
  })
})

describe('datetime', () => {
  const auto = createCoercer('datetime')
  it('turns ISO 8601 with or without a zone into UTC ISO text', () => {
    expect(auto('2024-03-04T05:06:07Z')).toBe('2024-03-04T05:06:07.000Z')
    expect(auto('2024-03-04T05:06:07+02:00')).toBe('2024-03-04T03:06:07.000Z')
    expect(auto('2024-03-04 05:06:07.1234567')).toBe('2024-03-04T05:06:07.1234567Z')
    expect(auto('2024-03-04')).toBe('2024-03-04T00:00:00.000Z')
    expect(auto('2023-11-14 15:10:02')).toBe('2023-11-14T15:10:02.000Z')
    expect(auto('Tue, 14 Nov 2023 15:10:02 GMT')).toBe('2023-11-14T15:10:02.000Z')
  })
  it('applies the column zone to zone-less text only', () => {
    const paris = createCoercer('datetime', { timezone: '+01:00' })
    expect(paris('2024-01-01T10:00:00')).toBe('2024-01-01T09:00:00.000Z')
    expect(paris('2024-01-01T10:00:00Z')).toBe('2024-01-01T10:00:00.000Z')
  })
  it('reads epoch numbers by size in auto, and by the chosen unit otherwise', () => {
    expect(auto(1700000000)).toBe('2023-11-14T22:13:20.000Z')
    expect(auto(1700000000123)).toBe('2023-11-14T22:13:20.123Z')
    expect(auto('1700000000123456')).toBe('2023-11-14T22:13:20.123456Z')
    expect(auto('1700000000123456789')).toBe('2023-11-14T22:13:20.1234567Z')
    expect(createCoercer('datetime', { date: 'epoch-ms' })(1700000000)).toBe(
      '1970-01-20T16:13:20.000Z',
    )
    expect(createCoercer('datetime', { date: 'epoch-s' })('1700000000.5')).toBe(
      '2023-11-14T22:13:20.500Z',
    )
  })
  it('never guesses the day/month order', () => {
    expect(failReason(auto('03/04/2024'))).toMatch(/could be 3\/4 as day\/month or as month\/day/)
    expect(failReason(auto('25/04/2024 10:00'))).toMatch(/dd\/MM\/yyyy/)
    expect(failReason(auto('04/25/2024'))).toMatch(/MM\/dd\/yyyy/)
  })
  it('reads the chosen pattern, and refuses impossible dates', () => {
    const dmy = createCoercer('datetime', { date: 'dd/MM/yyyy HH:mm:ss' })
    expect(dmy('03/04/2024 10:20:30')).toBe('2024-04-03T10:20:30.000Z')
    expect(failReason(dmy('31/04/2024 10:20:30'))).toMatch(/day 31 does not exist in month 4/)
    expect(failReason(dmy('2024-04-03'))).toMatch(/does not match the date format/)
    const us = createCoercer('datetime', { date: 'M/d/yyyy h:mm tt' })
    expect(us('4/3/2024 1:05 PM')).toBe('2024-04-03T13:05:00.000Z')
    expect(us('4/3/2024 12:05 am')).toBe('2024-04-03T00:05:00.000Z')
    const named = createCoercer('datetime', { date: "dd MMM yyyy 'at' HH:mm zzz" })
    expect(named('05 Mar 2024 at 10:00 +01:00')).toBe('2024-03-05T09:00:00.000Z')
  })
  it('refuses text that is not a date, and iso mode refuses numbers', () => {
    expect(failReason(auto('yesterday'))).toMatch(/set a date format/)
    expect(failReason(auto('2024-13-01'))).toMatch(/month 13/)
    expect(failReason(auto('2024-02-30T00:00:00.000Z'))).toMatch(/day 30 does not exist/)
    expect(auto('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z')
    expect(createCoercer('datetime', { date: 'iso' })(1700000000)).toBeInstanceOf(CoercionFailure)
    expect(failReason(auto(true))).toMatch(/not a date/)
  })
})
