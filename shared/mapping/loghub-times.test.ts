import { describe, expect, it } from 'vitest'
import { LOGHUB_SYSTEMS, readLoghub, type LoghubSystem } from '../../test/helpers/loghub'
import { compileMapping } from './compile-mapping'
import type { ColumnFormat, ColumnSource, StreamColumn } from './mapping-schema'
import { draftMapping, suggestMapping } from './suggest-mapping'

/**
 * Real structured logs nobody here wrote (loghub's samples): each gets a real TimeGenerated
 * from the suggested mapping alone, checked against the instant its first and last rows name.
 */

const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Computer', type: 'string' },
  { name: 'Component', type: 'string' },
  { name: 'ProcessId', type: 'int' },
  { name: 'EventId', type: 'string' },
  { name: 'Props', type: 'dynamic' },
]
/** The clock the year-less syslog times are read against. */
const NOW = Date.parse('2026-12-07T12:00:00Z')

const EXPECTED: Record<LoghubSystem, { first: string; last: string; source: string }> = {
  // Year-less: this year, or last year when this year's date would be in the future.
  Linux: {
    first: '2026-06-14T15:16:01.000Z',
    last: '2026-06-22T03:17:26.000Z',
    source: '{Month} {Date} {Time}',
  },
  OpenSSH: {
    first: '2025-12-10T06:55:46.000Z',
    last: '2025-12-10T08:24:50.000Z',
    source: '{Date} {Day} {Time}',
  },
  Apache: { first: '2005-12-04T04:47:44.000Z', last: '2005-12-04T06:16:10.000Z', source: 'Time' },
  HDFS: {
    first: '2008-11-09T20:36:15.000Z',
    last: '2008-11-10T01:14:06.000Z',
    source: '{Date} {Time}',
  },
  Spark: {
    first: '2017-06-09T20:10:40.000Z',
    last: '2017-06-09T20:10:53.000Z',
    source: '{Date} {Time}',
  },
  Windows: {
    first: '2016-09-28T04:30:30.000Z',
    last: '2016-09-28T04:30:32.000Z',
    source: '{Date} {Time}',
  },
  BGL: { first: '2005-06-03T22:42:50.000Z', last: '2005-06-14T16:21:59.000Z', source: 'Timestamp' },
}

/** What a person types on the Map screen, including a set year and a local zone. */
const HAND_SET: Record<
  LoghubSystem,
  { source: ColumnSource; format: ColumnFormat; first: string }
> = {
  Linux: {
    source: { kind: 'template', template: '{Month} {Date} {Time}' },
    format: { date: 'MMM d HH:mm:ss', year: 2005 },
    first: '2005-06-14T15:16:01.000Z',
  },
  OpenSSH: {
    source: { kind: 'template', template: '{Date} {Day} {Time}' },
    format: { date: 'MMM d HH:mm:ss', year: 2015 },
    first: '2015-12-10T06:55:46.000Z',
  },
  Apache: {
    source: { kind: 'field', path: 'Time' },
    format: { date: 'EEE MMM dd HH:mm:ss yyyy', timezone: '+01:00' },
    first: '2005-12-04T03:47:44.000Z',
  },
  HDFS: {
    source: { kind: 'template', template: '{Date}{Time}' },
    format: { date: 'yyMMddHHmmss' },
    first: '2008-11-09T20:36:15.000Z',
  },
  Spark: {
    source: { kind: 'template', template: '{Date} {Time}' },
    format: { date: 'yy/MM/dd HH:mm:ss' },
    first: '2017-06-09T20:10:40.000Z',
  },
  Windows: {
    source: { kind: 'template', template: '{Date}T{Time}' },
    format: { date: 'iso' },
    first: '2016-09-28T04:30:30.000Z',
  },
  BGL: {
    source: { kind: 'field', path: 'Time' },
    format: { date: 'yyyy-MM-dd-HH.mm.ss.ffffff', timezone: '-07:00' },
    first: '2005-06-03T22:42:50.675872Z',
  },
}

describe.each(LOGHUB_SYSTEMS)('loghub %s sample', (system) => {
  const { headers, records } = readLoghub(system)
  const suggestions = suggestMapping(headers, STREAM, records)
  const mapping = draftMapping(`Custom-${system}`, suggestions, records)

  it('gets a real TimeGenerated for every row from the suggested mapping', () => {
    const time = mapping.columns.TimeGenerated
    const source =
      time?.source.kind === 'template'
        ? time.source.template
        : time?.source.kind === 'field'
          ? String(time.source.path)
          : undefined
    expect(source).toBe(EXPECTED[system].source)
    const compiled = compileMapping(mapping, STREAM)
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
    const results = records.map((record) => compiled.compiled.map(record, NOW))
    const failed = results.flatMap((result, row) => (result.ok ? [] : [{ row, ...result }]))
    expect(failed).toEqual([])
    const times = results.map((result) => (result.ok ? result.record.TimeGenerated : undefined))
    expect(times[0]).toBe(EXPECTED[system].first)
    expect(times.at(-1)).toBe(EXPECTED[system].last)
  })

  it('reads the same instants when the time is set by hand as a user would', () => {
    const manual = HAND_SET[system]
    const compiled = compileMapping(
      {
        ...mapping,
        columns: {
          TimeGenerated: { source: manual.source, type: 'datetime', format: manual.format },
        },
      },
      STREAM,
    )
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
    const first = compiled.compiled.map(records[0] ?? {}, NOW)
    expect(first).toMatchObject({ ok: true, record: { TimeGenerated: manual.first } })
  })

  it('proposes the log synonyms and keeps text out of number columns', () => {
    const byColumn = Object.fromEntries(suggestions.map((s) => [s.column, s.source]))
    expect(byColumn.Message).toBe('Content')
    if (headers.includes('Level')) expect(byColumn.Level).toBe('Level')
    if (headers.includes('Component')) expect(byColumn.Component).toBe('Component')
    const pid = headers.find((header) => header.toLowerCase() === 'pid')
    if (pid !== undefined) expect(byColumn.ProcessId).toBe(pid)
  })
})
