import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { FailedPage, FailedRecordView, FailedSummary } from '../../../../shared/models/history'
import { CAUSES, causeLabel } from './failure-causes'
import {
  INITIAL_FAILED_STATE,
  NO_NARROW,
  actionScope,
  failedReducer,
  listFilter,
  queryKey,
  type FailedState,
} from './failed-state'
import { editStartText, parseEdit, prefillFromMapping, sourceText } from './record-edit'
import { parseMapping } from '../../../../shared/mapping/mapping-schema'

function record(id: string, patch: Partial<FailedRecordView> = {}): FailedRecordView {
  return {
    id,
    cause: 'validation',
    fileName: 'sample.csv',
    fileIndex: 0,
    ordinal: 3,
    line: 5,
    byteOffset: 120,
    source: { time: '2026-01-01T00:00:00Z', Level: 'high' },
    mapped: null,
    edited: null,
    status: null,
    code: 'mapping/coercion-failed',
    column: 'Level',
    message: 'Level: "high" is not a whole number',
    requestId: null,
    clientRequestId: null,
    time: '2026-01-01T00:00:01Z',
    ...patch,
  }
}

const SUMMARY: FailedSummary = {
  jobId: 'j1',
  total: 5,
  groups: [
    { cause: 'validation', count: 3, exampleMessage: 'Level…', statuses: [] },
    { cause: 'http-400', count: 2, exampleMessage: 'Bad request', statuses: [400] },
  ],
  kinds: [
    {
      cause: 'validation',
      code: 'mapping/coercion-failed',
      column: 'Level',
      count: 3,
      exampleMessage: 'Level…',
    },
    { cause: 'http-400', code: null, column: null, count: 2, exampleMessage: 'Bad request' },
  ],
  files: [{ fileIndex: 0, name: 'sample.csv', count: 5 }],
  edited: 0,
}

function page(records: FailedRecordView[], offset = 0, total = records.length): FailedPage {
  return { jobId: 'j1', total, offset, records }
}

function loaded(): FailedState {
  let state = failedReducer(INITIAL_FAILED_STATE, { type: 'job-chosen', jobId: 'j1' })
  state = failedReducer(state, {
    type: 'summary-loaded',
    jobId: 'j1',
    result: { ok: true, value: SUMMARY },
  })
  return failedReducer(state, {
    type: 'page-loaded',
    jobId: 'j1',
    query: queryKey({ cause: null, narrow: NO_NARROW }),
    result: { ok: true, value: page([record('a'), record('b'), record('c')], 0, 5) },
  })
}

describe('failedReducer', () => {
  it('loads a job’s summary and pages, appending later pages', () => {
    let state = loaded()
    expect(state.records.map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(state.total).toBe(5)
    state = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey({ cause: null, narrow: NO_NARROW }),
      result: { ok: true, value: page([record('c'), record('d')], 3, 5) },
    })
    expect(state.records.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('drops answers for another job or group', () => {
    const state = loaded()
    const other = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j2',
      query: queryKey({ cause: null, narrow: NO_NARROW }),
      result: { ok: true, value: page([record('z')]) },
    })
    expect(other).toBe(state)
    const group = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey({ cause: 'http-400', narrow: NO_NARROW }),
      result: { ok: true, value: page([record('z')]) },
    })
    expect(group).toBe(state)
  })

  it('selects records and scopes export and retry to the selection, the group or all', () => {
    let state = loaded()
    expect(actionScope(state)).toEqual({ count: 5 })
    state = failedReducer(state, { type: 'cause-chosen', cause: 'validation' })
    expect(actionScope(state)).toEqual({ cause: 'validation', count: 3 })
    state = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey({ cause: 'validation', narrow: NO_NARROW }),
      result: { ok: true, value: page([record('a'), record('b'), record('c')]) },
    })
    state = failedReducer(state, { type: 'toggled', recordId: 'b', on: true })
    expect(actionScope(state)).toEqual({ recordIds: ['b'], count: 1 })
    state = failedReducer(state, { type: 'all-toggled', on: true })
    expect(state.selected).toEqual(['a', 'b', 'c'])
    state = failedReducer(state, { type: 'toggled', recordId: 'a', on: false })
    expect(state.selected).toEqual(['b', 'c'])
    // A reload without a record drops it from the selection.
    state = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey({ cause: 'validation', narrow: NO_NARROW }),
      result: { ok: true, value: page([record('a'), record('c')]) },
    })
    expect(state.selected).toEqual(['c'])
  })

  it('narrows to a kind, a file and error text, and asks the main side for just that', () => {
    let state = failedReducer(loaded(), {
      type: 'kind-chosen',
      cause: 'validation',
      code: 'mapping/coercion-failed',
      column: 'Level',
    })
    expect(state.records).toEqual([])
    state = failedReducer(state, { type: 'narrowed', fileIndex: 0, text: ' whole ' })
    expect(listFilter(state)).toEqual({
      cause: 'validation',
      code: 'mapping/coercion-failed',
      column: 'Level',
      fileIndex: 0,
      text: 'whole',
    })
    // A page asked for before the narrowing is dropped.
    const late = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey({ cause: 'validation', narrow: NO_NARROW }),
      result: { ok: true, value: page([record('z')]) },
    })
    expect(late).toBe(state)
    // Export and retry act on what is shown only once all of it is loaded.
    expect(actionScope(state)).toEqual({ recordIds: [], count: 0 })
    state = failedReducer(state, {
      type: 'page-loaded',
      jobId: 'j1',
      query: queryKey(state),
      result: { ok: true, value: page([record('a'), record('b')], 0, 2) },
    })
    expect(actionScope(state)).toEqual({ recordIds: ['a', 'b'], count: 2 })
    // Choosing the cause again keeps the file and text but drops the kind.
    state = failedReducer(state, { type: 'cause-chosen', cause: 'validation' })
    expect(listFilter(state)).toEqual({ cause: 'validation', fileIndex: 0, text: 'whole' })
  })

  it('forgets deleted records, their selection and their open details', () => {
    let state = failedReducer(loaded(), { type: 'toggled', recordId: 'b', on: true })
    state = failedReducer(state, { type: 'opened', recordId: 'b' })
    state = failedReducer(state, { type: 'deleted', ids: ['b'] })
    expect(state.records.map((r) => r.id)).toEqual(['a', 'c'])
    expect(state).toMatchObject({ total: 4, selected: [], open: null })
    state = failedReducer(state, { type: 'deleted', ids: 'all' })
    expect(state).toMatchObject({ records: [], total: 0 })
  })

  it('edits a record: parse errors at once, the main side’s verdict after saving', () => {
    let state = failedReducer(loaded(), { type: 'edit-started', record: record('b') })
    expect(state.open).toBe('b')
    expect(JSON.parse(state.edit?.text ?? '')).toEqual({
      time: '2026-01-01T00:00:00Z',
      Level: 'high',
    })
    state = failedReducer(state, { type: 'edit-changed', text: '{"Level": 3' })
    expect(state.edit?.parseError).toMatch(/^This is not valid JSON/)
    state = failedReducer(state, { type: 'edit-saving' })
    expect(state.edit?.saving).toBe(false)
    state = failedReducer(state, { type: 'edit-changed', text: '{"Level": 3}' })
    expect(state.edit?.parseError).toBeNull()
    state = failedReducer(state, { type: 'edit-saving' })
    expect(state.edit?.saving).toBe(true)
    state = failedReducer(state, {
      type: 'edit-saved',
      result: {
        ok: true,
        value: {
          valid: false,
          issues: [
            { column: 'Time', code: 'mapping/required-missing', reason: 'Time has no value' },
          ],
        },
      },
    })
    expect(state.edit?.validation).toMatchObject({ valid: false })
    expect(state.records.find((r) => r.id === 'b')?.edited).toBeNull()
    state = failedReducer(state, {
      type: 'edit-saved',
      result: {
        ok: true,
        value: { valid: true, record: { Level: 3, Time: '2026-01-01T00:00:00.000Z' } },
      },
    })
    expect(state.records.find((r) => r.id === 'b')?.edited).toEqual({
      Level: 3,
      Time: '2026-01-01T00:00:00.000Z',
    })
    state = failedReducer(state, {
      type: 'edit-saved',
      result: { ok: false, error: errorData('failed/edits-unwritable') },
    })
    expect(state.edit?.error?.code).toBe('failed/edits-unwritable')
  })
})

