import { describe, expect, it } from 'vitest'
import { compileDatePattern, resolveYear } from './date-pattern'

describe('compileDatePattern', () => {
  it('refuses patterns without a full date or with an unknown letter', () => {
    expect(compileDatePattern('HH:mm')).toMatchObject({ ok: false, reason: /month and a day/ })
    expect(compileDatePattern('y')).toMatchObject({ ok: false, reason: /use yyyy/ })
    expect(compileDatePattern('yyyy-MM')).toMatchObject({ ok: false, reason: /needs a day/ })
    expect(compileDatePattern('yyyy-MM-dd hh:mm')).toMatchObject({ ok: false, reason: /tt/ })
    expect(compileDatePattern('yyyy-MM-dd Q')).toMatchObject({ ok: false, reason: /"Q"/ })
    expect(compileDatePattern("yyyy-MM-dd 'x")).toMatchObject({ ok: false, reason: /unclosed/ })
  })
  it('reads two-digit years around 2000 and fractions of any length', () => {
    const compiled = compileDatePattern('dd.MM.yy HH:mm:ss.fff')
    if (!compiled.ok) throw new Error(compiled.reason)
    expect(compiled.parse('01.02.24 03:04:05.6')).toMatchObject({ year: 2024, fraction: '6' })
    expect(compiled.parse('01.02.99 03:04:05.600')).toMatchObject({ year: 1999 })
    expect(compiled.parse('29.02.23 00:00:00.000')).toBe('day 29 does not exist in month 2 of 2023')
  })
})

describe('day names and year-less times', () => {
  it('checks a day name against the date', () => {
    const compiled = compileDatePattern('EEE MMM dd HH:mm:ss yyyy')
    if (!compiled.ok) throw new Error(compiled.reason)
    expect(compiled.parse('Sun Dec 04 04:47:44 2005')).toMatchObject({ year: 2005, month: 12 })
    expect(compiled.parse('Mon Dec 04 04:47:44 2005')).toBe('2005-12-04 is a Sunday, not a Monday')
    expect(compiled.parse('Xyz Dec 04 04:47:44 2005')).toBe('"Xyz" is not an English day name')
  })
  it('takes this year, last year when this one would be ahead, or the year set', () => {
    const compiled = compileDatePattern('MMM d HH:mm:ss')
    if (!compiled.ok) throw new Error(compiled.reason)
    expect(compiled.hasYear).toBe(false)
    const parts = compiled.parse('Dec 31 23:00:00')
    if (typeof parts === 'string') throw new Error(parts)
    const march = Date.parse('2026-03-01T00:00:00Z')
    expect(resolveYear(parts, march, undefined)).toMatchObject({ year: 2025 })
    const june = compiled.parse('Jun 14 15:16:01')
    if (typeof june === 'string') throw new Error(june)
    expect(resolveYear(june, Date.parse('2026-06-14T15:00:00Z'), undefined)).toMatchObject({
      year: 2026,
    })
    expect(resolveYear(june, march, 2019)).toMatchObject({ year: 2019 })
    const leap = compiled.parse('Feb 29 00:00:00')
    if (typeof leap === 'string') throw new Error(leap)
    expect(resolveYear(leap, march, undefined)).toBe('day 29 does not exist in month 2 of 2026')
  })
})
