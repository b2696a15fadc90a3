import { describe, expect, it } from 'vitest'
import { compileMapping } from './compile-mapping'
import type { StreamColumn } from './mapping-schema'
import { draftMapping, editDistance, nameSimilarity, suggestMapping } from './suggest-mapping'

const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'SeverityLevel', type: 'string' },
  { name: 'Computer', type: 'string' },
  { name: 'UserName', type: 'string' },
  { name: 'RequestCount', type: 'int' },
  { name: 'Unrelated', type: 'string' },
]

function byColumn(suggestions: ReturnType<typeof suggestMapping>) {
  return Object.fromEntries(suggestions.map((s) => [s.column, s]))
}

describe('suggestMapping', () => {
  it('matches exact, case-insensitive, normalised, synonym and fuzzy names', () => {
    const result = byColumn(
      suggestMapping(
        ['@timestamp', 'msg', 'level', 'hostname', 'user_name', 'requestcnt', 'other'],
        STREAM,
      ),
    )
    expect(result.TimeGenerated).toMatchObject({ source: '@timestamp', match: 'synonym' })
    expect(result.Message).toMatchObject({ source: 'msg', match: 'synonym' })
    expect(result.SeverityLevel).toMatchObject({ source: 'level', match: 'synonym' })
    expect(result.Computer).toMatchObject({ source: 'hostname', match: 'synonym' })
    expect(result.UserName).toMatchObject({
      source: 'user_name',
      match: 'normalised',
      confidence: 0.9,
    })
    expect(result.RequestCount).toMatchObject({ source: 'requestcnt', match: 'fuzzy' })
    expect(result.RequestCount?.confidence).toBeLessThan(0.7)
    expect(result.Unrelated).toMatchObject({ source: null, confidence: 0, match: 'none' })
  })

  it('prefers the exact name and uses each source once', () => {
    const result = byColumn(suggestMapping(['Message', 'msg', 'message'], STREAM))
    expect(result.Message).toMatchObject({ source: 'Message', match: 'exact', confidence: 1 })
    expect(suggestMapping(['message'], STREAM).filter((s) => s.source !== null)).toHaveLength(1)
  })

  it('uses samples to avoid a synonym whose values do not fit the type', () => {
    const samples = [
      { time: 'morning', date: '2024-01-01T00:00:00Z' },
      { time: 'evening', date: '2024-01-02T00:00:00Z' },
      { time: 'noon', date: '2024-01-03T00:00:00Z' },
      { time: 'night', date: '2024-01-04T00:00:00Z' },
      { time: 'dawn', date: '2024-01-05T00:00:00Z' },
    ]
    const result = byColumn(suggestMapping(['time', 'date'], STREAM, samples))
    expect(result.TimeGenerated?.source).toBe('date')
  })

  it('matches nested paths by their last segment', () => {
    const result = byColumn(suggestMapping(['properties.message'], STREAM))
    expect(result.Message).toMatchObject({ source: 'properties.message' })
    expect(result.Message?.confidence).toBeCloseTo(0.86)
  })

  it('drafts a mapping that compiles, with an inferred date pattern', () => {
    const samples = [
      { when: '25/12/2024 10:00:00', msg: 'a' },
      { when: '26/12/2024 11:00:00', msg: 'b' },
    ]
    const suggestions = suggestMapping(['when', 'msg'], STREAM, samples)
    // No name matches; the values read as day-first times, so the time column is found by them.
    expect(byColumn(suggestions).TimeGenerated).toMatchObject({
      source: 'when',
      match: 'values',
      date: 'd/M/yyyy H:mm:ss',
    })
    suggestions[0] = { ...suggestions[0]!, source: 'when', confidence: 1, match: 'exact' }
    const mapping = draftMapping('Custom-App', suggestions, samples)
    expect(mapping.columns.TimeGenerated).toEqual({
      source: { kind: 'field', path: ['when'] },
      type: 'datetime',
      format: { date: 'd/M/yyyy H:mm:ss' },
    })
    const compiled = compileMapping(mapping, STREAM)
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
    expect(
      compiled.compiled.map({ when: '25/12/2024 10:00:00', msg: 'a' }, Date.now()),
    ).toMatchObject({
      ok: true,
      record: { TimeGenerated: '2024-12-25T10:00:00.000Z', Message: 'a' },
    })
  })
})

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(nameSimilarity('abc', 'abc')).toBe(1)
    expect(nameSimilarity('abcd', 'abxd')).toBe(0.75)
  })
})
