import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { draftFromSuggestions, type MappingDraft } from './mapping-draft'
import { checkPreview } from './preview-check'
import { outsideWindow, timeCandidates, timeReport } from './time-assistant'

const NOW = Date.parse('2024-06-02T12:00:00.000Z')

const COLUMNS: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Host', type: 'string' },
  { name: 'Count', type: 'int' },
  { name: 'Flag', type: 'boolean' },
]

/** Two good rows, one with a count that is not a number, one a week old, one without a time. */
const RECORDS = [
  { time: '2024-06-02T10:00:00Z', host: 'a', count: '1', flag: 'yes', extra: 'x' },
  { time: '2024-06-02T11:00:00Z', host: 'b', count: '2', flag: 'no', extra: 'y' },
  { time: '2024-06-02T11:30:00Z', host: 'c', count: 'many', flag: 'no', extra: 'z' },
  { time: '2024-05-26T11:30:00Z', host: 'd', count: '4', flag: 'true', extra: 'w' },
  { time: '', host: 'e', count: '5', flag: 'false', extra: 'v' },
]
const HEADERS = ['time', 'host', 'count', 'flag', 'extra']

function draft(): MappingDraft {
  return draftFromSuggestions({
    stream: 'Custom-CsvImport',
    columns: COLUMNS,
    sources: HEADERS,
    samples: RECORDS,
  })
}

describe('checkPreview', () => {
  it('counts failing records per column with their reasons and row numbers', () => {
    const check = checkPreview({
      draft: draft(),
      columns: COLUMNS,
      headers: HEADERS,
      records: RECORDS,
      nowMs: NOW,
    })
    expect(check.issues).toEqual([])
    expect(check.records).toBe(5)
    expect(check.passed).toBe(3)
    expect(check.failed).toBe(2)
    expect(check.failures.map((f) => [f.column, f.count])).toEqual([
      ['Count', 1],
      ['TimeGenerated', 1],
    ])
    expect(check.failures[0]?.byCode).toEqual({ 'mapping/coercion-failed': 1 })
    expect(check.failures[0]?.examples[0]?.row).toBe(2)
    expect(check.failures[0]?.examples[0]?.reason).toContain('many')
    expect(check.failures[1]?.byCode).toEqual({ 'mapping/required-missing': 1 })
    // The week-old record is sent (policy send) and flagged.
    expect(check.timeFlagged).toBe(1)
    expect(check.droppedSources).toEqual(['extra'])
    expect(check.unfilled).toEqual([])
    expect(check.results).toHaveLength(5)
    expect(check.results[0]).toMatchObject({
      ok: true,
      record: { TimeGenerated: '2024-06-02T10:00:00.000Z', Host: 'a', Count: 1, Flag: true },
    })
  })

  it('follows the time policy: fail keeps old records out', () => {
    const base = draft()
    const strict: MappingDraft = {
      ...base,
      timePolicy: { ...base.timePolicy, outsideWindow: 'fail', missing: 'service-time' },
    }
    const check = checkPreview({
      draft: strict,
      columns: COLUMNS,
      headers: HEADERS,
      records: RECORDS,
      nowMs: NOW,
    })
    expect(check.failed).toBe(2)
    expect(check.timeFlagged).toBe(0)
    const time = check.failures.find((f) => f.column === 'TimeGenerated')
    expect(time?.byCode).toEqual({ 'mapping/time-outside-window': 1 })
  })

  it('returns compile issues instead of results when the stream disagrees', () => {
    const columns: StreamColumn[] = COLUMNS.map((c) =>
      c.name === 'Count' ? { ...c, type: 'long' } : c,
    )
    const check = checkPreview({
      draft: draft(),
      columns,
      headers: HEADERS,
      records: RECORDS,
      nowMs: NOW,
    })
    expect(check.issues).toEqual([
      expect.objectContaining({ column: 'Count', code: 'mapping/type-mismatch' }),
    ])
    expect(check.results).toEqual([])
  })
})

describe('the TimeGenerated assistant', () => {
  it('finds time-like fields with the format they need', () => {
    const samples = [
      { when: '25/12/2024 10:00', createdAt: 1717322400, name: 'x' },
      { when: '01/12/2024 11:00', createdAt: 1717322460, name: 'y' },
    ]
    const found = timeCandidates(['when', 'createdAt', 'name'], samples)
    expect(found.map((c) => [c.path, c.date])).toEqual(
      expect.arrayContaining([
        ['when', 'd/M/yyyy H:mm'],
        ['createdAt', 'epoch-s'],
      ]),
    )
    expect(found.some((c) => c.path === 'name')).toBe(false)
  })

  it('sorts the preview times into the window Azure keeps', () => {
    const records = [
      ...RECORDS,
      { time: '2024-06-04T12:00:00Z', host: 'f', count: '1', flag: 'no', extra: '' },
      { time: 'soon', host: 'g', count: '1', flag: 'no', extra: '' },
    ]
    const report = timeReport(draft(), records, NOW)
    expect(report).toMatchObject({
      column: 'TimeGenerated',
      source: 'field',
      records: 7,
      inWindow: 3,
      tooOld: 1,
      tooNew: 1,
      missing: 1,
      unreadable: 1,
      earliest: '2024-05-26T11:30:00.000Z',
      latest: '2024-06-04T12:00:00.000Z',
    })
    expect(report.unreadableExamples[0]).toContain('soon')
    expect(outsideWindow(report)).toBe(2)
  })

  it('treats "now" as always inside and an unmapped time column as missing', () => {
    const base = draft()
    const now: MappingDraft = {
      ...base,
      columns: base.columns.map((row) =>
        row.column === 'TimeGenerated' ? { ...row, source: { kind: 'now' } } : row,
      ),
    }
    expect(timeReport(now, RECORDS, NOW)).toMatchObject({ source: 'now', inWindow: 5 })
    const none: MappingDraft = {
      ...base,
      columns: base.columns.map((row) =>
        row.column === 'TimeGenerated' ? { ...row, source: { kind: 'none' } } : row,
      ),
    }
    expect(timeReport(none, RECORDS, NOW)).toMatchObject({ source: 'none', missing: 5 })
  })
})
