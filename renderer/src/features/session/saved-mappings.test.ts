import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { draftFromSuggestions, toMapping } from '../mapping/mapping-draft'
import { INITIAL_MAPPING_STATE, mappingReducer, type MappingState } from '../mapping/mapping-state'
import { savedMappingsAfter } from './saved-mappings'

const COLUMNS: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
]
const automatic = draftFromSuggestions({
  stream: 'Custom-Ops',
  columns: COLUMNS,
  sources: ['time', 'msg', 'text'],
  samples: [{ time: '2026-01-01T00:00:00Z', msg: 'hello', text: 'other' }],
})
const build = (draft: Parameters<typeof toMapping>[0]) => {
  const built = toMapping(draft)
  return built.ok ? built.mapping : null
}

function opened(key = 'k'): MappingState {
  return mappingReducer(INITIAL_MAPPING_STATE, { type: 'opened', key, automatic })
}

function edited(key = 'k'): MappingState {
  return mappingReducer(opened(key), {
    type: 'source-changed',
    column: 'Message',
    source: { kind: 'field', path: 'text' },
  })
}

describe('savedMappingsAfter', () => {
  it('keeps an edit as mapping JSON under its key, and restoring it gives the same draft', () => {
    const next = savedMappingsAfter({}, { shape: edited() }, build)
    const kept = next['shape']
    expect(kept?.key).toBe('k')
    expect(kept?.mapping.columns['Message']?.source).toEqual({ kind: 'field', path: 'text' })
    const restored = mappingReducer(INITIAL_MAPPING_STATE, {
      type: 'opened',
      key: 'k',
      automatic,
      restored: kept?.mapping,
    })
    expect(restored.edited).toBe(true)
    expect(restored.draft).toEqual(edited().draft)
  })

  it('answers the same object when nothing changed (no write)', () => {
    const saved = savedMappingsAfter({}, { shape: edited() }, build)
    expect(savedMappingsAfter(saved, { shape: edited() }, build)).toBe(saved)
    expect(savedMappingsAfter({}, { shape: opened() }, build)).toEqual({})
  })

  it('forgets a shape reset to the automatic match', () => {
    const saved = savedMappingsAfter({}, { shape: edited() }, build)
    const reset = mappingReducer(edited(), { type: 'reset-all' })
    expect(savedMappingsAfter(saved, { shape: reset }, build)).toEqual({})
  })

  it('keeps edits of shapes not open yet, and edits that no longer fit until accepted', () => {
    const saved = savedMappingsAfter({}, { a: edited('old'), b: edited() }, build)
    // After a reload: `b` not open yet; `a` opened for other columns (a new key), not edited.
    expect(savedMappingsAfter(saved, { a: opened('new') }, build)).toBe(saved)
  })

  it('keeps the last good mapping while a draft does not build', () => {
    const saved = savedMappingsAfter({}, { shape: edited() }, build)
    expect(savedMappingsAfter(saved, { shape: edited() }, () => null)).toBe(saved)
  })
})
