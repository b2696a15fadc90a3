import { describe, expect, it } from 'vitest'
import { compileDatePattern } from './date-pattern'

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
