import { describe, expect, it } from 'vitest'
import { describeSourceWarnings, mergeSourceWarnings } from './source-warnings'

describe('source warnings', () => {
  it('adds up counts by code, keeping the first example and the order first seen', () => {
    const merged = mergeSourceWarnings([
      [{ code: 'parse/csv-blank-row', count: 2, example: 'a.csv line 3' }],
      undefined,
      [
        { code: 'parse/invalid-utf8', count: 1, example: 'b.csv line 2' },
        { code: 'parse/csv-blank-row', count: 5, example: 'b.csv line 9' },
      ],
    ])
    expect(merged).toEqual([
      { code: 'parse/csv-blank-row', count: 7, example: 'a.csv line 3' },
      { code: 'parse/invalid-utf8', count: 1, example: 'b.csv line 2' },
    ])
  })

  it('says each kind in one sentence: how many, what it means, the first one', () => {
    const [line] = describeSourceWarnings([
      { code: 'parse/no-records', count: 1200, example: 'h.csv holds no records' },
    ])
    expect(line).toBe(
      '1,200 × This file holds no records (for example only a header row, or an empty array), so nothing was sent from it. First: h.csv holds no records',
    )
    expect(describeSourceWarnings(undefined)).toEqual([])
  })
})
