import { describe, expect, it } from 'vitest'
import { AFTER_MS, BEFORE_MS, intersects, union, verifyWindows } from './verify-windows'

describe('verify windows', () => {
  it('merges overlapping and touching windows in order', () => {
    expect(
      union([
        { from: 10, to: 20 },
        { from: 0, to: 5 },
        { from: 15, to: 30 },
      ]),
    ).toEqual([
      { from: 0, to: 5 },
      { from: 10, to: 30 },
    ])
  })

  it('widens a run but stops at the next upload to the same table', () => {
    const own = [{ from: 1_000_000, to: 1_010_000 }]
    expect(verifyWindows(own, [])).toEqual([
      { from: 1_000_000 - BEFORE_MS, to: 1_010_000 + AFTER_MS },
    ])
    const next = { from: 1_010_500, to: 1_020_000 }
    const previous = { from: 990_000, to: 999_000 }
    expect(verifyWindows(own, [next, previous])).toEqual([{ from: 999_001, to: 1_010_499 }])
  })

  it('keeps its own runs even where another upload ran at the same time', () => {
    const own = [{ from: 0, to: 10_000 }]
    const other = [{ from: 5_000, to: 6_000 }]
    expect(intersects(own, other)).toBe(true)
    const windows = verifyWindows(own, other)
    expect(windows[0]).toEqual({ from: -BEFORE_MS, to: 10_000 + AFTER_MS })
  })
})