describe('record editing helpers', () => {
  it('starts from the edited, else the mapped, else the source record', () => {
    expect(JSON.parse(editStartText(record('a', { mapped: { Level: 1 } })))).toEqual({ Level: 1 })
    expect(
      JSON.parse(editStartText(record('a', { mapped: { Level: 1 }, edited: { Level: 2 } }))),
    ).toEqual({
      Level: 2,
    })
    expect(editStartText(record('a', { source: 'a,b,"c' }))).toBe('{}')
  })

  it('prefills a record that failed mapping with what converts and the bad value as it was', () => {
    const parsed = parseMapping({
      version: 1,
      stream: 'Custom-AppEvents',
      columns: {
        Time: { source: { kind: 'field', path: 'timestamp' }, type: 'datetime' },
        Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
        Bytes: { source: { kind: 'field', path: 'bytes' }, type: 'long' },
        Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
      },
      timePolicy: { column: 'Time' },
    })
    if (!parsed.ok) throw new Error('mapping must parse')
    const columns = [
      { name: 'Time', type: 'datetime' as const },
      { name: 'Level', type: 'int' as const },
      { name: 'Bytes', type: 'long' as const },
      { name: 'Host', type: 'string' as const },
    ]
    const source = {
      timestamp: '2026-01-01T00:00:00Z',
      level: 'high',
      bytes: 'lots',
      host: 'web-1',
    }
    const prefill = prefillFromMapping(
      source,
      parsed.mapping,
      columns,
      Date.parse('2026-01-01T01:00:00Z'),
    )
    expect(prefill).toEqual({
      Time: '2026-01-01T00:00:00.000Z',
      Level: 'high',
      Bytes: 'lots',
      Host: 'web-1',
    })
    expect(JSON.parse(editStartText(record('a'), prefill))).toEqual(prefill)
    expect(prefillFromMapping('a,b,c', parsed.mapping, columns, 0)).toBeNull()
  })

  it('accepts only a JSON object with columns', () => {
    expect(parseEdit('{"A": 1}')).toEqual({ ok: true, record: { A: 1 } })
    expect(parseEdit('[1]')).toMatchObject({ ok: false })
    expect(parseEdit('{}')).toEqual({ ok: false, message: 'The record has no columns.' })
    expect(parseEdit('nope')).toMatchObject({ ok: false })
    expect(sourceText('a,b')).toBe('a,b')
    expect(sourceText(undefined)).toBe('(not available)')
  })

  it('names every cause', () => {
    expect(causeLabel('http-403')).toBe('Not allowed (403)')
    expect(causeLabel('something-new')).toBe('something-new')
    expect(CAUSES['http-403'].editable).toBe(false)
  })
})
