import { describe, expect, it } from 'vitest'
import { countRanges, OrdinalSet } from './interval-set'

describe('countRanges', () => {
  it('counts the records inclusive ranges cover', () => {
    expect(
      countRanges([
        [0, 0, 2],
        [0, 5, 5],
      ]),
    ).toBe(4)
  })
})

describe('OrdinalSet', () => {
  it('merges overlapping and adjacent ranges added in any order', () => {
    const set = new OrdinalSet()
    set.add(0, 10, 19)
    set.add(0, 0, 4)
    set.add(0, 5, 9)
    set.add(0, 30)
    set.add(1, 0, 2)
    expect(set.coversAll(0, 20)).toBe(true)
    expect(set.coversAll(0, 21)).toBe(false)
    expect(set.count(0)).toBe(21)
    const hits = Array.from({ length: 32 }, (_, i) => set.has(0, i))
    expect(hits.filter(Boolean).length).toBe(21)
    expect(set.has(0, 30)).toBe(true)
    expect(set.has(0, 31)).toBe(false)
    expect(set.has(2, 0)).toBe(false)
  })

  it('answers out-of-order questions correctly too', () => {
    const set = new OrdinalSet()
    set.addRanges([
      [0, 100, 200],
      [0, 5, 6],
    ])
    expect(set.has(0, 150)).toBe(true)
    expect(set.has(0, 5)).toBe(true)
    expect(set.has(0, 50)).toBe(false)
    expect(set.has(0, 200)).toBe(true)
    expect(set.has(0, 4)).toBe(false)
  })

  it('counts what a request held that is not in the set', () => {
    const set = new OrdinalSet()
    set.add(0, 0, 9)
    expect(set.countMissing([[0, 5, 14]])).toBe(5)
    expect(set.coversAll(3, 0)).toBe(true)
  })
})
