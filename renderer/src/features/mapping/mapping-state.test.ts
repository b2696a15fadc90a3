import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { draftFromSuggestions, toMapping } from './mapping-draft'
import { INITIAL_MAPPING_STATE, mappingReducer, type MappingState } from './mapping-state'
import { matchBadge } from './match-badge'

const COLUMNS: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Computer', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'Message', type: 'string' },
  { name: 'Region', type: 'string' },
]
const SAMPLES = [
  { TimeGenerated: '2024-06-01T10:00:00Z', hostname: 'a', levl: '1', msg: 'hi' },
  { TimeGenerated: '2024-06-01T10:01:00Z', hostname: 'b', levl: '2', msg: 'ho' },
]

const automatic = draftFromSuggestions({
  stream: 'Custom-Ops',
  columns: COLUMNS,
  sources: ['TimeGenerated', 'hostname', 'levl', 'msg'],
  samples: SAMPLES,
})

function opened(): MappingState {
  return mappingReducer(INITIAL_MAPPING_STATE, { type: 'opened', key: 'k', automatic })
}

function row(state: MappingState, column: string) {
  const found = state.draft?.columns.find((r) => r.column === column)
  if (found === undefined) throw new Error(`no row ${column}`)
  return found
}

describe('matchBadge', () => {
  it('shows the kind of match and its confidence, and flags weak ones', () => {
    const state = opened()
    expect(matchBadge(row(state, 'TimeGenerated'))).toMatchObject({
      label: 'Exact · 100%',
      color: 'success',
      needsReview: false,
    })
    expect(matchBadge(row(state, 'Computer'))).toMatchObject({
      label: 'Synonym · 80%',
      color: 'informative',
    })
    const fuzzy = matchBadge(row(state, 'Level'))
    expect(fuzzy.label).toMatch(/^Similar name · \d+%$/)
    expect(fuzzy).toMatchObject({ color: 'warning', needsReview: true })
    expect(fuzzy.description).toContain('levl')
    expect(matchBadge(row(state, 'Region'))).toMatchObject({
      label: 'Not matched',
      needsReview: false,
    })
  })
})

describe('mappingReducer', () => {
  it('records the person’s override and can go back to the automatic match', () => {
    let state = opened()
    state = mappingReducer(state, {
      type: 'source-changed',
      column: 'Region',
      source: { kind: 'constant', text: 'westeurope' },
    })
    expect(row(state, 'Region')).toMatchObject({
      source: { kind: 'constant', text: 'westeurope' },
      origin: 'user',
    })
    expect(matchBadge(row(state, 'Region')).label).toBe('Your choice')
    expect(state.edited).toBe(true)

    state = mappingReducer(state, { type: 'reset-column', column: 'Region' })
    expect(row(state, 'Region')).toEqual(row(opened(), 'Region'))
  })

  it('clears the format when a column stops reading a field, keeps a given one', () => {
    let state = opened()
    state = mappingReducer(state, {
      type: 'format-changed',
      column: 'TimeGenerated',
      format: { date: 'epoch-ms' },
    })
    expect(row(state, 'TimeGenerated').format).toEqual({ date: 'epoch-ms' })
    state = mappingReducer(state, {
      type: 'source-changed',
      column: 'TimeGenerated',
      source: { kind: 'now' },
    })
    expect(row(state, 'TimeGenerated').format).toEqual({})
    state = mappingReducer(state, {
      type: 'source-changed',
      column: 'TimeGenerated',
      source: { kind: 'field', path: 'when' },
      format: { date: 'dd/MM/yyyy' },
    })
    expect(row(state, 'TimeGenerated').format).toEqual({ date: 'dd/MM/yyyy' })
  })

  it('changes the time policy and the column it checks', () => {
    let state = opened()
    state = mappingReducer(state, { type: 'time-policy-changed', outsideWindow: 'fail' })
    state = mappingReducer(state, { type: 'time-column-changed', column: 'TimeGenerated' })
    state = mappingReducer(state, { type: 'oversized-changed', oversizedValue: 'send' })
    expect(state.draft?.timePolicy).toEqual({
      column: 'TimeGenerated',
      outsideWindow: 'fail',
      missing: 'fail',
    })
    expect(state.draft?.oversizedValue).toBe('send')
  })

  it('applies a profile on open and says which of its columns did not fit', () => {
    const saved = toMapping(opened().draft ?? automatic)
    if (!saved.ok) throw new Error('must compile')
    const mapping = {
      ...saved.mapping,
      columns: {
        ...saved.mapping.columns,
        Level: { source: { kind: 'field' as const, path: 'severity' }, type: 'int' as const },
        Old: { source: { kind: 'now' as const }, type: 'datetime' as const },
      },
    }
    const state = mappingReducer(INITIAL_MAPPING_STATE, {
      type: 'opened',
      key: 'k',
      automatic,
      profile: { id: 'p1', name: 'Ops logs', mapping },
    })
    expect(state.profile).toEqual({ id: 'p1', name: 'Ops logs', how: 'applied', ignored: ['Old'] })
    expect(row(state, 'Level')).toMatchObject({
      source: { kind: 'field', path: 'severity' },
      origin: 'profile',
    })
    expect(state.edited).toBe(false)
    const resaved = mappingReducer(state, { type: 'profile-saved', id: 'p1', name: 'Ops logs v2' })
    expect(resaved.profile).toEqual({ id: 'p1', name: 'Ops logs v2', how: 'saved', ignored: [] })
    const reset = mappingReducer(state, { type: 'reset-all' })
    expect(reset.profile).toBeNull()
    expect(reset.draft).toBe(automatic)
  })

  it('ignores edits before anything is open', () => {
    const state = mappingReducer(INITIAL_MAPPING_STATE, { type: 'reset-all' })
    expect(state).toBe(INITIAL_MAPPING_STATE)
  })
})
