import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { draftFromSuggestions } from './mapping-draft'
import { INITIAL_MAPPING_STATE, mappingReducer } from './mapping-state'
import { checkPreview } from './preview-check'
import { dateFormatMessage, templateMessage } from './source-picker'
import { timeReport } from './time-assistant'

const COLUMNS: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'Props', type: 'dynamic' },
]
/** Rows as loghub's Linux sample has them: the time split over three columns, no year. */
const SAMPLES = [
  { Month: 'Jun', Date: '14', Time: '15:16:01', Level: 'combo', Content: 'check pass', Pid: '1' },
  {
    Month: 'Jun',
    Date: '15',
    Time: '02:04:59',
    Level: 'combo',
    Content: 'session opened',
    Pid: '2',
  },
]
const NOW = Date.parse('2026-12-07T12:00:00Z')
const automatic = draftFromSuggestions({
  stream: 'Custom-Linux',
  columns: COLUMNS,
  sources: ['Month', 'Date', 'Time', 'Level', 'Content', 'Pid'],
  samples: SAMPLES,
})
const opened = mappingReducer(INITIAL_MAPPING_STATE, { type: 'opened', key: 'k', automatic })

describe('the Map screen on a syslog-shaped file', () => {
  it('proposes the joined time, Content as Message and no text for the int Level', () => {
    const byColumn = Object.fromEntries(automatic.columns.map((row) => [row.column, row]))
    expect(byColumn.TimeGenerated?.source).toEqual({
      kind: 'template',
      template: '{Month} {Date} {Time}',
    })
    expect(byColumn.TimeGenerated?.format).toEqual({ date: 'MMM dd HH:mm:ss' })
    expect(byColumn.Message?.source).toEqual({ kind: 'field', path: 'Content' })
    expect(byColumn.Level?.source).toEqual({ kind: 'none' })
    const report = timeReport(automatic, SAMPLES, NOW)
    expect(report).toMatchObject({
      inWindow: 0,
      unreadable: 0,
      earliest: '2026-06-14T15:16:01.000Z',
    })
  })

  it('never throws while a date format is half typed, and says what is wrong', () => {
    for (const typed of ['y', 'HH:mm:ss', 'EEE MMM dd HH:mm:ss yyyy', "yyyy 'x", '']) {
      const state = mappingReducer(opened, {
        type: 'format-changed',
        column: 'TimeGenerated',
        format: typed === '' ? {} : { date: typed },
      })
      const draft = state.draft
      if (draft === null) throw new Error('no draft')
      const report = timeReport(draft, SAMPLES, NOW)
      const check = checkPreview({
        draft,
        columns: COLUMNS,
        headers: [],
        records: SAMPLES,
        nowMs: NOW,
      })
      const message = dateFormatMessage(typed)
      if (message === null) continue
      expect(report.unreadable).toBe(2)
      expect(report.unreadableExamples[0]).toMatch(/is not valid/)
      expect(check.issues[0]).toMatchObject({ path: 'TimeGenerated' })
    }
    expect(dateFormatMessage('y')).toMatch(/use yyyy/)
    expect(dateFormatMessage('HH:mm:ss')).toMatch(/needs a month and a day/)
    expect(dateFormatMessage('EEE MMM dd HH:mm:ss yyyy')).toBeNull()
  })

  it('names template fields the file lacks', () => {
    expect(templateMessage('{Month} {Day}', ['Month', 'Date'])).toMatch(/no field Day/)
    expect(templateMessage('{Month', ['Month'])).toMatch(/without its }/)
    expect(templateMessage('{Month} {Date}', ['Month', 'Date'])).toBeNull()
  })

  it('keeps unmapped fields in the chosen dynamic column, and nothing is dropped', () => {
    const state = mappingReducer(opened, { type: 'unmapped-changed', column: 'Props' })
    if (state.draft === null) throw new Error('no draft')
    const check = checkPreview({
      draft: state.draft,
      columns: COLUMNS,
      headers: ['Month', 'Date', 'Time', 'Level', 'Content', 'Pid'],
      records: SAMPLES,
      nowMs: NOW,
    })
    expect(check.droppedSources).toEqual([])
    expect(check.mapping?.unmappedTo).toBe('Props')
    expect(check.results[0]).toMatchObject({
      ok: true,
      record: { Props: { Level: 'combo', Pid: '1' } },
    })
  })
})
