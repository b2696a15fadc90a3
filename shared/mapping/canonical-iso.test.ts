import { describe, expect, it } from 'vitest'
import { canonicalIsoBytesToEpochMs, canonicalIsoToEpochMs } from './canonical-iso'

describe('canonicalIsoToEpochMs', () => {
  it('agrees with Date.parse on canonical times across many days, including cache changes', () => {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 5000; i++) {
      const ms = (next() % 4_000_000) * 1_000_000 + (next() % 1000)
      const iso = new Date(ms).toISOString()
      expect(canonicalIsoToEpochMs(iso)).toBe(Date.parse(iso))
      // The same day twice in a row takes the cached day start.
      const later = new Date(ms - (ms % 86_400_000) + 86_399_999).toISOString()
      expect(canonicalIsoToEpochMs(later)).toBe(Date.parse(later))
    }
  })

  it('keeps years below 100 as they are', () => {
    expect(canonicalIsoToEpochMs('0050-06-01T00:00:00.000Z')).toBe(
      Date.parse('0050-06-01T00:00:00.000Z'),
    )
    expect(canonicalIsoToEpochMs('0001-01-01T00:00:00.000Z')).toBe(
      Date.parse('0001-01-01T00:00:00.000Z'),
    )
  })

  it('knows leap years', () => {
    expect(canonicalIsoToEpochMs('2024-02-29T12:00:00.000Z')).toBe(
      Date.parse('2024-02-29T12:00:00Z'),
    )
    expect(canonicalIsoToEpochMs('2000-02-29T12:00:00.000Z')).toBe(
      Date.parse('2000-02-29T12:00:00Z'),
    )
    expect(canonicalIsoToEpochMs('2023-02-29T12:00:00.000Z')).toBeNaN()
    expect(canonicalIsoToEpochMs('1900-02-29T12:00:00.000Z')).toBeNaN()
  })

  it.each([
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['month 13', '2024-13-01T00:00:00.000Z'],
    ['day 0', '2024-01-00T00:00:00.000Z'],
    ['April 31', '2024-04-31T00:00:00.000Z'],
    ['hour 24', '2024-01-01T24:00:00.000Z'],
    ['minute 60', '2024-01-01T00:60:00.000Z'],
    ['second 60', '2024-01-01T00:00:60.000Z'],
    ['a letter in the fraction', '2024-01-01T00:00:00.0a0Z'],
    ['a space instead of T', '2024-01-01 00:00:00.000Z'],
    ['an offset', '2024-01-01T00:00:00.000+01:00'],
    ['no fraction', '2024-01-01T00:00:00Z'],
    ['seven fraction digits', '2024-01-01T00:00:00.0000000Z'],
    ['lower-case z', '2024-01-01T00:00:00.000z'],
    ['a sign in the year', '+024-01-01T00:00:00.000Z'],
  ])('refuses %s', (_name, text) => {
    expect(canonicalIsoToEpochMs(text)).toBeNaN()
  })
})

describe('canonicalIsoBytesToEpochMs', () => {
  it('reads UTF-8 bytes as canonicalIsoToEpochMs reads text', () => {
    const texts = [
      '2024-03-04T05:06:07.123Z',
      '2024-02-29T23:59:59.999Z',
      '2023-02-29T00:00:00.000Z',
      '2024-03-04T24:00:00.000Z',
      '2024-03-04 05:06:07.123Z',
      '2024-03-04T05:06:07.12xZ',
      '0099-12-31T00:00:00.000Z',
    ]
    for (const text of texts) {
      const bytes = Buffer.from(`"${text}"`)
      expect(canonicalIsoBytesToEpochMs(bytes, 1)).toEqual(canonicalIsoToEpochMs(text))
    }
  })
})
