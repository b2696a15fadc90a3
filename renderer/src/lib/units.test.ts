import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  plural,
} from './units'

describe('units', () => {
  it('formats sizes with binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB')
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GB')
    expect(formatBytes(Number.NaN)).toBe('–')
  })

  it('formats counts, rates and plurals', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatRate(1234.5, 'records')).toBe('1,235/s')
    expect(formatRate(2 * 1024 * 1024, 'bytes')).toBe('2.0 MB/s')
    expect(plural(1, 'record')).toBe('1 record')
    expect(plural(2000, 'record')).toBe('2,000 records')
    expect(plural(0, 'entry', 'entries')).toBe('0 entries')
  })

  it('formats durations from seconds to hours', () => {
    expect(formatDuration(300)).toBe('< 1 s')
    expect(formatDuration(4_200)).toBe('4 s')
    expect(formatDuration(65_000)).toBe('1 min 5 s')
    expect(formatDuration(120_000)).toBe('2 min')
    expect(formatDuration(3_723_000)).toBe('1 h 2 min')
    expect(formatDuration(-1)).toBe('–')
  })

  it('never shows 100% before the end', () => {
    expect(formatPercent(0.4567)).toBe('45%')
    expect(formatPercent(0.9999)).toBe('99%')
    expect(formatPercent(1, true)).toBe('100%')
    expect(formatPercent(1.5, true)).toBe('100%')
  })
})
