import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './retry-after'

const NOW = Date.parse('2025-01-01T12:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, NOW)).toBe(3000)
    expect(parseRetryAfter({ 'retry-after': ' 0 ' }, NOW)).toBe(0)
    expect(parseRetryAfter({ 'retry-after': '1.5' }, NOW)).toBe(1500)
  })

  it('reads an HTTP date relative to now, and a past date as zero', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 12:00:07 GMT' }, NOW)).toBe(7000)
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 11:59:00 GMT' }, NOW)).toBe(0)
  })

  it('prefers the millisecond headers Azure sends', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW)).toBe(250)
    expect(parseRetryAfter({ 'x-ms-retry-after-ms': '1200' }, NOW)).toBe(1200)
  })

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter({ 'retry-after': ['2', '30'] }, NOW)).toBe(2000)
  })

  it('ignores missing and malformed values', () => {
    expect(parseRetryAfter({}, NOW)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after': '' }, NOW)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after': '-5' }, NOW)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after': 'soon' }, NOW)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after': '12/31' }, NOW)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after-ms': 'abc', 'retry-after': '4' }, NOW)).toBe(4000)
  })
})
